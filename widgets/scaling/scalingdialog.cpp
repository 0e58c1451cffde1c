#include "widgets/scaling/scalingdialog.h"

#include "backend/fleet/fleet.h"
#include "widgets/models/servingcolours.h"
#include "widgets/scaledfont.h"
#include "widgets/scaling/scalecontroller.h"
#include "widgets/scaling/scalingform.h"

#include <QCoreApplication>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace gantry {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

QString valueText(const nlohmann::json &value)
{
    if (value.is_null())
        return QCoreApplication::translate("gantry::ScalingDialog", "(unset)");
    return value.is_string() ? qs(value.get<std::string>()) : qs(value.dump());
}

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

} // namespace

ScalingDialog::ScalingDialog(actions::ActionContext context, const QString &namespaceName, const QString &name,
                             std::shared_ptr<actions::ScaleAction> action, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Scaling — %1/%2").arg(namespaceName, name));
    m_controller = new ScaleController(std::move(context), namespaceName.toStdString(), name.toStdString(),
                                       std::move(action), this);
    connect(m_controller, &ScaleController::finished, this, &ScalingDialog::onFinished);
    connect(m_controller, &ScaleController::busyChanged, this, &ScalingDialog::updateButtons);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(fontMetrics().height() / 2);
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont = scaledFont(titleFont, 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setText(tr("Scaling of %1").arg(name));
    m_subtitle = new QLabel(this);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);

    m_form = new ScalingForm(this);
    connect(m_form, &ScalingForm::edited, this, &ScalingDialog::replan);
    layout->addWidget(m_form);

    auto *diffBox = new QGroupBox(tr("What Apply will send"), this);
    auto *diffLayout = new QVBoxLayout(diffBox);
    m_diff = new QLabel(diffBox);
    m_diff->setObjectName(QStringLiteral("scalingDiff"));
    m_diff->setWordWrap(true);
    m_diff->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_diff->setMinimumHeight(fontMetrics().height() * 3);
    m_diff->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    diffLayout->addWidget(m_diff);
    layout->addWidget(diffBox);

    m_status = new NoticeBar(this);
    m_status->setObjectName(QStringLiteral("scalingStatus"));
    layout->addWidget(m_status);

    auto *buttons = new QHBoxLayout;
    m_reload = new QPushButton(tr("Reload"), this);
    m_reload->setToolTip(tr("Read the InferenceService again; what you typed stays."));
    m_revert = new QPushButton(tr("Revert last change"), this);
    auto *close = new QPushButton(tr("Close"), this);
    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setDefault(true);
    buttons->addWidget(m_reload);
    buttons->addWidget(m_revert);
    buttons->addStretch(1);
    buttons->addWidget(close);
    buttons->addWidget(m_apply);
    layout->addLayout(buttons);
    connect(m_reload, &QPushButton::clicked, this, &ScalingDialog::reload);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_apply, &QPushButton::clicked, this, [this] {
        if (!m_plan || m_controller->busy() || m_readOnly)
            return;
        setStatus(NoticeBar::Kind::Info, tr("Applying: a server dry-run, then the patch…"));
        m_controller->apply(*m_plan);
    });
    connect(m_revert, &QPushButton::clicked, this, [this] {
        if (!m_controller->canRevert() || m_controller->busy() || m_readOnly)
            return;
        setStatus(NoticeBar::Kind::Info, tr("Reverting the last change…"));
        m_controller->revert();
    });

    if (m_controller->readOnlyClient())
        setReadOnly(true, tr("Gantry runs read-only: nothing can be changed from this console."));
    m_form->setEditable(false);
    updateHeader();
    showDiff();
    reload();
}

ScalingDialog::~ScalingDialog() = default;

bool ScalingDialog::busy() const
{
    return m_controller->busy();
}

QString ScalingDialog::statusText() const
{
    return m_status->isVisibleTo(this) ? m_status->text() : QString();
}

void ScalingDialog::reload()
{
    if (m_controller->busy())
        return;
    setStatus(NoticeBar::Kind::Info, tr("Reading %1/%2 from the cluster…")
                              .arg(qs(m_controller->namespaceName()), qs(m_controller->name())));
    m_controller->load();
}

void ScalingDialog::setReadOnly(bool readOnly, const QString &reason)
{
    m_readOnly = readOnly;
    m_readOnlyReason = readOnly ? reason : QString();
    updateButtons();
}

void ScalingDialog::applySnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    if (!snapshot)
        return;
    const std::string &ns = m_controller->namespaceName();
    const std::string &name = m_controller->name();
    std::shared_ptr<const fleet::Deployment> deployment =
        snapshot->deployments ? snapshot->deployments->find(ns, name) : nullptr;
    if (deployment) {
        m_form->setPolicy(deployment->scaling);
        if (const auto load = busiestReplicaLoad(*deployment))
            m_peak = peakLoad(m_peak, *load);
    }
    const fleet::ColdStartStats *stats = snapshot->coldStarts ? coldStartStatsOf(*snapshot->coldStarts, ns, name) : nullptr;
    m_form->setGuidance(scalingGuidance(m_peak, stats));
    fitHeight();
}

void ScalingDialog::fitHeight()
{
    if (!isVisible() || !layout())
        return;
    layout()->activate();
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width()) : sizeHint().height();
    if (needed > height())
        resize(width(), needed);
}

void ScalingDialog::replan()
{
    m_plan.reset();
    m_diffNote.clear();
    if (m_object.is_null()) {
        showDiff();
        updateButtons();
        return;
    }
    actions::Problems problems;
    const actions::ScaleChange change = m_form->change(&problems);
    if (!change.empty()) {
        auto planned = actions::ScaleAction::plan(m_object, change);
        if (planned && problems.empty())
            m_plan = std::move(*planned);
        else if (!planned)
            problems.insert(problems.end(), planned.error().problems().begin(), planned.error().problems().end());
    }
    const actions::Problems unplaced = m_form->showProblems(problems);
    if (change.empty() && problems.empty())
        m_diffNote = tr("Nothing yet: type a new value beside a setting.");
    else if (!problems.empty())
        m_diffNote = tr("Nothing, until the problems beside the fields are fixed.");
    for (const actions::Problem &problem : unplaced)
        m_diffNote = capitalised(qs(problem.message)) + QLatin1Char('.');
    showDiff();
    updateButtons();
    fitHeight();
}

void ScalingDialog::showDiff()
{
    const QString muted = servingcolours::muted(palette()).name();
    if (!m_plan) {
        m_diffPlain = m_object.is_null() ? tr("Waiting for the InferenceService to be read.") : m_diffNote;
        m_diff->setText(QStringLiteral("<span style=\"color:%1\">%2</span>").arg(muted, m_diffPlain.toHtmlEscaped()));
        return;
    }
    QStringList plain;
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
    for (const actions::FieldDiff &diff : m_plan->diffs) {
        const QString field = qs(diff.field);
        const QString before = valueText(diff.before);
        const QString after = valueText(diff.after);
        plain.append(field + QStringLiteral(": ") + before + QStringLiteral(" → ") + after);
        html += QStringLiteral("<tr><td style=\"color:%1\"><tt>%2</tt>&nbsp;&nbsp;</td><td>%3</td>"
                               "<td>&nbsp;→&nbsp;</td><td><b>%4</b></td></tr>")
                    .arg(muted, field.toHtmlEscaped(), before.toHtmlEscaped(), after.toHtmlEscaped());
    }
    html += QStringLiteral("</table><p style=\"color:%1\">%2</p>")
                .arg(muted, tr("One merge patch, guarded by resourceVersion %1: if anyone changes the object "
                               "first, the server refuses it and nothing is overwritten.")
                                .arg(qs(m_plan->resourceVersion))
                                .toHtmlEscaped());
    m_diffPlain = plain.join(QLatin1Char('\n'));
    m_diff->setText(html);
}

void ScalingDialog::updateButtons()
{
    const bool busy = m_controller->busy();
    m_apply->setEnabled(m_plan.has_value() && !busy && !m_readOnly);
    m_revert->setEnabled(m_controller->canRevert() && !busy && !m_readOnly);
    m_reload->setEnabled(!busy);
    m_form->setEditable(!busy && !m_object.is_null());
    if (m_readOnly) {
        m_apply->setToolTip(m_readOnlyReason);
        m_revert->setToolTip(m_readOnlyReason);
        return;
    }
    m_apply->setToolTip(m_plan ? tr("Dry-run on the server, then patch the InferenceService.")
                               : tr("Nothing to apply: %1").arg(m_diffNote));
    const auto last = m_controller->lastApplied();
    m_revert->setToolTip(last ? tr("Set these back:\n%1").arg(qs(last->summary()))
                              : tr("No change was applied from here yet."));
}

void ScalingDialog::updateHeader()
{
    QStringList parts{qs(m_controller->namespaceName())};
    if (!m_object.is_null()) {
        parts.append(tr("%1 mode").arg(QLatin1String(actions::deploymentModeName(m_form->mode()))));
        const auto version = m_object.value("/metadata/resourceVersion"_json_pointer, std::string());
        parts.append(tr("resourceVersion %1").arg(qs(version)));
    }
    m_subtitle->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                            .arg(servingcolours::muted(palette()).name(), parts.join(QStringLiteral(" · ")).toHtmlEscaped()));
}

void ScalingDialog::setStatus(NoticeBar::Kind kind, const QString &text)
{
    m_status->setNotice(kind, text);
    fitHeight();
}

QString ScalingDialog::conflictText(const actions::ActionError &error, bool reverting) const
{
    const QString who = qs(m_controller->namespaceName()) + QLatin1Char('/') + qs(m_controller->name());
    if (reverting)
        return tr("Not reverted: %1 was changed by someone else since your change, and their change stays. %2")
            .arg(who, qs(error.message()));
    return tr("%1 was changed by someone else since you opened this; nothing was overwritten. "
              "Reload to see the current values (what you typed stays), then apply again.")
        .arg(who);
}

void ScalingDialog::onFinished(const ScaleOutcome &outcome)
{
    using Kind = actions::ActionError::Kind;
    if (outcome.error) {
        const actions::ActionError &error = *outcome.error;
        if (error.kind() == Kind::Conflict)
            setStatus(NoticeBar::Kind::Error, conflictText(error, outcome.step == ScaleOutcome::Step::Revert));
        else
            setStatus(NoticeBar::Kind::Error, capitalised(qs(error.message())));
        updateButtons();
        return;
    }
    const bool keepEdits = outcome.step == ScaleOutcome::Step::Load;
    m_object = *outcome.object;
    m_form->setObject(m_object, keepEdits);
    updateHeader();
    switch (outcome.step) {
    case ScaleOutcome::Step::Load:
        setStatus(NoticeBar::Kind::Info, {});
        break;
    case ScaleOutcome::Step::Apply: {
        const auto last = m_controller->lastApplied();
        const QString summary = last ? qs(last->summary()) : QString();
        setStatus(NoticeBar::Kind::Success, tr("Applied. The autoscaler follows within seconds; the change can be reverted."));
        Q_EMIT changed(summary);
        break;
    }
    case ScaleOutcome::Step::Revert:
        setStatus(NoticeBar::Kind::Success, tr("Reverted: the fields are back to what they were before your change."));
        Q_EMIT changed(tr("reverted"));
        break;
    }
    replan();
}

} // namespace gantry

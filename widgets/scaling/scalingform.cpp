#include "widgets/scaling/scalingform.h"

#include "backend/actions/validation.h"
#include "widgets/coldstarts/durationtext.h"
#include "widgets/models/servingcolours.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>

#include <cmath>
#include <cstdio>

namespace gantry {

namespace {

using actions::DeploymentMode;

enum Column { SettingColumn, CurrentColumn, EditColumn, ProblemColumn };

QString number(double value)
{
    return QString::number(value, 'g', 10);
}

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

/// What a declared setting reads as in the form.
QString declaredText(const actions::ScalingSettings &s, const QString &what)
{
    const auto whole = [](const std::optional<std::int64_t> &v) { return v ? QString::number(*v) : QString(); };
    const auto real = [](const std::optional<double> &v) { return v ? number(*v) : QString(); };
    const auto duration = [](const std::optional<double> &v) { return v ? formatDuration(*v) : QString(); };
    if (what == QLatin1String("autoscalerClass"))
        return QString::fromStdString(s.autoscalerClass);
    if (what == QLatin1String("metric"))
        return QString::fromStdString(s.metric);
    if (what == QLatin1String("target"))
        return real(s.target);
    if (what == QLatin1String("targetUtilizationPercent"))
        return real(s.targetUtilizationPercent);
    if (what == QLatin1String("minReplicas"))
        return whole(s.minReplicas);
    if (what == QLatin1String("maxReplicas"))
        return whole(s.maxReplicas);
    if (what == QLatin1String("initialScale"))
        return whole(s.initialScale);
    if (what == QLatin1String("scaleDownDelay"))
        return duration(s.scaleDownDelaySeconds);
    if (what == QLatin1String("scaleToZeroRetention"))
        return duration(s.scaleToZeroRetentionSeconds);
    return {};
}

QStringList choicesFor(const QString &what, DeploymentMode mode)
{
    if (what == QLatin1String("autoscalerClass"))
        return mode == DeploymentMode::Knative ? QStringList{QStringLiteral("kpa"), QStringLiteral("hpa")}
                                               : QStringList{QStringLiteral("hpa"), QStringLiteral("keda"),
                                                             QStringLiteral("external"), QStringLiteral("none")};
    return mode == DeploymentMode::Knative
        ? QStringList{QStringLiteral("concurrency"), QStringLiteral("rps"), QStringLiteral("cpu"), QStringLiteral("memory")}
        : QStringList{QStringLiteral("cpu"), QStringLiteral("memory")};
}

/// Seconds from "90", "90s", "1m30s" or "1h".
std::optional<double> durationSeconds(const QString &text)
{
    bool ok = false;
    const double plain = text.toDouble(&ok);
    if (ok)
        return plain;
    return actions::parseGoDuration(text.toStdString());
}

} // namespace

ScalingForm::ScalingForm(QWidget *parent)
    : QWidget(parent)
{
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(fontMetrics().averageCharWidth() * 2);
    m_grid->setVerticalSpacing(fontMetrics().height() / 3);
    m_grid->setColumnStretch(ProblemColumn, 1);
    m_grid->setColumnMinimumWidth(ProblemColumn, fontMetrics().averageCharWidth() * 30);

    const QString headers[] = {tr("Current"), tr("New value")};
    for (int i = 0; i < 2; ++i) {
        m_header[i] = new QLabel(headers[i], this);
        m_grid->addWidget(m_header[i], 0, CurrentColumn + i);
    }

    using P = fleet::ScalingPolicy;
    addRow(QStringLiteral("autoscalerClass"), tr("Autoscaler class"), Kind::Choice, false, &P::autoscalerClass);
    addRow(QStringLiteral("metric"), tr("Metric"), Kind::Choice, false, &P::metric);
    addRow(QStringLiteral("target"), tr("Target per replica"), Kind::Decimal, false, &P::target);
    m_guidance = new QLabel(this);
    m_guidance->setObjectName(QStringLiteral("scalingGuidance"));
    m_guidance->setWordWrap(true);
    m_guidance->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_guidance->hide();
    m_grid->addWidget(m_guidance, m_grid->rowCount(), CurrentColumn, 1, 3);
    addRow(QStringLiteral("targetUtilizationPercent"), tr("Target utilization %"), Kind::Decimal, true,
           &P::targetUtilizationPercent);
    addRow(QStringLiteral("minReplicas"), tr("Min replicas"), Kind::Whole, false, &P::minReplicas);
    addRow(QStringLiteral("maxReplicas"), tr("Max replicas"), Kind::Whole, false, &P::maxReplicas);
    addRow(QStringLiteral("initialScale"), tr("Initial scale"), Kind::Whole, true, &P::initialScale);
    addRow(QStringLiteral("scaleDownDelay"), tr("Scale-down delay"), Kind::Duration, true, &P::scaleDownDelay);
    addRow(QStringLiteral("scaleToZeroRetention"), tr("Scale-to-zero retention"), Kind::Duration, true,
           &P::scaleToZeroRetention);
    m_grid->setRowStretch(m_grid->rowCount(), 1);
    refreshChoices();
    refreshCurrent();
    applyColours();
}

void ScalingForm::addRow(const QString &what, const QString &title, Kind kind, bool knativeOnly,
                         fleet::PolicyValue fleet::ScalingPolicy::*policyValue)
{
    Row row;
    row.what = what;
    row.kind = kind;
    row.knativeOnly = knativeOnly;
    row.policyValue = policyValue;
    row.label = new QLabel(title, this);
    row.current = new QLabel(this); // one line: the value and its source read together
    row.current->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QWidget *edit = nullptr;
    if (kind == Kind::Choice) {
        row.choice = new QComboBox(this);
        connect(row.choice, &QComboBox::currentIndexChanged, this, &ScalingForm::edited);
        edit = row.choice;
    } else {
        row.line = new QLineEdit(this);
        row.line->setPlaceholderText(kind == Kind::Duration ? tr("unchanged (e.g. 5m)") : tr("unchanged"));
        connect(row.line, &QLineEdit::textChanged, this, &ScalingForm::edited);
        edit = row.line;
    }
    edit->setObjectName(what);
    edit->setFixedWidth(fontMetrics().averageCharWidth() * 20);
    row.label->setBuddy(edit);
    row.problem = new QLabel(this);
    row.problem->setObjectName(what + QStringLiteral("Problem"));
    row.problem->setWordWrap(true);
    const int at = m_grid->rowCount();
    m_grid->addWidget(row.label, at, SettingColumn, Qt::AlignLeft | Qt::AlignVCenter);
    m_grid->addWidget(row.current, at, CurrentColumn);
    m_grid->addWidget(edit, at, EditColumn, Qt::AlignLeft | Qt::AlignVCenter);
    m_grid->addWidget(row.problem, at, ProblemColumn);
    m_rows.append(row);
}

const ScalingForm::Row *ScalingForm::row(const QString &what) const
{
    for (const Row &r : m_rows) {
        if (r.what == what)
            return &r;
    }
    return nullptr;
}

void ScalingForm::setObject(const nlohmann::json &service, bool keepEdits)
{
    const actions::ScalingSettings settings = actions::scalingSettingsOf(service);
    const bool modeChanged = settings.mode != m_mode;
    m_mode = settings.mode;
    for (Row &r : m_rows) {
        r.declared = declaredText(settings, r.what);
        const bool visible = m_mode == DeploymentMode::Knative || !r.knativeOnly;
        for (QWidget *w : {static_cast<QWidget *>(r.label), static_cast<QWidget *>(r.current),
                           r.line ? static_cast<QWidget *>(r.line) : r.choice, static_cast<QWidget *>(r.problem)})
            w->setVisible(visible);
    }
    if (modeChanged)
        refreshChoices();
    if (!keepEdits || modeChanged)
        clearEdits();
    refreshCurrent();
}

void ScalingForm::setPolicy(const fleet::ScalingPolicy &policy)
{
    if (m_policy && *m_policy == policy)
        return;
    m_policy = policy;
    refreshCurrent();
}

void ScalingForm::setGuidance(const QString &text)
{
    m_guidance->setText(text);
    m_guidance->setVisible(!text.isEmpty());
}

void ScalingForm::setEditable(bool editable)
{
    for (Row &r : m_rows) {
        if (r.line)
            r.line->setReadOnly(!editable);
        else
            r.choice->setEnabled(editable);
    }
}

void ScalingForm::clearEdits()
{
    const QSignalBlocker blocker(this);
    for (Row &r : m_rows) {
        if (r.line)
            r.line->clear();
        else
            r.choice->setCurrentIndex(0);
        r.problem->clear();
    }
}

void ScalingForm::refreshChoices()
{
    for (Row &r : m_rows) {
        if (!r.choice)
            continue;
        const QSignalBlocker blocker(r.choice);
        r.choice->clear();
        r.choice->addItem(tr("unchanged"));
        for (const QString &option : choicesFor(r.what, m_mode))
            r.choice->addItem(option, option);
    }
}

void ScalingForm::refreshCurrent()
{
    const QString muted = servingcolours::muted(palette()).name();
    for (Row &r : m_rows) {
        QString value = r.declared;
        QString source = value.isEmpty() ? QString() : tr("declared on the object");
        if (m_policy && r.policyValue && (*m_policy.*r.policyValue).applies()) {
            const fleet::PolicyValue &inForce = *m_policy.*r.policyValue;
            value = QString::fromStdString(inForce.value);
            source = QString::fromStdString(inForce.source);
        }
        r.currentPlain = value.isEmpty() ? tr("not set") : value + QStringLiteral(" · ") + source;
        if (value.isEmpty()) {
            r.current->setText(QStringLiteral("<span style=\"color:%1\">%2</span>").arg(muted, tr("not set")));
            continue;
        }
        r.current->setText(QStringLiteral("<b>%1</b> <span style=\"color:%2\">· %3</span>")
                               .arg(value.toHtmlEscaped(), muted, source.toHtmlEscaped()));
    }
}

void ScalingForm::applyColours()
{
    QPalette problemPalette = palette();
    problemPalette.setColor(QPalette::WindowText, servingcolours::critical(palette()));
    for (Row &r : m_rows)
        r.problem->setPalette(problemPalette);
    QPalette mutedPalette = palette();
    mutedPalette.setColor(QPalette::WindowText, servingcolours::muted(palette()));
    for (QLabel *header : m_header) {
        if (header)
            header->setPalette(mutedPalette);
    }
    m_guidance->setStyleSheet(QStringLiteral("QLabel { background: %1; border-left: 3px solid %2; padding: 4px 8px; }")
                                  .arg(palette().color(QPalette::AlternateBase).name(),
                                       palette().color(QPalette::Highlight).name()));
}

void ScalingForm::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyColours();
        refreshCurrent();
    }
}

QString ScalingForm::editText(const Row &r) const
{
    if (r.line)
        return r.line->text().trimmed();
    return r.choice->currentData().toString();
}

std::string ScalingForm::field(const Row &r) const
{
    return actions::scalingField(m_mode, r.what.toStdString());
}

actions::ScaleChange ScalingForm::change(actions::Problems *unreadable) const
{
    actions::ScaleChange change;
    const auto refuse = [&](const Row &r, const QString &text, const char *message) {
        if (unreadable)
            unreadable->push_back({field(r), message, text.toStdString()});
    };
    for (const Row &r : m_rows) {
        if (r.knativeOnly && m_mode != DeploymentMode::Knative)
            continue;
        const QString text = editText(r);
        if (text.isEmpty())
            continue;
        bool ok = false;
        if (r.kind == Kind::Whole) {
            const qlonglong value = text.toLongLong(&ok);
            if (!ok) {
                refuse(r, text, "must be a whole number");
                continue;
            }
            if (r.what == QLatin1String("minReplicas"))
                change.minReplicas = value;
            else if (r.what == QLatin1String("maxReplicas"))
                change.maxReplicas = value;
            else
                change.initialScale = value;
        } else if (r.kind == Kind::Decimal) {
            const double value = text.toDouble(&ok);
            if (!ok || !std::isfinite(value)) {
                refuse(r, text, "must be a number");
                continue;
            }
            if (r.what == QLatin1String("target"))
                change.target = value;
            else
                change.targetUtilizationPercent = value;
        } else if (r.kind == Kind::Duration) {
            const std::optional<double> seconds = durationSeconds(text);
            if (!seconds || *seconds < 0) {
                refuse(r, text, "must be a duration such as 90s, 5m or 1h");
                continue;
            }
            if (std::floor(*seconds) != *seconds) {
                refuse(r, text, "must be whole seconds");
                continue;
            }
            const auto whole = static_cast<std::int64_t>(*seconds);
            if (r.what == QLatin1String("scaleDownDelay"))
                change.scaleDownDelaySeconds = whole;
            else
                change.scaleToZeroRetentionSeconds = whole;
        } else if (r.what == QLatin1String("metric")) {
            change.metric = text.toStdString();
        } else {
            change.autoscalerClass = text.toStdString();
        }
    }
    return change;
}

actions::Problems ScalingForm::showProblems(const actions::Problems &problems)
{
    actions::Problems unplaced;
    for (Row &r : m_rows)
        r.problem->clear();
    for (const actions::Problem &problem : problems) {
        Row *target = nullptr;
        for (Row &r : m_rows) {
            if (field(r) == problem.field && r.problem->isVisibleTo(this))
                target = &r;
        }
        if (!target) {
            unplaced.push_back(problem);
            continue;
        }
        QString text = capitalised(QString::fromStdString(problem.message));
        if (!problem.value.empty())
            text += tr(" (you gave %1)").arg(QString::fromStdString(problem.value));
        target->problem->setText(target->problem->text().isEmpty() ? text
                                                                   : target->problem->text() + QLatin1Char('\n') + text);
    }
    return unplaced;
}

QWidget *ScalingForm::editor(const QString &what) const
{
    const Row *r = row(what);
    if (!r)
        return nullptr;
    return r->line ? static_cast<QWidget *>(r->line) : r->choice;
}

QString ScalingForm::problemText(const QString &what) const
{
    const Row *r = row(what);
    return r ? r->problem->text() : QString();
}

QString ScalingForm::currentText(const QString &what) const
{
    const Row *r = row(what);
    return r ? r->currentPlain : QString();
}

QString ScalingForm::guidanceText() const
{
    return m_guidance->text();
}

} // namespace gantry

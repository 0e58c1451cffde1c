#include "widgets/models/scalingpolicyform.h"

#include "widgets/models/servingcolours.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace gantry {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

ScalingPolicyForm::ScalingPolicyForm(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_grid = new QGridLayout;
    m_grid->setColumnStretch(1, 1);
    m_grid->setHorizontalSpacing(fontMetrics().averageCharWidth() * 2);
    m_grid->setVerticalSpacing(fontMetrics().height() / 4);
    layout->addLayout(m_grid);
    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("policyProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->hide();
    layout->addWidget(m_problems);
}

QList<ScalingPolicyForm::Entry> ScalingPolicyForm::entries(const fleet::ScalingPolicy &policy)
{
    QList<Entry> result;
    if (!policy.mode.empty())
        result.append({tr("Mode"), qs(policy.mode), qs(policy.modeSource)});
    const auto add = [&result](const QString &setting, const fleet::PolicyValue &value, const QString &suffix = {}) {
        if (value.applies())
            result.append({setting, (value.value.empty() ? tr("(empty)") : qs(value.value)) + suffix, qs(value.source)});
    };
    add(tr("Autoscaler"), policy.autoscalerClass);
    add(tr("Metric"), policy.metric);
    add(tr("Target"), policy.target);
    add(tr("Target utilization"), policy.targetUtilizationPercent, QStringLiteral(" %"));
    add(tr("Min replicas"), policy.minReplicas);
    const bool unlimited = policy.mode == "Knative" && policy.maxReplicas.value == "0";
    add(tr("Max replicas"), policy.maxReplicas, unlimited ? tr(" (unlimited)") : QString());
    add(tr("Initial scale"), policy.initialScale);
    add(tr("Scale-down delay"), policy.scaleDownDelay);
    add(tr("Scale-to-zero retention"), policy.scaleToZeroRetention);
    add(tr("Window"), policy.window);
    return result;
}

void ScalingPolicyForm::setPolicy(const fleet::ScalingPolicy &policy)
{
    if (m_hasPolicy && policy == m_policy)
        return;
    m_policy = policy;
    m_hasPolicy = true;
    m_entries = entries(policy);
    rebuild();
}

void ScalingPolicyForm::clear()
{
    m_policy = {};
    m_hasPolicy = false;
    m_entries.clear();
    rebuild();
}

void ScalingPolicyForm::rebuild()
{
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QString muted = servingcolours::muted(palette()).name();
    int row = 0;
    for (const Entry &entry : std::as_const(m_entries)) {
        auto *setting = new QLabel(entry.setting, this);
        setting->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        auto *value = new QLabel(this);
        value->setObjectName(QStringLiteral("policyValue"));
        value->setTextFormat(Qt::RichText);
        value->setWordWrap(true);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setText(entry.value.toHtmlEscaped() + QStringLiteral(" <span style=\"color:%1\">— %2</span>").arg(muted, entry.source.toHtmlEscaped()));
        m_grid->addWidget(setting, row, 0);
        m_grid->addWidget(value, row, 1);
        ++row;
    }
    QStringList problems;
    for (const std::string &problem : m_policy.problems)
        problems << QStringLiteral("⚠ ") + qs(problem).toHtmlEscaped();
    m_problems->setVisible(!problems.isEmpty());
    m_problems->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                            .arg(servingcolours::warning(palette()).name(), problems.join(QStringLiteral("<br>"))));
}

QString ScalingPolicyForm::rowText(const QString &setting) const
{
    for (const Entry &entry : m_entries) {
        if (entry.setting == setting)
            return entry.value + QStringLiteral(" — ") + entry.source;
    }
    return {};
}

QString ScalingPolicyForm::problemsText() const
{
    QStringList lines;
    for (const std::string &problem : m_policy.problems)
        lines << qs(problem);
    return lines.join(QLatin1Char('\n'));
}

void ScalingPolicyForm::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        rebuild();
}

} // namespace gantry

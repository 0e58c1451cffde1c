#include "widgets/models/deploymentdetailpane.h"

#include "widgets/models/replicatablemodel.h"
#include "widgets/models/scalingpolicyform.h"
#include "widgets/models/servingcolours.h"
#include "widgets/models/servingformat.h"
#include "widgets/models/servingitemdelegate.h"
#include "widgets/scaledfont.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace gantry {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

QString span(const QColor &colour, const QString &html)
{
    return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(colour.name(), html);
}

} // namespace

DeploymentDetailPane::DeploymentDetailPane(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);

    m_placeholder = new QLabel(tr("Select a model to see its replicas and scaling policy."), this);
    m_placeholder->setObjectName(QStringLiteral("detailPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    outer->addWidget(m_placeholder);

    m_body = new QWidget(this);
    outer->addWidget(m_body);
    auto *layout = new QVBoxLayout(m_body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(fontMetrics().height() / 3);

    m_name = new QLabel(m_body);
    m_name->setObjectName(QStringLiteral("detailName"));
    QFont nameFont = m_name->font();
    nameFont = scaledFont(nameFont, 1.35);
    nameFont.setWeight(QFont::DemiBold);
    m_name->setFont(nameFont);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_name);

    const auto addLabel = [this, layout](const QString &objectName) {
        auto *label = new QLabel(m_body);
        label->setObjectName(objectName);
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
        layout->addWidget(label);
        return label;
    };
    m_subtitle = addLabel(QStringLiteral("detailSubtitle"));
    m_url = addLabel(QStringLiteral("detailUrl"));
    m_conditions = addLabel(QStringLiteral("detailConditions"));
    m_failure = addLabel(QStringLiteral("detailFailure"));

    layout->addWidget(sectionTitle(tr("Replicas")));
    m_replicaModel = new ReplicaTableModel(this);
    m_replicas = new QTableView(m_body);
    m_replicas->setObjectName(QStringLiteral("replicaTable"));
    m_replicas->setModel(m_replicaModel);
    m_replicas->setItemDelegate(new ServingItemDelegate(ReplicaTableModel::SeverityRole, m_replicas));
    m_replicas->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_replicas->setShowGrid(false);
    m_replicas->setAlternatingRowColors(true);
    m_replicas->setWordWrap(false);
    m_replicas->verticalHeader()->hide();
    m_replicas->verticalHeader()->setDefaultSectionSize(fontMetrics().height() * 3 / 2);
    m_replicas->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Pod names are long and alike at the start: the end tells replicas apart.
    m_replicas->horizontalHeader()->setSectionResizeMode(ReplicaTableModel::Name, QHeaderView::Stretch);
    m_replicas->horizontalHeader()->setSectionResizeMode(ReplicaTableModel::State, QHeaderView::Stretch);
    m_replicas->setTextElideMode(Qt::ElideMiddle);
    m_replicas->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_replicas->horizontalHeader()->setHighlightSections(false);
    layout->addWidget(m_replicas);
    connect(m_replicaModel, &QAbstractItemModel::rowsInserted, this, &DeploymentDetailPane::fitReplicaTable);
    connect(m_replicaModel, &QAbstractItemModel::rowsRemoved, this, &DeploymentDetailPane::fitReplicaTable);
    connect(m_replicaModel, &QAbstractItemModel::modelReset, this, &DeploymentDetailPane::fitReplicaTable);
    fitReplicaTable();

    layout->addWidget(sectionTitle(tr("Scaling policy in force")));
    m_policy = new ScalingPolicyForm(m_body);
    m_policy->setObjectName(QStringLiteral("scalingPolicy"));
    layout->addWidget(m_policy);
    layout->addStretch(1);

    m_body->hide();
}

void DeploymentDetailPane::fitReplicaTable()
{
    // As tall as its rows (up to eight, then it scrolls), so the policy stays in view.
    const int rows = std::clamp(m_replicaModel->rowCount(), 1, 8);
    const int frame = m_replicas->frameWidth() * 2;
    m_replicas->setFixedHeight(m_replicas->horizontalHeader()->sizeHint().height() + rows * m_replicas->verticalHeader()->defaultSectionSize() + frame);
}

QLabel *DeploymentDetailPane::sectionTitle(const QString &text)
{
    auto *label = new QLabel(text, m_body);
    QFont font = label->font();
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    label->setContentsMargins(0, fontMetrics().height() / 2, 0, 0);
    return label;
}

void DeploymentDetailPane::setDeployment(const std::shared_ptr<const fleet::Deployment> &deployment, SystemTime now,
                                         const QString &coldStartSummary)
{
    m_replicaModel->setDeployment(deployment, now);
    const bool changed = deployment != m_deployment || coldStartSummary != m_coldStartSummary;
    m_deployment = deployment;
    m_coldStartSummary = coldStartSummary;
    m_placeholder->setVisible(!deployment);
    m_body->setVisible(bool(deployment));
    if (!deployment) {
        m_policy->clear();
        return;
    }
    m_policy->setPolicy(deployment->scaling);
    if (changed)
        updateHeader();
}

void DeploymentDetailPane::updateHeader()
{
    if (!m_deployment)
        return;
    const fleet::Deployment &d = *m_deployment;
    const QPalette pal = palette();
    const QColor muted = servingcolours::muted(pal);

    m_name->setText(qs(d.name));

    QStringList facts{qs(d.namespaceName)};
    if (!d.mode.empty())
        facts << qs(d.mode);
    if (!d.runtime.empty())
        facts << qs(d.runtime);
    if (!d.modelFormat.empty())
        facts << qs(d.modelFormat);
    facts << tr("%1 per replica").arg(d.gpusPerReplica == 1 ? tr("1 GPU") : tr("%1 GPUs").arg(servingformat::gpus(d.gpusPerReplica)));
    QString weights = tr("Weights from %1").arg(QString::fromUtf8(fleet::weightSourceName(d.weightSource)));
    if (!d.localModelCache.empty())
        weights += tr(" (LocalModelCache %1)").arg(qs(d.localModelCache));
    if (!d.storageUri.empty())
        weights += QStringLiteral(": ") + qs(d.storageUri);
    QString subtitle = span(muted, facts.join(QStringLiteral(" · ")).toHtmlEscaped()) + QStringLiteral("<br>") + span(muted, weights.toHtmlEscaped());
    if (!m_coldStartSummary.isEmpty())
        subtitle += QStringLiteral("<br>") + span(muted, m_coldStartSummary.toHtmlEscaped());
    m_subtitle->setText(subtitle);

    m_url->setVisible(!d.url.empty());
    m_url->setText(QStringLiteral("<a href=\"%1\" style=\"color:%2\">%1</a>").arg(qs(d.url).toHtmlEscaped(), pal.color(QPalette::Link).name()));

    // Healthy conditions share one line; each troubled one gets its own, with its message.
    QStringList healthy, conditions;
    for (const auto &condition : d.conditions) {
        const bool isFalse = condition.status == "False";
        const bool isTrue = condition.status == "True";
        const QColor colour = isTrue ? servingcolours::good(pal) : isFalse ? servingcolours::warning(pal) : muted;
        QString line = (isTrue ? QStringLiteral("✔ ") : isFalse ? QStringLiteral("✖ ") : QStringLiteral("? "));
        line = span(colour, line) + qs(condition.type).toHtmlEscaped();
        if (!isTrue) {
            QString why = qs(condition.reason);
            if (!condition.message.empty())
                why += (why.isEmpty() ? QString() : QStringLiteral(": ")) + qs(condition.message);
            if (!why.isEmpty())
                line += QStringLiteral(" ") + span(isFalse ? servingcolours::warning(pal) : muted, QStringLiteral("— ") + why.toHtmlEscaped());
        }
        (isTrue ? healthy : conditions) << line;
    }
    if (!d.modelState.empty())
        healthy << span(muted, tr("model state %1").arg(qs(d.modelState)) + (d.modelTransition.empty() ? QString() : QStringLiteral(", ") + qs(d.modelTransition)));
    if (!healthy.isEmpty())
        conditions.prepend(healthy.join(QStringLiteral("&nbsp;&nbsp;&nbsp; ")));
    m_conditions->setVisible(!conditions.isEmpty());
    m_conditions->setText(conditions.join(QStringLiteral("<br>")));

    m_failure->setVisible(!d.lastFailure.empty());
    m_failure->setText(span(servingcolours::critical(pal), tr("Last failure: %1").arg(qs(d.lastFailure)).toHtmlEscaped()));
}

void DeploymentDetailPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateHeader();
}

} // namespace gantry

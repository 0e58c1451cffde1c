#include "widgets/models/deploymenttablemodel.h"

#include "backend/fleet/fleet.h"
#include "widgets/models/servingcolours.h"
#include "widgets/models/servingformat.h"

namespace gantry {

namespace fmt = servingformat;
using servingcolours::Severity;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

double secondsBetween(SystemTime from, SystemTime to)
{
    return std::chrono::duration<double>(to - from).count();
}

/// "[1–10]" from the policy, "[0–∞]" for Knative's unlimited maximum, "" when the mode has no bounds.
QString replicaBounds(const fleet::ScalingPolicy &policy)
{
    if (!policy.minReplicas.applies() && !policy.maxReplicas.applies())
        return {};
    const QString min = policy.minReplicas.applies() ? qs(policy.minReplicas.value) : QStringLiteral("?");
    QString max = policy.maxReplicas.applies() ? qs(policy.maxReplicas.value) : QStringLiteral("?");
    if (policy.mode == "Knative" && max == QLatin1String("0"))
        max = QStringLiteral("∞");
    return QStringLiteral("[%1–%2]").arg(min, max);
}

QString conditionsSummary(const fleet::Deployment &deployment)
{
    QStringList lines;
    for (const auto &condition : deployment.conditions) {
        QString line = qs(condition.type) + QStringLiteral(": ") + qs(condition.status);
        if (condition.status != "True" && !condition.message.empty())
            line += QStringLiteral(" — ") + qs(condition.message);
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

DeploymentTableModel::DeploymentTableModel(QObject *parent)
    : KeyedRowsModel<DeploymentRow>(parent)
{
}

void DeploymentTableModel::setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    const auto previous = m_snapshot;
    m_snapshot = snapshot;
    if (!snapshot) {
        applyRows({});
        return;
    }
    refreshClock(snapshot->at);
    if (previous && previous->deployments == snapshot->deployments && previous->pools == snapshot->pools
        && previous->coldStarts == snapshot->coldStarts)
        return;
    applyRows(deploymentRows(*snapshot));
}

void DeploymentTableModel::refreshClock(SystemTime now)
{
    if (now == m_now)
        return;
    std::vector<int> changed;
    for (int i = 0; i < static_cast<int>(m_rows.size()); ++i) {
        const DeploymentRow &row = m_rows[static_cast<std::size_t>(i)];
        if (row.coldStartCreated && coldStartText(row, m_now) != coldStartText(row, now))
            changed.push_back(i);
    }
    m_now = now;
    emitColumnChanged(changed, LastColdStart);
}

std::shared_ptr<const fleet::Deployment> DeploymentTableModel::deployment(int row) const
{
    const DeploymentRow *entry = rowAt(row);
    return entry ? entry->deployment : nullptr;
}

const DeploymentRow *DeploymentTableModel::rowAt(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_rows.size()))
        return nullptr;
    return &m_rows[static_cast<std::size_t>(row)];
}

int DeploymentTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeploymentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::Alignment(section >= Replicas ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter));
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Replicas: return tr("Ready / desired replicas [minimum–maximum of the scaling policy]");
        case Requests: return tr("Requests running / waiting, summed over the replicas (vLLM)");
        case TtftP95: return tr("95th percentile time to first token, worst replica, last 5 minutes");
        case KvCache: return tr("KV-cache usage, mean over the replicas");
        case GpuUtilization: return tr("GPU utilization, mean over the deployment's GPUs (dcgm-exporter)");
        case LastColdStart: return tr("How long the most recent replica start took, and when it became ready");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Namespace: return tr("Namespace");
    case Mode: return tr("Mode");
    case WeightSource: return tr("Weights");
    case Replicas: return tr("Replicas");
    case Requests: return tr("Requests");
    case TtftP95: return tr("TTFT p95");
    case KvCache: return tr("KV cache");
    case GpuUtilization: return tr("GPU util");
    case LastColdStart: return tr("Last cold start");
    default: return {};
    }
}

QVariant DeploymentTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DeploymentRow &row = m_rows[static_cast<std::size_t>(index.row())];
    const fleet::Deployment &deployment = *row.deployment;
    switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case Qt::ToolTipRole: return toolTip(row, index.column());
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(index.column() >= Replicas ? Qt::AlignRight | Qt::AlignVCenter
                                                                            : Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::DecorationRole:
        if (index.column() != Name)
            return {};
        switch (static_cast<Severity>(deploymentSeverity(deployment))) {
        case Severity::Good: return servingcolours::statusReady();
        case Severity::Critical: return servingcolours::statusFailing();
        default: return servingcolours::statusProgressing();
        }
        return {};
    case SortRole: return sortValue(row, index.column());
    case KeyRole: return qs(row.rowKey);
    case FilterRole:
        return QStringList{qs(deployment.name), qs(deployment.namespaceName), QString::fromUtf8(fleet::weightSourceName(deployment.weightSource)),
                           qs(deployment.mode)}
            .join(QLatin1Char('\n'));
    case SeverityRole: return severity(row, index.column());
    default: return {};
    }
}

QVariant DeploymentTableModel::display(const DeploymentRow &row, int column) const
{
    const fleet::Deployment &d = *row.deployment;
    switch (column) {
    case Name: return qs(d.name);
    case Namespace: return qs(d.namespaceName);
    case Mode: return d.mode.empty() ? fmt::missing() : qs(d.mode);
    case WeightSource: return QString::fromUtf8(fleet::weightSourceName(d.weightSource));
    case Replicas: {
        const QString bounds = replicaBounds(d.scaling);
        const QString counts = QStringLiteral("%1/%2").arg(d.readyReplicas).arg(d.desiredReplicas);
        return bounds.isEmpty() ? counts : QString(counts + QLatin1Char(' ') + bounds);
    }
    case Requests:
        if (!d.requestsRunning && !d.requestsWaiting)
            return fmt::missing();
        return QString(fmt::orMissing(d.requestsRunning, fmt::count) + QStringLiteral(" / ") + fmt::orMissing(d.requestsWaiting, fmt::count));
    case TtftP95: return fmt::orMissing(d.ttftP95Seconds, fmt::seconds);
    case KvCache: return fmt::orMissing(d.kvCacheUsage, fmt::fraction);
    case GpuUtilization: return row.gpuUtilizationPercent ? fmt::percent(*row.gpuUtilizationPercent) : fmt::missing();
    case LastColdStart: return coldStartText(row, m_now);
    default: return {};
    }
}

QString DeploymentTableModel::coldStartText(const DeploymentRow &row, SystemTime now) const
{
    const auto seconds = row.coldStartSeconds(now);
    if (!seconds)
        return fmt::missing();
    if (!row.coldStartComplete || !row.coldStartReady)
        return tr("starting · %1").arg(fmt::seconds(*seconds));
    return fmt::seconds(*seconds) + QStringLiteral(" · ") + fmt::ago(secondsBetween(*row.coldStartReady, now));
}

QVariant DeploymentTableModel::sortValue(const DeploymentRow &row, int column) const
{
    const fleet::Deployment &d = *row.deployment;
    // Missing figures sort below every real one.
    const auto number = [](const std::optional<double> &value) { return value ? *value : -1.0; };
    switch (column) {
    case Name: return qs(d.name).toLower();
    case Namespace: return qs(d.namespaceName).toLower();
    case Mode: return qs(d.mode).toLower();
    case WeightSource: return QString::fromUtf8(fleet::weightSourceName(d.weightSource)).toLower();
    case Replicas: return d.readyReplicas * 100000.0 + d.desiredReplicas;
    case Requests:
        if (!d.requestsRunning && !d.requestsWaiting)
            return -1.0;
        return d.requestsRunning.value_or(0) + d.requestsWaiting.value_or(0);
    case TtftP95: return number(d.ttftP95Seconds);
    case KvCache: return number(d.kvCacheUsage);
    case GpuUtilization: return number(row.gpuUtilizationPercent);
    case LastColdStart: return number(row.coldStartSeconds(m_now));
    default: return {};
    }
}

QVariant DeploymentTableModel::toolTip(const DeploymentRow &row, int column) const
{
    const fleet::Deployment &d = *row.deployment;
    switch (column) {
    case Name: {
        QString text = qs(d.namespaceName) + QLatin1Char('/') + qs(d.name);
        if (!d.url.empty())
            text += QLatin1Char('\n') + qs(d.url);
        const QString conditions = conditionsSummary(d);
        if (!conditions.isEmpty())
            text += QLatin1Char('\n') + conditions;
        if (!d.lastFailure.empty())
            text += QLatin1Char('\n') + tr("Last failure: %1").arg(qs(d.lastFailure));
        return text;
    }
    case Mode: return d.scaling.modeSource.empty() ? QVariant() : tr("From %1").arg(qs(d.scaling.modeSource));
    case WeightSource: {
        QString text = d.storageUri.empty() ? tr("No storageUri") : qs(d.storageUri);
        if (!d.localModelCache.empty())
            text += QLatin1Char('\n') + tr("Cached on the nodes by LocalModelCache %1").arg(qs(d.localModelCache));
        return text;
    }
    case Replicas: {
        QString text = tr("%1 ready of %2 desired").arg(d.readyReplicas).arg(d.desiredReplicas);
        if (d.scaling.minReplicas.applies())
            text += QLatin1Char('\n') + tr("Minimum %1 (%2)").arg(qs(d.scaling.minReplicas.value), qs(d.scaling.minReplicas.source));
        if (d.scaling.maxReplicas.applies())
            text += QLatin1Char('\n') + tr("Maximum %1 (%2)").arg(qs(d.scaling.maxReplicas.value), qs(d.scaling.maxReplicas.source));
        return text;
    }
    case Requests:
    case TtftP95:
    case KvCache:
        if (!d.requestsRunning && !d.requestsWaiting && !d.ttftP95Seconds && !d.kvCacheUsage)
            return tr("No replica reports vLLM metrics");
        return {};
    case GpuUtilization:
        if (row.gpusReading > 0)
            return QString(tr("Mean over %1 with a reading").arg(fmt::counted(row.gpusReading, tr("GPU"), tr("GPUs")))
                           + (row.gpusFound > row.gpusReading ? tr("; %1 without one").arg(row.gpusFound - row.gpusReading) : QString()));
        if (row.gpusFound > 0)
            return tr("%1 held, none reports utilization: is dcgm-exporter scraped?").arg(fmt::counted(row.gpusFound, tr("GPU"), tr("GPUs")));
        return tr("No GPU of the pools is held by this deployment's pods");
    case LastColdStart: {
        if (!row.coldStartCreated)
            return tr("No replica start recorded");
        QString text = row.coldStartComplete ? tr("%1 became ready in %2").arg(qs(row.coldStartPod), fmt::seconds(*row.coldStartSeconds(m_now)))
                                             : tr("%1 is starting").arg(qs(row.coldStartPod));
        if (row.coldStartP95)
            text += QLatin1Char('\n') + tr("Cold-start p95 %1 over %2").arg(fmt::seconds(*row.coldStartP95), fmt::counted(static_cast<long long>(row.coldStartCount), tr("start"), tr("starts")));
        return text;
    }
    default: return {};
    }
}

int DeploymentTableModel::severity(const DeploymentRow &row, int column) const
{
    const fleet::Deployment &d = *row.deployment;
    const QString text = display(row, column).toString();
    if (text == fmt::missing())
        return static_cast<int>(Severity::Muted);
    if (column == Replicas && d.readyReplicas < d.desiredReplicas)
        return static_cast<int>(Severity::Warning);
    if (column == LastColdStart && !row.coldStartComplete)
        return static_cast<int>(Severity::Warning);
    return static_cast<int>(Severity::Normal);
}

} // namespace gantry

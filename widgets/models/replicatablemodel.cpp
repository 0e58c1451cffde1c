#include "widgets/models/replicatablemodel.h"

#include "widgets/models/deploymentrow.h"
#include "widgets/models/servingcolours.h"
#include "widgets/models/servingformat.h"

namespace gantry {

namespace fmt = servingformat;
using servingcolours::Severity;

ReplicaTableModel::ReplicaTableModel(QObject *parent)
    : KeyedRowsModel<ReplicaRow>(parent)
{
}

void ReplicaTableModel::setDeployment(const std::shared_ptr<const fleet::Deployment> &deployment, SystemTime now)
{
    // Ages tick on their own: repaint only the cells whose words change.
    if (now != m_now) {
        std::vector<int> changed;
        for (int i = 0; i < static_cast<int>(m_rows.size()); ++i) {
            const fleet::Replica &replica = m_rows[static_cast<std::size_t>(i)].replica;
            if (ageText(replica, m_now) != ageText(replica, now))
                changed.push_back(i);
        }
        m_now = now;
        emitColumnChanged(changed, Age);
    }
    if (deployment == m_deployment)
        return;
    m_deployment = deployment;
    std::vector<ReplicaRow> rows;
    if (deployment) {
        rows.reserve(deployment->replicas.size());
        for (const fleet::Replica &replica : deployment->replicas)
            rows.push_back({replica, replica.namespaceName + '/' + replica.name});
    }
    applyRows(std::move(rows));
}

int ReplicaTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReplicaTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::Alignment((section == Gpus || section == Restarts || section == Age) ? Qt::AlignRight | Qt::AlignVCenter
                                                                                                            : Qt::AlignLeft | Qt::AlignVCenter));
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Replica");
    case Node: return tr("Node");
    case Gpus: return tr("GPUs");
    case State: return tr("State");
    case Restarts: return tr("Restarts");
    case Age: return tr("Age");
    default: return {};
    }
}

QString ReplicaTableModel::stateText(const fleet::Replica &replica)
{
    if (replica.ready)
        return tr("Ready");
    const QString phase = replica.phase.empty() ? tr("Unknown") : QString::fromStdString(replica.phase);
    if (replica.stateReason.empty())
        return phase + QStringLiteral(" · ") + tr("not ready");
    // A running pod's container reason says it all; other phases need saying.
    if (replica.phase == "Running")
        return QString::fromStdString(replica.stateReason);
    return phase + QStringLiteral(" · ") + QString::fromStdString(replica.stateReason);
}

QString ReplicaTableModel::ageText(const fleet::Replica &replica, SystemTime now) const
{
    if (!replica.createdAt)
        return fmt::missing();
    return fmt::age(std::chrono::duration<double>(now - *replica.createdAt).count());
}

QVariant ReplicaTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReplicaRow &row = m_rows[static_cast<std::size_t>(index.row())];
    const fleet::Replica &r = row.replica;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Name: return QString::fromStdString(r.name);
        case Node: return r.node.empty() ? tr("unscheduled") : QString::fromStdString(r.node);
        case Gpus: return fmt::gpus(r.gpus);
        case State: return stateText(r);
        case Restarts: return r.restarts;
        case Age: return ageText(r, m_now);
        default: return {};
        }
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment((column == Gpus || column == Restarts || column == Age) ? Qt::AlignRight | Qt::AlignVCenter
                                                                                                         : Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::ToolTipRole:
        if (column == State && r.readySince)
            return tr("%1, ready for %2").arg(QString::fromStdString(r.phase), fmt::age(std::chrono::duration<double>(m_now - *r.readySince).count()));
        if (column == State)
            return tr("Phase %1").arg(r.phase.empty() ? tr("unknown") : QString::fromStdString(r.phase));
        if (column == Age && r.createdAt)
            return tr("Created %1").arg(fmt::ago(std::chrono::duration<double>(m_now - *r.createdAt).count()));
        return {};
    case SortRole:
        switch (column) {
        case Gpus: return r.gpus;
        case Restarts: return r.restarts;
        case Age: return r.createdAt ? std::chrono::duration<double>(m_now - *r.createdAt).count() : -1.0;
        default: return data(index, Qt::DisplayRole);
        }
    case KeyRole: return QString::fromStdString(row.rowKey);
    case SeverityRole:
        if (column == State) {
            if (r.ready)
                return static_cast<int>(Severity::Good);
            return static_cast<int>(isFailureReason(r.stateReason) ? Severity::Critical : Severity::Warning);
        }
        if (column == Restarts && r.restarts > 0)
            return static_cast<int>(Severity::Warning);
        if (column == Node && r.node.empty())
            return static_cast<int>(Severity::Muted);
        return static_cast<int>(Severity::Normal);
    default: return {};
    }
}

} // namespace gantry

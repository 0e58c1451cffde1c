#pragma once

#include "backend/fleet/deployment.h"
#include "widgets/models/keyedrowsmodel.h"

#include <memory>

namespace gantry {

/// One row of the replicas table.
struct ReplicaRow
{
    fleet::Replica replica;
    std::string rowKey; ///< "namespace/name"

    const std::string &key() const { return rowKey; }
    bool before(const ReplicaRow &other) const { return rowKey < other.rowKey; }
    bool sameAs(const ReplicaRow &other) const { return replica == other.replica; }
};

/// The replicas (pods) of one deployment, keyed by pod; applied as a diff like
/// the deployments table, so a restart count going up repaints one row.
class ReplicaTableModel : public KeyedRowsModel<ReplicaRow>
{
    Q_OBJECT

public:
    enum Columns { Name, Node, Gpus, State, Restarts, Age, ColumnCount };
    enum Roles {
        SortRole = Qt::UserRole,
        KeyRole,
        SeverityRole, ///< servingcolours::Severity as int
    };

    explicit ReplicaTableModel(QObject *parent = nullptr);

    /// Shows the replicas of `deployment` (none for nullptr); ages are taken at `now`.
    void setDeployment(const std::shared_ptr<const fleet::Deployment> &deployment, SystemTime now);
    std::shared_ptr<const fleet::Deployment> deployment() const { return m_deployment; }

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "Ready", "CrashLoopBackOff" (a running pod's container reason), "Pending · Unschedulable".
    static QString stateText(const fleet::Replica &replica);

private:
    QString ageText(const fleet::Replica &replica, SystemTime now) const;

    std::shared_ptr<const fleet::Deployment> m_deployment;
    SystemTime m_now;
};

} // namespace gantry

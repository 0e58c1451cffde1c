#pragma once

#include "widgets/models/deploymentrow.h"
#include "widgets/models/keyedrowsmodel.h"

#include <memory>

namespace gantry::fleet {
struct FleetSnapshot;
}

namespace gantry {

/// The InferenceServices of a fleet snapshot, one row each, keyed by
/// namespace/name. Each snapshot is applied as a diff (see KeyedRowsModel):
/// deployments whose shared_ptr and joins are unchanged emit nothing.
class DeploymentTableModel : public KeyedRowsModel<DeploymentRow>
{
    Q_OBJECT

public:
    enum Columns {
        Name,
        Namespace,
        Mode,
        WeightSource,
        Replicas,
        Requests,
        TtftP95,
        KvCache,
        GpuUtilization,
        LastColdStart,
        ColumnCount
    };
    enum Roles {
        SortRole = Qt::UserRole, ///< raw numbers (or lower-case text) for sorting
        KeyRole,                 ///< "namespace/name"
        FilterRole,              ///< name, namespace, weight source and mode, for the filter
        SeverityRole,            ///< servingcolours::Severity as int
    };

    explicit DeploymentTableModel(QObject *parent = nullptr);

    void setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot);
    std::shared_ptr<const fleet::FleetSnapshot> snapshot() const { return m_snapshot; }

    /// The deployment of `row`, or nullptr.
    std::shared_ptr<const fleet::Deployment> deployment(int row) const;
    /// The full row of `row` (joins included), or nullptr.
    const DeploymentRow *rowAt(int row) const;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const DeploymentRow &row, int column) const;
    QVariant sortValue(const DeploymentRow &row, int column) const;
    QVariant toolTip(const DeploymentRow &row, int column) const;
    int severity(const DeploymentRow &row, int column) const;
    QString coldStartText(const DeploymentRow &row, SystemTime now) const;
    /// Rows whose cold-start text reads differently at `now` than at m_now.
    void refreshClock(SystemTime now);

    std::shared_ptr<const fleet::FleetSnapshot> m_snapshot;
    SystemTime m_now;
};

} // namespace gantry

#pragma once

#include "backend/fleet/coldstart.h"

#include <QAbstractItemModel>

#include <memory>
#include <optional>
#include <vector>

namespace gantry::fleet {
struct FleetSnapshot;
}

namespace gantry {

/// Cold starts grouped by InferenceService: a parent row per service (starts,
/// p50 and p95 of the total) with one child row per replica start. Snapshots are
/// applied as diffs keyed by pod uid: removed, changed and new starts become
/// batched row removals, dataChanged per contiguous range and batched inserts.
class ColdStartModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Columns {
        NameColumn,         ///< service name / pod name
        NodeColumn,         ///< start: node
        WeightSourceColumn, ///< start: "hub", "node cache" …
        StartsColumn,       ///< service: number of starts shown
        TotalColumn,        ///< start: creation to Ready (or to now)
        P50Column,          ///< service: median total of completed starts
        P95Column,          ///< service: 95th percentile total
        StateColumn,        ///< start: "ready" / "in progress"
        TimelineColumn,     ///< painted by the timeline delegate
        ColumnCount
    };
    Q_ENUM(Columns)

    enum Roles {
        RowKindRole = Qt::UserRole, ///< RowKind
        ColdStartRole,              ///< start: std::shared_ptr<const fleet::ColdStart>
        ServiceKeyRole,             ///< "namespace/name" of the row's service
        PodUidRole,                 ///< start: pod uid
        SecondsRole,                ///< numeric value of Total/P50/P95 columns (seconds), for sorting
        CompleteRole,               ///< start: Ready was reached
        SummaryRole,                ///< service: "5 starts · p50 4m12s · p95 21m03s"
    };
    Q_ENUM(Roles)

    enum class RowKind { Service, Start };
    Q_ENUM(RowKind)

    explicit ColdStartModel(QObject *parent = nullptr);
    ~ColdStartModel() override;

    void setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot);
    /// The cold-start part of a snapshot and the cluster's now (for starts in progress).
    void setColdStarts(std::shared_ptr<const fleet::ColdStartsSnapshot> coldStarts, SystemTime at);

    std::shared_ptr<const fleet::ColdStartsSnapshot> coldStarts() const { return m_coldStarts; }
    SystemTime at() const { return m_at; }
    /// The start of a child row, or nullptr for a service row.
    const fleet::ColdStart *coldStart(const QModelIndex &index) const;
    QModelIndex indexOfStart(const QString &podUid, int column = NameColumn) const;
    QModelIndex indexOfService(const QString &serviceKey, int column = NameColumn) const;
    int startCount() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// After every snapshot, including one that only moved the cluster's now.
    void snapshotApplied();

private:
    struct ServiceRow;
    struct Desired;

    QVariant serviceData(const ServiceRow &service, int column, int role) const;
    QVariant startData(const fleet::ColdStart &start, int column, int role) const;
    void removeServices(const std::vector<Desired> &desired);
    void updateService(int row, Desired &wanted, bool nowMoved);
    void insertServices(std::vector<Desired> &desired);
    void renumber();
    void emitRowRanges(const QModelIndex &parent, const std::vector<int> &rows);

    std::vector<std::unique_ptr<ServiceRow>> m_services;
    std::shared_ptr<const fleet::ColdStartsSnapshot> m_coldStarts;
    SystemTime m_at{};
};

} // namespace gantry

Q_DECLARE_METATYPE(std::shared_ptr<const gantry::fleet::ColdStart>)

#pragma once

#include "backend/fleet/coldstart.h"
#include "backend/fleet/gpupool.h"

#include <QAbstractItemModel>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace gantry {

/// GPU pools and their nodes as a checkable tree, with each node's warm state
/// for one model (from the snapshot's warm cache index) and what else its cache
/// already holds. Checking a pool checks all its nodes; a pool shows partly
/// checked when some are. Checks survive snapshots; nodes that left are dropped.
class PrewarmTargetModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Columns { NameColumn, StateColumn, WarmColumn, CachedColumn, ColumnCount };
    enum Roles {
        /// bool: the node holds the chosen model (pools: all of their nodes do).
        WarmRole = Qt::UserRole + 1,
        IsPoolRole,
    };

    explicit PrewarmTargetModel(QObject *parent = nullptr);

    /// Pools, warm caches and the cluster's "now" (for "warm for 12 min") of one snapshot.
    void setFleet(std::shared_ptr<const fleet::PoolsSnapshot> pools, std::vector<fleet::WarmCache> caches,
                  SystemTime now);
    /// The model whose warm state the tree shows.
    void setModelUri(const std::string &uri);

    /// Checked nodes, in tree order.
    std::vector<std::string> checkedNodes() const;
    /// Pools with at least one checked node, in tree order.
    std::vector<std::string> checkedPools() const;
    void setChecked(const std::string &node, bool checked);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void checksChanged();

private:
    using Pool = std::shared_ptr<const fleet::GpuPool>;
    const fleet::WarmCache *warmCache(const std::string &node) const;
    std::vector<std::string> otherModels(const std::string &node) const;
    int warmNodes(const fleet::GpuPool &pool) const;
    Qt::CheckState poolCheckState(const fleet::GpuPool &pool) const;
    QVariant poolData(const fleet::GpuPool &pool, int column, int role) const;
    QVariant nodeData(const fleet::FleetNode &node, int column, int role) const;
    void emitAllChanged();

    std::vector<Pool> m_pools;
    std::vector<fleet::WarmCache> m_caches;
    SystemTime m_now;
    std::string m_modelUri;
    std::set<std::string> m_checked;
};

} // namespace gantry

#include "widgets/prewarm/prewarmtargetmodel.h"

#include "widgets/models/servingcolours.h"
#include "widgets/models/servingformat.h"

#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

namespace gantry {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

/// Pool and node names in order: when they match, a snapshot only changes data.
std::vector<std::string> shapeOf(const std::vector<std::shared_ptr<const fleet::GpuPool>> &pools)
{
    std::vector<std::string> shape;
    for (const auto &pool : pools) {
        shape.push_back(pool->name);
        for (const auto &node : pool->nodes)
            shape.push_back("\t" + node->name);
    }
    return shape;
}

} // namespace

PrewarmTargetModel::PrewarmTargetModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void PrewarmTargetModel::setFleet(std::shared_ptr<const fleet::PoolsSnapshot> pools,
                                  std::vector<fleet::WarmCache> caches, SystemTime now)
{
    std::vector<Pool> next;
    if (pools) {
        for (const Pool &pool : pools->pools) {
            if (!pool->nodes.empty())
                next.push_back(pool);
        }
    }
    m_caches = std::move(caches);
    m_now = now;
    if (shapeOf(next) == shapeOf(m_pools)) {
        m_pools = std::move(next);
        emitAllChanged();
        return;
    }
    beginResetModel();
    m_pools = std::move(next);
    std::set<std::string> present;
    for (const Pool &pool : m_pools) {
        for (const auto &node : pool->nodes)
            present.insert(node->name);
    }
    const std::size_t before = m_checked.size();
    std::erase_if(m_checked, [&present](const std::string &node) { return !present.count(node); });
    endResetModel();
    if (m_checked.size() != before)
        Q_EMIT checksChanged();
}

void PrewarmTargetModel::setModelUri(const std::string &uri)
{
    if (uri == m_modelUri)
        return;
    m_modelUri = uri;
    emitAllChanged();
}

void PrewarmTargetModel::emitAllChanged()
{
    for (int row = 0; row < static_cast<int>(m_pools.size()); ++row) {
        const QModelIndex pool = index(row, 0);
        Q_EMIT dataChanged(pool, index(row, ColumnCount - 1));
        const int nodes = rowCount(pool);
        if (nodes > 0)
            Q_EMIT dataChanged(index(0, 0, pool), index(nodes - 1, ColumnCount - 1, pool));
    }
}

std::vector<std::string> PrewarmTargetModel::checkedNodes() const
{
    std::vector<std::string> nodes;
    for (const Pool &pool : m_pools) {
        for (const auto &node : pool->nodes) {
            if (m_checked.count(node->name))
                nodes.push_back(node->name);
        }
    }
    return nodes;
}

std::vector<std::string> PrewarmTargetModel::checkedPools() const
{
    std::vector<std::string> pools;
    for (const Pool &pool : m_pools) {
        if (poolCheckState(*pool) != Qt::Unchecked)
            pools.push_back(pool->name);
    }
    return pools;
}

void PrewarmTargetModel::setChecked(const std::string &node, bool checked)
{
    for (int p = 0; p < static_cast<int>(m_pools.size()); ++p) {
        const auto &nodes = m_pools[p]->nodes;
        for (int n = 0; n < static_cast<int>(nodes.size()); ++n) {
            if (nodes[n]->name == node)
                setData(index(n, NameColumn, index(p, 0)), checked ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
        }
    }
}

const fleet::WarmCache *PrewarmTargetModel::warmCache(const std::string &node) const
{
    const auto it = std::find_if(m_caches.begin(), m_caches.end(), [&](const fleet::WarmCache &cache) {
        return cache.node == node && cache.modelUri == m_modelUri;
    });
    return it != m_caches.end() ? &*it : nullptr;
}

std::vector<std::string> PrewarmTargetModel::otherModels(const std::string &node) const
{
    std::set<std::string> models;
    for (const fleet::WarmCache &cache : m_caches) {
        if (cache.node == node && cache.modelUri != m_modelUri)
            models.insert(cache.modelUri);
    }
    return {models.begin(), models.end()};
}

int PrewarmTargetModel::warmNodes(const fleet::GpuPool &pool) const
{
    return static_cast<int>(std::count_if(pool.nodes.begin(), pool.nodes.end(),
                                          [this](const auto &node) { return warmCache(node->name) != nullptr; }));
}

Qt::CheckState PrewarmTargetModel::poolCheckState(const fleet::GpuPool &pool) const
{
    const auto checked = std::count_if(pool.nodes.begin(), pool.nodes.end(),
                                       [this](const auto &node) { return m_checked.count(node->name) > 0; });
    if (checked == 0)
        return Qt::Unchecked;
    return checked == static_cast<long>(pool.nodes.size()) ? Qt::Checked : Qt::PartiallyChecked;
}

QModelIndex PrewarmTargetModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < static_cast<int>(m_pools.size()) ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= static_cast<int>(m_pools.size()))
        return {};
    if (row >= static_cast<int>(m_pools[parent.row()]->nodes.size()))
        return {};
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex PrewarmTargetModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr(0));
}

int PrewarmTargetModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_pools.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return static_cast<int>(m_pools[parent.row()]->nodes.size());
}

int PrewarmTargetModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PrewarmTargetModel::poolData(const fleet::GpuPool &pool, int column, int role) const
{
    if (role == Qt::CheckStateRole && column == NameColumn)
        return poolCheckState(pool);
    if (role == IsPoolRole)
        return true;
    const int warm = warmNodes(pool);
    const int total = static_cast<int>(pool.nodes.size());
    if (role == WarmRole)
        return warm == total;
    if (role == Qt::ForegroundRole && column != NameColumn)
        return servingcolours::muted(QGuiApplication::palette());
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case NameColumn:
        return qs(pool.name);
    case StateColumn:
        return tr("%1 ready of %2").arg(pool.nodesReady).arg(total);
    case WarmColumn:
        return m_modelUri.empty() ? QString() : tr("%1 of %2 warm").arg(warm).arg(total);
    default:
        return {};
    }
}

QVariant PrewarmTargetModel::nodeData(const fleet::FleetNode &node, int column, int role) const
{
    const fleet::WarmCache *cache = warmCache(node.name);
    if (role == Qt::CheckStateRole && column == NameColumn)
        return m_checked.count(node.name) ? Qt::Checked : Qt::Unchecked;
    if (role == WarmRole)
        return cache != nullptr;
    if (role == IsPoolRole)
        return false;
    if (role == Qt::ToolTipRole && column == WarmColumn && cache)
        return tr("Holds %1 via %2").arg(qs(cache->modelUri), qs(cache->via));
    if (role == Qt::ToolTipRole && column == CachedColumn) {
        QStringList models;
        for (const std::string &model : otherModels(node.name))
            models.append(qs(model));
        return models.isEmpty() ? tr("No other model is known to be cached here.") : models.join(QLatin1Char('\n'));
    }
    if (role == Qt::ToolTipRole && column == StateColumn)
        return qs(node.stateReason);
    if (role == Qt::ForegroundRole) {
        const QPalette palette = QGuiApplication::palette();
        if (column == WarmColumn && cache)
            return servingcolours::good(palette);
        if (column == StateColumn && node.state != fleet::NodeState::Ready)
            return servingcolours::warning(palette);
        if (column == CachedColumn || (column == WarmColumn && !cache))
            return servingcolours::muted(palette);
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case NameColumn:
        return qs(node.name);
    case StateColumn:
        return QString::fromLatin1(fleet::nodeStateName(node.state));
    case WarmColumn: {
        if (m_modelUri.empty())
            return QString();
        if (!cache)
            return tr("cold");
        const double seconds = std::chrono::duration<double>(m_now - cache->since).count();
        return tr("warm for %1").arg(servingformat::age(std::max(0.0, seconds)));
    }
    case CachedColumn: {
        const auto others = otherModels(node.name);
        return others.empty() ? tr("nothing else") : servingformat::counted(static_cast<long long>(others.size()),
                                                                            tr("other model"), tr("other models"));
    }
    default:
        return {};
    }
}

QVariant PrewarmTargetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0)
        return poolData(*m_pools[index.row()], index.column(), role);
    const fleet::GpuPool &pool = *m_pools[index.internalId() - 1];
    return nodeData(*pool.nodes[index.row()], index.column(), role);
}

bool PrewarmTargetModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != NameColumn || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    const bool checked = value.value<Qt::CheckState>() != Qt::Unchecked;
    const bool isPool = index.internalId() == 0;
    const int poolRow = isPool ? index.row() : static_cast<int>(index.internalId() - 1);
    const fleet::GpuPool &pool = *m_pools[poolRow];
    std::vector<std::string> names;
    if (isPool) {
        for (const auto &node : pool.nodes)
            names.push_back(node->name);
    } else {
        names.push_back(pool.nodes[index.row()]->name);
    }
    bool changed = false;
    for (const std::string &name : names)
        changed |= checked ? m_checked.insert(name).second : m_checked.erase(name) > 0;
    if (!changed)
        return true;
    const QModelIndex poolIndex = this->index(poolRow, NameColumn);
    Q_EMIT dataChanged(poolIndex, poolIndex, {Qt::CheckStateRole});
    const int nodes = rowCount(poolIndex);
    Q_EMIT dataChanged(this->index(0, NameColumn, poolIndex), this->index(nodes - 1, NameColumn, poolIndex),
                       {Qt::CheckStateRole});
    Q_EMIT checksChanged();
    return true;
}

Qt::ItemFlags PrewarmTargetModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == NameColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant PrewarmTargetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Pool / node");
    case StateColumn:
        return tr("State");
    case WarmColumn:
        return tr("This model");
    case CachedColumn:
        return tr("Cache also holds");
    default:
        return {};
    }
}

} // namespace gantry

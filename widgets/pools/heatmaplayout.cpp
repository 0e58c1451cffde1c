#include "widgets/pools/heatmaplayout.h"

#include "backend/fleet/gpupool.h"

#include <algorithm>
#include <cmath>

namespace gantry {
namespace {

// A node claiming more GPUs than this is bad input; capping its cells keeps one
// broken object from stretching the whole map.
constexpr int maxGpusPerNode = 64;

// Beyond this many nodes a cell says little about any of them; scroll instead.
constexpr int maxNodesPerCell = 16;

struct Choice
{
    HeatmapMode mode = HeatmapMode::Rows;
    int cell = 16;
    int nodesPerCell = 1;
};

int ceilDiv(int a, int b)
{
    return (a + b - 1) / b;
}

// Gaps shrink with the cells so small cells are not mostly gap.
int gapFor(int cell)
{
    return cell >= 10 ? 2 : 1;
}

int blockGapFor(int cell)
{
    return std::max(3, cell / 2);
}

// Two lines of cells for an 8-GPU node read as one board and keep blocks squat,
// so more of them fit across the width.
int blockColumns(int gpus)
{
    return gpus <= 2 ? std::max(1, gpus) : std::min(8, ceilDiv(gpus, 2));
}

unsigned stateBit(fleet::NodeState state)
{
    return 1u << static_cast<unsigned>(state);
}

struct PoolShape
{
    int nodes = 0;
    int placeholders = 0;
    int maxGpus = 1; ///< cells of the widest node; placeholders get as many
};

PoolShape shapeOf(const fleet::GpuPool &pool)
{
    PoolShape shape;
    shape.nodes = static_cast<int>(pool.nodes.size());
    shape.placeholders = HeatmapLayout::placeholderCountOf(pool);
    int widest = 0;
    for (const auto &node : pool.nodes) {
        if (node)
            widest = std::max(widest, HeatmapLayout::gpuCountOf(*node));
    }
    shape.maxGpus = std::max(1, widest);
    return shape;
}

// Lays out (when `out` is set) or only measures one choice; returns the height.
int place(const fleet::PoolsSnapshot &pools, int width, const HeatmapMetrics &m, const Choice &choice,
          HeatmapLayout *out)
{
    const int avail = std::max(1, width - 2 * m.margin);
    const int cell = choice.cell;
    const int gap = gapFor(cell);
    const int pitch = cell + gap;
    int y = m.margin;

    for (std::size_t pi = 0; pi < pools.pools.size(); ++pi) {
        const auto &poolPtr = pools.pools[pi];
        const PoolShape shape = poolPtr ? shapeOf(*poolPtr) : PoolShape{};
        if (pi > 0)
            y += m.sectionGap;

        HeatmapSection section;
        section.pool = static_cast<int>(pi);
        section.header = QRect(m.margin, y, avail, m.headerHeight);
        y += m.headerHeight;
        const int bodyTop = y;
        const int sectionIndex = out ? static_cast<int>(out->sections.size()) : 0;
        section.firstItem = out ? out->items.size() : 0;

        auto addItem = [&](QRect rect, QPoint cells, int firstNode, int nodeCount, int gpuCount, bool placeholder) {
            if (!out)
                return;
            HeatmapItem item;
            item.rect = rect;
            item.cells = cells;
            item.section = sectionIndex;
            item.pool = static_cast<int>(pi);
            item.firstNode = firstNode;
            item.nodeCount = nodeCount;
            item.gpuCount = gpuCount;
            item.placeholder = placeholder;
            out->items.push_back(item);
        };
        auto gpusOf = [&](int nodeIndex) {
            const auto &node = poolPtr->nodes[static_cast<std::size_t>(nodeIndex)];
            return node ? HeatmapLayout::gpuCountOf(*node) : 0;
        };

        if (choice.mode == HeatmapMode::Rows) {
            const int cellsAvail = std::max(pitch, avail - m.rowLabelWidth);
            const int perLine = std::max(1, (cellsAvail + gap) / pitch);
            section.columns = std::min(shape.maxGpus, perLine);
            const int cellInset = (m.rowHeight - cell) / 2;
            const int total = shape.nodes + shape.placeholders;
            for (int i = 0; i < total; ++i) {
                const bool placeholder = i >= shape.nodes;
                const int gpus = placeholder ? shape.maxGpus : gpusOf(i);
                const int lines = std::max(1, ceilDiv(gpus, section.columns));
                const int h = lines * m.rowHeight;
                addItem(QRect(m.margin, y, avail, h), QPoint(m.margin + m.rowLabelWidth, y + cellInset),
                        placeholder ? i - shape.nodes : i, 1, gpus, placeholder);
                y += h;
            }
        } else {
            int itemW = cell;
            int itemH = cell;
            int itemGap = gap;
            int k = 1;
            if (choice.mode == HeatmapMode::GpuBlocks) {
                section.columns = blockColumns(shape.maxGpus);
                const int lines = ceilDiv(shape.maxGpus, section.columns);
                itemW = section.columns * pitch - gap;
                itemH = lines * pitch - gap;
                itemGap = blockGapFor(cell);
            } else if (choice.mode == HeatmapMode::NodeGroups) {
                k = std::max(1, choice.nodesPerCell);
            }
            // Placeholders are grouped apart from real nodes, so a group is either.
            const int nodeItems = ceilDiv(shape.nodes, k);
            const int count = nodeItems + ceilDiv(shape.placeholders, k);
            const int perLine = std::max(1, (avail + itemGap) / (itemW + itemGap));
            if (out) {
                for (int i = 0; i < count; ++i) {
                    const QRect rect(m.margin + (i % perLine) * (itemW + itemGap), y + (i / perLine) * (itemH + itemGap),
                                     itemW, itemH);
                    const bool placeholder = i >= nodeItems;
                    const int first = (placeholder ? i - nodeItems : i) * k;
                    const int n = std::min(k, (placeholder ? shape.placeholders : shape.nodes) - first);
                    int gpus = 0;
                    for (int j = 0; j < n; ++j)
                        gpus += placeholder ? shape.maxGpus : gpusOf(first + j);
                    addItem(rect, rect.topLeft(), first, n, gpus, placeholder);
                }
            }
            if (count > 0)
                y += ceilDiv(count, perLine) * (itemH + itemGap) - itemGap;
        }

        section.body = QRect(m.margin, bodyTop, avail, y - bodyTop);
        if (out) {
            section.itemCount = out->items.size() - section.firstItem;
            out->sections.push_back(section);
        }
    }
    return y + m.margin;
}

Choice pickCompact(const fleet::PoolsSnapshot &pools, int width, int fitHeight, const HeatmapMetrics &m)
{
    const int smallest = std::max(1, m.minCell);
    const int largest = std::max(smallest, m.maxCell);
    for (const HeatmapMode mode : {HeatmapMode::GpuBlocks, HeatmapMode::NodeCells}) {
        for (int cell = largest; cell >= smallest; --cell) {
            if (place(pools, width, m, Choice{mode, cell, 1}, nullptr) <= fitHeight)
                return Choice{mode, cell, 1};
        }
    }
    int widestPool = 2;
    for (const auto &pool : pools.pools) {
        if (pool)
            widestPool = std::max(widestPool, static_cast<int>(pool->nodes.size()) + HeatmapLayout::placeholderCountOf(*pool));
    }
    for (int k = 2; k <= std::min(widestPool, maxNodesPerCell); ++k) {
        for (int cell = largest; cell >= smallest; --cell) {
            if (place(pools, width, m, Choice{HeatmapMode::NodeGroups, cell, k}, nullptr) <= fitHeight)
                return Choice{HeatmapMode::NodeGroups, cell, k};
        }
    }
    // Nothing reasonable fits (the viewport is shorter than the pool headers, or
    // a cell would stand for a whole rack and more): keep node detail and scroll.
    return Choice{HeatmapMode::NodeCells, smallest, 1};
}

} // namespace

bool HeatmapSummary::hasState(fleet::NodeState state) const
{
    return (stateMask & stateBit(state)) != 0;
}

bool HeatmapSummary::mixedStates() const
{
    return (stateMask & (stateMask - 1)) != 0;
}

HeatmapLayout HeatmapLayout::build(std::shared_ptr<const fleet::PoolsSnapshot> pools, int width, int fitHeight,
                                   const HeatmapMetrics &metrics)
{
    HeatmapLayout layout;
    layout.pools = std::move(pools);
    layout.metrics = metrics;
    layout.width = width;
    if (!layout.pools) {
        layout.height = 2 * metrics.margin;
        return layout;
    }
    const auto &snapshot = *layout.pools;
    Choice choice{HeatmapMode::Rows, metrics.rowCell, 1};
    if (fitHeight > 0 && place(snapshot, width, metrics, choice, nullptr) > fitHeight)
        choice = pickCompact(snapshot, width, fitHeight, metrics);

    layout.mode = choice.mode;
    layout.cellSize = choice.cell;
    layout.cellGap = gapFor(choice.cell);
    layout.nodesPerCell = choice.nodesPerCell;
    layout.linePitch = choice.mode == HeatmapMode::Rows ? metrics.rowHeight : choice.cell + layout.cellGap;
    layout.height = place(snapshot, width, metrics, choice, &layout);
    return layout;
}

QRect HeatmapLayout::cellRect(const HeatmapItem &item, int gpu) const
{
    const int columns = std::max(1, sections[static_cast<std::size_t>(item.section)].columns);
    const int pitch = cellSize + cellGap;
    return QRect(item.cells.x() + (gpu % columns) * pitch, item.cells.y() + (gpu / columns) * linePitch, cellSize,
                 cellSize);
}

HeatmapHit HeatmapLayout::hitTest(QPoint point) const
{
    HeatmapHit hit;
    // Items are sorted by top, and the items of one line share it: find the line,
    // then the item within the line by its left edge.
    const auto lineEnd = std::upper_bound(items.begin(), items.end(), point.y(),
                                          [](int y, const HeatmapItem &item) { return y < item.rect.top(); });
    if (lineEnd == items.begin())
        return hit;
    const int lineTop = std::prev(lineEnd)->rect.top();
    const auto lineBegin = std::lower_bound(items.begin(), lineEnd, lineTop,
                                            [](const HeatmapItem &item, int top) { return item.rect.top() < top; });
    auto candidate = std::upper_bound(lineBegin, lineEnd, point.x(),
                                      [](int x, const HeatmapItem &item) { return x < item.rect.left(); });
    if (candidate == lineBegin)
        return hit;
    --candidate;
    if (!candidate->rect.contains(point))
        return hit;
    hit.item = static_cast<int>(candidate - items.begin());
    if (aggregated())
        return hit;

    const int columns = sections[static_cast<std::size_t>(candidate->section)].columns;
    const int pitch = cellSize + cellGap;
    const int lx = point.x() - candidate->cells.x();
    const int ly = point.y() - candidate->cells.y();
    if (lx < 0 || ly < 0 || lx % pitch >= cellSize || ly % linePitch >= cellSize)
        return hit;
    const int column = lx / pitch;
    const int gpu = (ly / linePitch) * columns + column;
    if (column < columns && gpu < candidate->gpuCount)
        hit.gpu = gpu;
    return hit;
}

std::pair<std::size_t, std::size_t> HeatmapLayout::itemsBetween(int top, int bottom) const
{
    // Lines never overlap, so bottoms are sorted as well as tops.
    const auto first = std::lower_bound(items.begin(), items.end(), top,
                                        [](const HeatmapItem &item, int y) { return item.rect.bottom() < y; });
    const auto last = std::upper_bound(first, items.end(), bottom,
                                       [](int y, const HeatmapItem &item) { return y < item.rect.top(); });
    return {static_cast<std::size_t>(first - items.begin()), static_cast<std::size_t>(last - items.begin())};
}

std::pair<std::size_t, std::size_t> HeatmapLayout::sectionsBetween(int top, int bottom) const
{
    const auto sectionBottom = [](const HeatmapSection &s) { return std::max(s.header.bottom(), s.body.bottom()); };
    const auto first = std::lower_bound(sections.begin(), sections.end(), top,
                                        [&](const HeatmapSection &s, int y) { return sectionBottom(s) < y; });
    const auto last = std::upper_bound(first, sections.end(), bottom,
                                       [](int y, const HeatmapSection &s) { return y < s.header.top(); });
    return {static_cast<std::size_t>(first - sections.begin()), static_cast<std::size_t>(last - sections.begin())};
}

const fleet::GpuPool *HeatmapLayout::pool(const HeatmapItem &item) const
{
    if (!pools || item.pool < 0 || static_cast<std::size_t>(item.pool) >= pools->pools.size())
        return nullptr;
    return pools->pools[static_cast<std::size_t>(item.pool)].get();
}

const fleet::FleetNode *HeatmapLayout::node(const HeatmapItem &item, int i) const
{
    const fleet::GpuPool *owner = pool(item);
    if (!owner || item.placeholder || i < 0 || i >= item.nodeCount)
        return nullptr;
    const auto index = static_cast<std::size_t>(item.firstNode + i);
    return index < owner->nodes.size() ? owner->nodes[index].get() : nullptr;
}

const fleet::Gpu *HeatmapLayout::gpu(const HeatmapItem &item, int gpu) const
{
    const fleet::FleetNode *owner = node(item);
    if (!owner || gpu < 0 || static_cast<std::size_t>(gpu) >= owner->gpus.size())
        return nullptr;
    return &owner->gpus[static_cast<std::size_t>(gpu)];
}

HeatmapSummary HeatmapLayout::summarize(const HeatmapItem &item) const
{
    HeatmapSummary summary;
    summary.placeholder = item.placeholder;
    if (item.placeholder) {
        summary.nodes = item.nodeCount;
        summary.gpus = item.gpuCount;
        summary.stateMask = stateBit(fleet::NodeState::Provisioning);
        return summary;
    }
    double utilization = 0;
    int utilizationCount = 0;
    double memory = 0;
    int memoryCount = 0;
    for (int i = 0; i < item.nodeCount; ++i) {
        const fleet::FleetNode *n = node(item, i);
        if (!n)
            continue;
        ++summary.nodes;
        summary.stateMask |= stateBit(n->state);
        summary.gpus += gpuCountOf(*n);
        if (n->gpus.empty() && std::isfinite(n->gpuAllocated))
            summary.allocated += static_cast<int>(std::lround(std::clamp(n->gpuAllocated, 0.0, 1.0 * maxGpusPerNode)));
        for (const auto &g : n->gpus) {
            summary.allocated += g.allocated ? 1 : 0;
            if (g.utilizationPercent && std::isfinite(*g.utilizationPercent)) {
                utilization += *g.utilizationPercent;
                ++utilizationCount;
            }
            if (const auto used = memoryUsedPercent(g)) {
                memory += *used;
                ++memoryCount;
            }
        }
    }
    if (utilizationCount > 0)
        summary.utilizationPercent = utilization / utilizationCount;
    if (memoryCount > 0)
        summary.memoryUsedPercent = memory / memoryCount;
    return summary;
}

int HeatmapLayout::gpuCountOf(const fleet::FleetNode &node)
{
    int capacity = 0;
    if (std::isfinite(node.gpuCapacity) && node.gpuCapacity > 0)
        capacity = static_cast<int>(std::lround(std::min(node.gpuCapacity, 1.0 * maxGpusPerNode)));
    return std::min(maxGpusPerNode, std::max(static_cast<int>(node.gpus.size()), capacity));
}

int HeatmapLayout::placeholderCountOf(const fleet::GpuPool &pool)
{
    const auto joining = std::count_if(pool.nodes.begin(), pool.nodes.end(), [](const auto &node) {
        return node && node->state == fleet::NodeState::Provisioning;
    });
    return std::max(0, pool.nodesProvisioning - static_cast<int>(joining));
}

std::optional<double> HeatmapLayout::memoryUsedPercent(const fleet::Gpu &gpu)
{
    if (!gpu.memoryUsedMiB || !gpu.memoryTotalMiB || !std::isfinite(*gpu.memoryUsedMiB)
        || !std::isfinite(*gpu.memoryTotalMiB) || *gpu.memoryTotalMiB <= 0)
        return std::nullopt;
    return std::clamp(*gpu.memoryUsedMiB / *gpu.memoryTotalMiB * 100.0, 0.0, 100.0);
}

} // namespace gantry

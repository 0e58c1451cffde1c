#pragma once

#include <QPoint>
#include <QRect>

#include <cstddef>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace gantry::fleet {
struct PoolsSnapshot;
struct GpuPool;
struct FleetNode;
struct Gpu;
enum class NodeState;
} // namespace gantry::fleet

namespace gantry {

/// Sizes the heatmap is laid out with. The view derives them from its font, so
/// the layout scales with the screen; tests set them by hand.
struct HeatmapMetrics
{
    int margin = 8;
    int headerHeight = 30;  ///< a pool's section header, including the space under it
    int sectionGap = 14;    ///< between one pool's last line and the next header
    int rowLabelWidth = 180; ///< node-name column of the row mode
    int rowHeight = 22;     ///< one line of GPU cells in the row mode
    int rowCell = 16;       ///< GPU cell edge in the row mode
    int maxCell = 16;       ///< largest cell of the compact modes
    int minCell = 4;        ///< below this a cell is not readable: aggregate instead
};

/// How much one painted cell stands for, from most to least detailed.
enum class HeatmapMode {
    Rows,       ///< one labelled row per node, one cell per GPU
    GpuBlocks,  ///< unlabelled node blocks flowing across the width, one cell per GPU
    NodeCells,  ///< one cell per node: the mean of its GPUs
    NodeGroups, ///< one cell per `nodesPerCell` nodes of a pool
};

/// One pool: its header band and the body its items fill.
struct HeatmapSection
{
    int pool = 0; ///< index into PoolsSnapshot::pools
    QRect header;
    QRect body;
    int columns = 1; ///< GPU cells per line inside a node (GPU modes)
    std::size_t firstItem = 0;
    std::size_t itemCount = 0;
};

/// A painted unit: a node with its GPU cells, an aggregate cell, or a
/// placeholder for a provisioning replica that has no Node object yet.
struct HeatmapItem
{
    QRect rect;  ///< the whole hit area (row, block or cell)
    QPoint cells; ///< top-left of GPU cell 0 (GPU modes)
    int section = 0;
    int pool = 0;
    int firstNode = 0; ///< index into GpuPool::nodes; the placeholder ordinal when `placeholder`
    int nodeCount = 1;
    int gpuCount = 0; ///< cells shown (GPU modes)
    bool placeholder = false;
};

struct HeatmapHit
{
    int item = -1; ///< index into HeatmapLayout::items, -1 when nothing is there
    int gpu = -1;  ///< the GPU cell under the point, -1 between cells or in aggregate modes
    bool isValid() const { return item >= 0; }
};

/// What an item stands for, reduced for colouring: means over the GPUs with a
/// reading, and which node states and allocations it mixes.
struct HeatmapSummary
{
    std::optional<double> utilizationPercent;
    std::optional<double> memoryUsedPercent;
    int gpus = 0;
    int allocated = 0;
    int nodes = 0;
    unsigned stateMask = 0; ///< bit (1 << int(NodeState)) per state present
    bool placeholder = false;

    bool hasState(fleet::NodeState state) const;
    /// More than one node state under one cell.
    bool mixedStates() const;
};

/// The heatmap's geometry for one pools snapshot and one width: where each pool
/// section, node and GPU cell goes, which level of detail fits, and what is under
/// a point. Pure arithmetic, no widgets, so it is tested with tables.
///
/// Items are stored in paint order, which is also top-to-bottom, left-to-right,
/// so hit tests and visible-range queries are binary searches.
struct HeatmapLayout
{
    /// Lays `pools` out `width` pixels wide. With `fitHeight` > 0 it picks the most
    /// detailed mode whose height fits in it, shrinking cells down to
    /// `metrics.minCell` before aggregating GPUs into nodes and nodes into groups;
    /// with 0 it uses labelled rows and lets the view scroll.
    static HeatmapLayout build(std::shared_ptr<const fleet::PoolsSnapshot> pools, int width, int fitHeight,
                               const HeatmapMetrics &metrics);

    std::shared_ptr<const fleet::PoolsSnapshot> pools;
    HeatmapMetrics metrics;
    HeatmapMode mode = HeatmapMode::Rows;
    int width = 0;
    int height = 0;
    int cellSize = 0;
    int cellGap = 0;
    int linePitch = 0; ///< vertical distance between lines of GPU cells inside an item
    int nodesPerCell = 1;
    std::vector<HeatmapSection> sections;
    std::vector<HeatmapItem> items;

    bool aggregated() const { return mode == HeatmapMode::NodeCells || mode == HeatmapMode::NodeGroups; }
    /// GPU cell `gpu` of `item` (GPU modes).
    QRect cellRect(const HeatmapItem &item, int gpu) const;
    HeatmapHit hitTest(QPoint point) const;
    /// Items and sections that intersect the rows [top, bottom], as [first, last) indices.
    std::pair<std::size_t, std::size_t> itemsBetween(int top, int bottom) const;
    std::pair<std::size_t, std::size_t> sectionsBetween(int top, int bottom) const;

    const fleet::GpuPool *pool(const HeatmapItem &item) const;
    /// Node `i` of the item (0 ≤ i < nodeCount); nullptr for a placeholder.
    const fleet::FleetNode *node(const HeatmapItem &item, int i = 0) const;
    /// The GPU behind cell `gpu` of a single-node item; nullptr when the node
    /// reports capacity without a GPU entry for that slot.
    const fleet::Gpu *gpu(const HeatmapItem &item, int gpu) const;
    HeatmapSummary summarize(const HeatmapItem &item) const;

    /// Cells a node shows: its GPU list or its capacity, whichever is larger, capped.
    static int gpuCountOf(const fleet::FleetNode &node);
    /// Provisioning replicas of `pool` that have no Node object yet.
    static int placeholderCountOf(const fleet::GpuPool &pool);
    /// Memory used as a percentage of the total, when both are known.
    static std::optional<double> memoryUsedPercent(const fleet::Gpu &gpu);
};

} // namespace gantry

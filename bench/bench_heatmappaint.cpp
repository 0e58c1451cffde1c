// Cost of painting the GPU heatmap at 16,000 GPUs (2,000 nodes x 8), offscreen:
// the layout build per snapshot, and one full paint of the visible map in each
// level of detail. Prints milliseconds (median of the runs).
#include "backend/fleet/gpupool.h"
#include "widgets/pools/gpuheatmapview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

constexpr int poolCount = 4;
constexpr int nodesPerPool = 500;
constexpr int gpusPerNode = 8;
constexpr int runs = 40;

std::shared_ptr<const gantry::fleet::PoolsSnapshot> fleet16k()
{
    using namespace gantry::fleet;
    auto snapshot = std::make_shared<PoolsSnapshot>();
    unsigned seed = 7;
    auto next = [&seed] {
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) & 0x7fff;
    };
    for (int p = 0; p < poolCount; ++p) {
        auto pool = std::make_shared<GpuPool>();
        pool->name = "pool-" + std::to_string(p);
        pool->gpuProduct = "NVIDIA-H100-80GB-HBM3";
        pool->nodesProvisioning = 4;
        for (int n = 0; n < nodesPerPool; ++n) {
            auto node = std::make_shared<FleetNode>();
            node->name = pool->name + "-node-" + std::to_string(n);
            node->pool = pool->name;
            node->gpuCapacity = gpusPerNode;
            const unsigned roll = next() % 100;
            node->state = roll < 2 ? NodeState::NotReady : roll < 4 ? NodeState::Cordoned : NodeState::Ready;
            for (int g = 0; g < gpusPerNode; ++g) {
                Gpu gpu;
                gpu.index = g;
                gpu.allocated = next() % 100 < 80;
                if (node->state != NodeState::NotReady) {
                    gpu.utilizationPercent = next() % 101;
                    gpu.memoryUsedMiB = next() % 81920;
                    gpu.memoryTotalMiB = 81920;
                }
                node->gpus.push_back(gpu);
            }
            pool->gpusTotal += gpusPerNode;
            pool->nodes.push_back(std::move(node));
        }
        pool->nodesReady = nodesPerPool;
        snapshot->pools.push_back(std::move(pool));
    }
    return snapshot;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Paints the view's whole viewport `runs` times into an image, as a paint event would.
double paintMs(gantry::GpuHeatmapView &view, int scrollOffset)
{
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        QPainter painter(&image);
        painter.fillRect(image.rect(), Qt::white);
        painter.translate(0, -scrollOffset);
        view.paintContent(painter, image.rect().translated(0, scrollOffset));
        painter.end();
        times.push_back(timer.nsecsElapsed() / 1e6);
    }
    return median(times);
}

const char *modeName(gantry::HeatmapMode mode)
{
    switch (mode) {
    case gantry::HeatmapMode::Rows: return "rows";
    case gantry::HeatmapMode::GpuBlocks: return "GPU blocks";
    case gantry::HeatmapMode::NodeCells: return "node cells";
    case gantry::HeatmapMode::NodeGroups: return "node groups";
    }
    return "?";
}

void report(const char *what, gantry::GpuHeatmapView &view, int scrollOffset = 0)
{
    const auto &layout = view.heatmapLayout();
    const double ms = paintMs(view, scrollOffset);
    std::printf("%-34s %4dx%-4d %-11s cell %2d px  %7.2f ms per full paint\n", what, view.viewport()->width(),
                view.viewport()->height(), modeName(layout.mode), layout.cellSize, ms);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const auto pools = fleet16k();
    std::printf("%d GPUs on %d nodes in %d pools\n", poolCount * nodesPerPool * gpusPerNode, poolCount * nodesPerPool,
                poolCount);

    gantry::GpuHeatmapView view;
    view.resize(1400, 560);
    view.setPools(pools);
    view.show(); // the offscreen platform: a real widget tree, no screen
    QCoreApplication::processEvents();

    // Layout: what a new snapshot costs before any paint.
    std::vector<double> builds;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        view.setPools(nullptr);
        view.setPools(pools);
        (void)view.heatmapLayout();
        builds.push_back(timer.nsecsElapsed() / 1e6);
    }
    std::printf("%-34s %7.2f ms per snapshot\n", "layout (fit, 1400x560)", median(builds));

    report("fit whole fleet (1400x560)", view);

    view.resize(1400, 400); // too short for GPU cells: one cell per node
    QCoreApplication::processEvents();
    report("fit, node cells (1400x400)", view);

    view.resize(1400, 1100); // tall enough for one cell per GPU: all 16,000 painted
    QCoreApplication::processEvents();
    report("fit, every GPU a cell (1400x1100)", view);

    view.resize(1400, 560);
    view.setFitToView(false);
    QCoreApplication::processEvents();
    report("rows, one screen mid-fleet", view, view.heatmapLayout().height / 2);
    return 0;
}

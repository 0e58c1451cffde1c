// The heatmap's geometry: exact positions for a small fleet, hit tests at cell
// edges, the level of detail chosen for a 16,000-GPU fleet, and aggregation.
#include "widgets/pools/heatmaplayout.h"

#include "poolsfixture.h"

#include <QTest>

using gantry::HeatmapHit;
using gantry::HeatmapLayout;
using gantry::HeatmapMetrics;
using gantry::HeatmapMode;
using gantry::fleet::NodeState;
using namespace gantry::test;

Q_DECLARE_METATYPE(HeatmapMode)

namespace {

// Fixed sizes, so every expected position below can be worked out by hand.
HeatmapMetrics testMetrics()
{
    HeatmapMetrics m;
    m.margin = 8;
    m.headerHeight = 30;
    m.sectionGap = 14;
    m.rowLabelWidth = 180;
    m.rowHeight = 22;
    m.rowCell = 16;
    m.maxCell = 16;
    m.minCell = 4;
    return m;
}

// Pool "a": two 8-GPU nodes; pool "b": one 4-GPU node and one replica without a node.
std::shared_ptr<const gantry::fleet::PoolsSnapshot> smallFleet()
{
    std::vector<GpuSpec> eight(8, GpuSpec{true, 50, 1024, "p", "m"});
    std::vector<GpuSpec> four(4, GpuSpec{false, 10, 512, {}, {}});
    auto pools = std::make_shared<gantry::fleet::PoolsSnapshot>();
    pools->pools = {makePool("a", "A100", {makeNode("a-0", "a", "A100", NodeState::Ready, eight),
                                           makeNode("a-1", "a", "A100", NodeState::NotReady, std::vector<GpuSpec>(8))}),
                    makePool("b", "H100", {makeNode("b-0", "b", "H100", NodeState::Ready, four)}, 1)};
    return pools;
}

} // namespace

class TestHeatmapLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsPositions_data()
    {
        QTest::addColumn<int>("item");
        QTest::addColumn<int>("gpu");
        QTest::addColumn<QRect>("itemRect");
        QTest::addColumn<QRect>("cell");
        QTest::addColumn<bool>("placeholder");
        // Width 600: content 584 wide from x 8; cells start after the 180 px label,
        // 3 px below the row top ((22 - 16) / 2); cell pitch 16 + 2.
        QTest::newRow("a-0 gpu 0") << 0 << 0 << QRect(8, 38, 584, 22) << QRect(188, 41, 16, 16) << false;
        QTest::newRow("a-0 gpu 3") << 0 << 3 << QRect(8, 38, 584, 22) << QRect(242, 41, 16, 16) << false;
        QTest::newRow("a-1 gpu 7") << 1 << 7 << QRect(8, 60, 584, 22) << QRect(314, 63, 16, 16) << false;
        // Second section: 82 + 14 gap = header at 96, rows from 126.
        QTest::newRow("b-0 gpu 1") << 2 << 1 << QRect(8, 126, 584, 22) << QRect(206, 129, 16, 16) << false;
        QTest::newRow("b placeholder") << 3 << 3 << QRect(8, 148, 584, 22) << QRect(242, 151, 16, 16) << true;
    }

    void rowsPositions()
    {
        QFETCH(int, item);
        QFETCH(int, gpu);
        QFETCH(QRect, itemRect);
        QFETCH(QRect, cell);
        QFETCH(bool, placeholder);
        const HeatmapLayout layout = HeatmapLayout::build(smallFleet(), 600, 0, testMetrics());
        QCOMPARE(layout.mode, HeatmapMode::Rows);
        QCOMPARE(layout.items.size(), std::size_t(4));
        QCOMPARE(layout.sections.size(), std::size_t(2));
        QCOMPARE(layout.sections[0].header, QRect(8, 8, 584, 30));
        QCOMPARE(layout.sections[1].header, QRect(8, 96, 584, 30));
        QCOMPARE(layout.height, 178);
        const auto &it = layout.items[std::size_t(item)];
        QCOMPARE(it.rect, itemRect);
        QCOMPARE(it.placeholder, placeholder);
        QCOMPARE(layout.cellRect(it, gpu), cell);
    }

    void rowsWrapWhenNarrow()
    {
        // Width 300: 284 - 180 = 104 px for cells, 5 per line; an 8-GPU node takes two lines.
        const HeatmapLayout layout = HeatmapLayout::build(smallFleet(), 300, 0, testMetrics());
        QCOMPARE(layout.sections[0].columns, 5);
        QCOMPARE(layout.items[0].rect, QRect(8, 38, 284, 44));
        QCOMPARE(layout.cellRect(layout.items[0], 4), QRect(260, 41, 16, 16));
        QCOMPARE(layout.cellRect(layout.items[0], 5), QRect(188, 63, 16, 16));
        QCOMPARE(layout.items[1].rect.top(), 82);
        // Pool b has 4-GPU nodes: one line each.
        QCOMPARE(layout.sections[1].columns, 4);
        QCOMPARE(layout.items[2].rect.height(), 22);
    }

    void hitTest_data()
    {
        QTest::addColumn<QPoint>("point");
        QTest::addColumn<int>("item");
        QTest::addColumn<int>("gpu");
        QTest::newRow("cell 0 top-left") << QPoint(188, 41) << 0 << 0;
        QTest::newRow("cell 0 bottom-right") << QPoint(203, 56) << 0 << 0;
        QTest::newRow("gap after cell 0") << QPoint(204, 41) << 0 << -1;
        QTest::newRow("last gap pixel") << QPoint(205, 56) << 0 << -1;
        QTest::newRow("cell 1 left edge") << QPoint(206, 41) << 0 << 1;
        QTest::newRow("cell 7 right edge") << QPoint(203 + 7 * 18, 50) << 0 << 7;
        QTest::newRow("right of last cell") << QPoint(204 + 7 * 18, 50) << 0 << -1;
        QTest::newRow("row padding under cells") << QPoint(190, 57) << 0 << -1;
        QTest::newRow("row padding above next cells") << QPoint(190, 60) << 1 << -1;
        QTest::newRow("next row cell 0") << QPoint(190, 63) << 1 << 0;
        QTest::newRow("name label") << QPoint(8, 41) << 0 << -1;
        QTest::newRow("left margin") << QPoint(7, 41) << -1 << -1;
        QTest::newRow("row right edge") << QPoint(591, 41) << 0 << -1;
        QTest::newRow("right margin") << QPoint(592, 41) << -1 << -1;
        QTest::newRow("above everything") << QPoint(190, 0) << -1 << -1;
        QTest::newRow("section gap") << QPoint(190, 90) << -1 << -1;
        QTest::newRow("section header") << QPoint(190, 100) << -1 << -1;
        QTest::newRow("beyond a 4-GPU node") << QPoint(188 + 4 * 18, 129) << 2 << -1;
        QTest::newRow("placeholder cell") << QPoint(188, 151) << 3 << 0;
        QTest::newRow("last row bottom") << QPoint(300, 169) << 3 << -1;
        QTest::newRow("below everything") << QPoint(300, 170) << -1 << -1;
    }

    void hitTest()
    {
        QFETCH(QPoint, point);
        QFETCH(int, item);
        QFETCH(int, gpu);
        const HeatmapLayout layout = HeatmapLayout::build(smallFleet(), 600, 0, testMetrics());
        const HeatmapHit hit = layout.hitTest(point);
        QCOMPARE(hit.item, item);
        QCOMPARE(hit.gpu, gpu);
    }

    void blocksWhenRowsDoNotFit()
    {
        // Rows need 178 px. At 150 the blocks shrink from 16 px until they fit:
        // 14 px cells, pitch 16, 8 GPUs as 4 x 2 (62 x 30), 4 GPUs as 2 x 2 (30 x 30),
        // 7 px between blocks: 8 + 30 + 30 + 14 + 30 + 30 + 8 = 150.
        const HeatmapLayout layout = HeatmapLayout::build(smallFleet(), 600, 150, testMetrics());
        QCOMPARE(layout.mode, HeatmapMode::GpuBlocks);
        QCOMPARE(layout.cellSize, 14);
        QCOMPARE(layout.height, 150);
        QCOMPARE(layout.items[0].rect, QRect(8, 38, 62, 30));
        QCOMPARE(layout.items[1].rect, QRect(77, 38, 62, 30));
        QCOMPARE(layout.items[2].rect, QRect(8, 112, 30, 30));
        QCOMPARE(layout.items[3].rect, QRect(45, 112, 30, 30));
        QVERIFY(layout.items[3].placeholder);
        QCOMPARE(layout.cellRect(layout.items[1], 5), QRect(77 + 16, 38 + 16, 14, 14));
        QCOMPARE(layout.hitTest(QPoint(77 + 16, 38 + 16)).gpu, 5);
        QCOMPARE(layout.hitTest(QPoint(77 + 16 + 14, 38 + 16)).gpu, -1);
        QCOMPARE(layout.hitTest(QPoint(70, 40)).item, -1); // between blocks
    }

    void detailFor16kGpus_data()
    {
        QTest::addColumn<int>("fitHeight");
        QTest::addColumn<HeatmapMode>("mode");
        QTest::addColumn<int>("cell");
        QTest::addColumn<int>("nodesPerCell");
        // 4 pools x 500 nodes x 8 GPUs, 1400 px wide (1384 inside the margins).
        // Fixed part: 8 + 4 * 30 + 3 * 14 + 8 = 178 px.
        // 4 px GPU blocks are 19 x 9 with 3 px gaps: 63 per line, 8 lines per pool,
        // 93 px per pool: 178 + 372 = 550 px. Below that, GPUs merge into node cells.
        QTest::newRow("tall: GPU blocks at 4 px") << 550 << HeatmapMode::GpuBlocks << 4 << 1;
        QTest::newRow("one px less: node cells") << 549 << HeatmapMode::NodeCells << 13 << 1;
        // Node cells at 4 px: 277 per line, 2 lines, 9 px per pool: 178 + 36 = 214.
        QTest::newRow("node cells at 4 px") << 214 << HeatmapMode::NodeCells << 4 << 1;
        QTest::newRow("then pairs of nodes") << 213 << HeatmapMode::NodeGroups << 4 << 2;
        QTest::newRow("unbounded: rows") << 0 << HeatmapMode::Rows << 16 << 1;
    }

    void detailFor16kGpus()
    {
        QFETCH(int, fitHeight);
        QFETCH(HeatmapMode, mode);
        QFETCH(int, cell);
        QFETCH(int, nodesPerCell);
        const auto fleet = largeFleet(4, 500, 8);
        const HeatmapLayout layout = HeatmapLayout::build(fleet, 1400, fitHeight, testMetrics());
        QCOMPARE(layout.mode, mode);
        QCOMPARE(layout.cellSize, cell);
        QCOMPARE(layout.nodesPerCell, nodesPerCell);
        if (fitHeight > 0)
            QVERIFY(layout.height <= fitHeight);
        // Every node is drawn exactly once, whatever the level of detail.
        int nodes = 0;
        int gpus = 0;
        for (const auto &item : layout.items) {
            nodes += item.nodeCount;
            gpus += item.gpuCount;
        }
        QCOMPARE(nodes, 2000);
        QCOMPARE(gpus, 16000);
    }

    void cellsNeverShrinkBelowMinimum()
    {
        const auto fleet = largeFleet(4, 500, 8);
        HeatmapMode previous = HeatmapMode::NodeGroups;
        for (int height = 60; height <= 3000; height += 37) {
            const HeatmapLayout layout = HeatmapLayout::build(fleet, 1400, height, testMetrics());
            QVERIFY2(layout.cellSize >= 4, qPrintable(QStringLiteral("height %1").arg(height)));
            if (layout.height > height)
                continue; // nothing fits: the scrolling fallback
            // Among layouts that fit, more room never means less detail.
            QVERIFY(static_cast<int>(layout.mode) <= static_cast<int>(previous));
            previous = layout.mode;
        }
    }

    void aggregateSummaryMarksMixedStates()
    {
        // 20 px wide: one 4 px cell per line. Node cells need 90 + 2 * 9 = 108 px;
        // pairs need 90 + 4 + 9 = 103. The first cell holds a ready node at 50 %
        // with all GPUs allocated and a not-ready one without readings.
        const HeatmapLayout layout = HeatmapLayout::build(smallFleet(), 20, 105, testMetrics());
        QCOMPARE(layout.mode, HeatmapMode::NodeGroups);
        QCOMPARE(layout.nodesPerCell, 2);
        QCOMPARE(layout.cellSize, 4);
        QCOMPARE(layout.height, 103);
        const auto &item = layout.items[0];
        QCOMPARE(item.nodeCount, 2);
        const auto summary = layout.summarize(item);
        QCOMPARE(summary.nodes, 2);
        QCOMPARE(summary.gpus, 16);
        QCOMPARE(summary.allocated, 8);
        QVERIFY(summary.utilizationPercent.has_value());
        QCOMPARE(*summary.utilizationPercent, 50.0);
        QVERIFY(summary.hasState(NodeState::Ready));
        QVERIFY(summary.hasState(NodeState::NotReady));
        QVERIFY(summary.mixedStates());

        const auto &placeholder = layout.items.back();
        QVERIFY(placeholder.placeholder);
        const auto pending = layout.summarize(placeholder);
        QVERIFY(pending.placeholder);
        QVERIFY(!pending.mixedStates());
        QVERIFY(!pending.utilizationPercent.has_value());
    }

    void scrollsWhenNothingFits()
    {
        // Shorter than the headers alone: no grouping helps, so node cells at the
        // smallest size, and the view scrolls.
        const HeatmapLayout layout = HeatmapLayout::build(largeFleet(4, 500, 8), 1400, 100, testMetrics());
        QCOMPARE(layout.mode, HeatmapMode::NodeCells);
        QCOMPARE(layout.cellSize, 4);
        QVERIFY(layout.height > 100);
    }

    void visibleRangeIsExact()
    {
        const HeatmapLayout layout = HeatmapLayout::build(largeFleet(4, 500, 8), 1400, 0, testMetrics());
        const int top = 10000;
        const int bottom = 10899;
        const auto [first, last] = layout.itemsBetween(top, bottom);
        QVERIFY(first < last);
        for (std::size_t i = first; i < last; ++i)
            QVERIFY(layout.items[i].rect.bottom() >= top && layout.items[i].rect.top() <= bottom);
        QVERIFY(first == 0 || layout.items[first - 1].rect.bottom() < top);
        QVERIFY(last == layout.items.size() || layout.items[last].rect.top() > bottom);
        const auto [s0, s1] = layout.sectionsBetween(top, bottom);
        QCOMPARE(s1 - s0, std::size_t(1));
    }

    void badInputDegrades()
    {
        // A node claiming a billion GPUs is capped, an empty pool has a header and no body,
        // and a null snapshot lays out as nothing.
        auto node = std::make_shared<gantry::fleet::FleetNode>();
        node->name = "liar";
        node->gpuCapacity = 1e9;
        node->state = NodeState::Ready;
        auto pools = std::make_shared<gantry::fleet::PoolsSnapshot>();
        pools->pools = {makePool("big", "", {node}), makePool("empty", "", {})};
        const HeatmapLayout layout = HeatmapLayout::build(pools, 800, 0, testMetrics());
        QCOMPARE(HeatmapLayout::gpuCountOf(*node), 64);
        QCOMPARE(layout.sections[1].itemCount, std::size_t(0));
        QCOMPARE(layout.sections[1].body.height(), 0);
        QVERIFY(layout.gpu(layout.items[0], 3) == nullptr);
        QCOMPARE(HeatmapLayout::build(nullptr, 800, 0, testMetrics()).items.size(), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestHeatmapLayout)
#include "tst_heatmaplayout.moc"

// The heatmap view: tooltips name what is under the pointer, clicks activate
// nodes, snapshots are coalesced into steady frames, and 16,000 GPUs render.
#include "widgets/pools/gpuheatmapview.h"

#include "common/testoutput.h"
#include "poolsfixture.h"

#include <QElapsedTimer>
#include <QPaintEvent>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using gantry::GpuHeatmapView;
using gantry::HeatmapColourMode;
using gantry::HeatmapItem;
using gantry::HeatmapLayout;
using gantry::HeatmapMode;
using namespace gantry::test;

namespace {

// The layout item of `nodeName`, or nullptr.
const HeatmapItem *itemOf(const HeatmapLayout &layout, const std::string &nodeName)
{
    for (const auto &item : layout.items) {
        const auto *node = layout.node(item);
        if (node && node->name == nodeName)
            return &item;
    }
    return nullptr;
}

class PaintCounter : public QObject
{
public:
    int paints = 0;
    QRegion painted;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            ++paints;
            painted += static_cast<QPaintEvent *>(event)->region();
        }
        return false;
    }
};

qint64 area(const QRegion &region)
{
    qint64 sum = 0;
    for (const QRect &r : region)
        sum += qint64(r.width()) * r.height();
    return sum;
}

} // namespace

class TestGpuHeatmapView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tooltipNamesGpuPodModelAndFigures()
    {
        GpuHeatmapView view;
        view.resize(1000, 600);
        const auto pools = threePools();
        view.setSnapshot(wrap(pools));
        const HeatmapLayout &layout = view.heatmapLayout();
        QCOMPARE(layout.mode, HeatmapMode::Rows);
        const HeatmapItem *item = itemOf(layout, "gpu-a100-node-01");
        QVERIFY(item);

        const auto &gpu = pools->pools[0]->nodes[0]->gpus[2];
        const QString tip = view.toolTipAt(layout.cellRect(*item, 2).center());
        QVERIFY2(tip.contains(QStringLiteral("gpu-a100-node-01 · GPU 2")), qPrintable(tip));
        QVERIFY(tip.contains(QString::fromStdString(gpu.podName)));
        QVERIFY(tip.contains(QStringLiteral("InferenceService: mistral-7b")));
        QVERIFY(tip.contains(QStringLiteral("Utilization: 72 %")));
        QVERIFY(tip.contains(QStringLiteral("48.5 / 80.0 GiB")));
        QVERIFY(tip.contains(QStringLiteral("Power: %1 W").arg(*gpu.powerWatts, 0, 'f', 0)));
        QVERIFY(tip.contains(QStringLiteral("Temperature: %1 °C").arg(*gpu.temperatureCelsius, 0, 'f', 0)));
        QVERIFY(tip.contains(QStringLiteral("Node: Ready")));

        // A free GPU says so; a not-ready node's GPU says why the node is down.
        QVERIFY(view.toolTipAt(layout.cellRect(*item, 7).center()).contains(QStringLiteral("Free")));
        const HeatmapItem *down = itemOf(layout, "gpu-a100-node-02");
        QVERIFY(down);
        const QString downTip = view.toolTipAt(layout.cellRect(*down, 0).center());
        QVERIFY(downTip.contains(QStringLiteral("No readings")));
        QVERIFY(downTip.contains(QStringLiteral("Not ready — KubeletNotReady")));

        // Between cells the node is summarised; off the map there is nothing.
        const QRect cell = layout.cellRect(*item, 0);
        const QString nodeTip = view.toolTipAt(QPoint(cell.right() + 1, cell.center().y()));
        QVERIFY(nodeTip.startsWith(QStringLiteral("gpu-a100-node-01\n")));
        QVERIFY(nodeTip.contains(QStringLiteral("6 / 8 GPUs allocated")));
        QVERIFY(view.toolTipAt(QPoint(2, 2)).isEmpty());
    }

    void tooltipFollowsScrolling()
    {
        GpuHeatmapView view;
        view.setFitToView(false);
        view.resize(900, 300);
        view.setSnapshot(wrap(largeFleet(1, 200, 8)));
        view.show();
        const HeatmapLayout &layout = view.heatmapLayout();
        const HeatmapItem *item = itemOf(layout, "gpu-0-node-0100");
        QVERIFY(item);
        view.verticalScrollBar()->setValue(item->rect.top() - 50);
        const QPoint inViewport = layout.cellRect(*item, 1).center() - QPoint(0, view.verticalScrollBar()->value());
        QVERIFY(view.toolTipAt(inViewport).startsWith(QStringLiteral("gpu-0-node-0100 · GPU 1")));
    }

    void clickActivatesNode()
    {
        GpuHeatmapView view;
        view.resize(1000, 600);
        view.setSnapshot(wrap(threePools()));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &GpuHeatmapView::nodeActivated);
        const HeatmapLayout &layout = view.heatmapLayout();

        const HeatmapItem *cordoned = itemOf(layout, "gpu-h200-node-01");
        QVERIFY(cordoned);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, layout.cellRect(*cordoned, 5).center());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("gpu-h200-node-01"));

        // The node's name label is part of the node too.
        const HeatmapItem *h100 = itemOf(layout, "gpu-h100-node-01");
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, h100->rect.topLeft() + QPoint(10, 5));
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("gpu-h100-node-01"));

        // A placeholder has no node yet, a header is not a node, a right click is not a click.
        const auto placeholder = std::find_if(layout.items.begin(), layout.items.end(),
                                              [](const HeatmapItem &i) { return i.placeholder; });
        QVERIFY(placeholder != layout.items.end());
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, layout.cellRect(*placeholder, 0).center());
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, layout.sections[0].header.center());
        QTest::mouseClick(view.viewport(), Qt::RightButton, {}, layout.cellRect(*cordoned, 0).center());
        QCOMPARE(spy.count(), 2);
    }

    void snapshotsAreCoalescedIntoFrames()
    {
        GpuHeatmapView view;
        view.resize(800, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        PaintCounter counter;
        view.viewport()->installEventFilter(&counter);
        QTest::qWait(100);
        counter.paints = 0;
        // A snapshot every few milliseconds, the event loop running in between:
        // the view paints on its frame clock (40 ms), not once per snapshot.
        const std::shared_ptr<const gantry::fleet::PoolsSnapshot> fleets[] = {largeFleet(2, 60, 8), largeFleet(2, 69, 8)};
        QElapsedTimer clock;
        clock.start();
        int snapshots = 0;
        while (clock.elapsed() < 400) {
            view.setPools(fleets[snapshots++ % 2]);
            QTest::qWait(4);
        }
        QTest::qWait(100);
        const qint64 elapsed = clock.elapsed();
        QVERIFY(counter.paints >= 2);
        QVERIFY2(counter.paints <= elapsed / 40 + 2,
                 qPrintable(QStringLiteral("%1 paints for %2 snapshots in %3 ms").arg(counter.paints).arg(snapshots).arg(elapsed)));
        QVERIFY(snapshots > counter.paints * 2);
        QCOMPARE(view.heatmapLayout().items.size(), std::size_t(2 * (snapshots % 2 ? 60 : 69)));
    }

    void hoverRepaintsOnlyTheItemsConcerned()
    {
        GpuHeatmapView view;
        view.resize(1400, 560);
        view.setSnapshot(wrap(largeFleet(4, 500, 8)));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        PaintCounter counter;
        view.viewport()->installEventFilter(&counter);
        QTest::qWait(100);
        counter.paints = 0;
        counter.painted = QRegion();

        const HeatmapLayout &layout = view.heatmapLayout();
        const HeatmapItem &target = layout.items[700];
        QTest::mouseMove(view.viewport(), target.rect.center());
        QTRY_VERIFY(counter.paints >= 1);
        QTest::qWait(60);
        // One node's block, not the 16,000-cell map.
        QVERIFY(counter.painted.boundingRect().contains(target.rect));
        QVERIFY2(area(counter.painted) < qint64(view.viewport()->width()) * view.viewport()->height() / 50,
                 qPrintable(QString::number(area(counter.painted))));
    }

    void colourModeChangesTheRender()
    {
        GpuHeatmapView view;
        view.resize(1000, 400);
        view.setSnapshot(wrap(threePools()));
        const QImage utilization = view.grab().toImage();
        view.setColourMode(HeatmapColourMode::MemoryUsed);
        const QImage memory = view.grab().toImage();
        QVERIFY(utilization != memory);
    }

    void renders16kGpus()
    {
        GpuHeatmapView view;
        view.resize(1400, 560);
        const auto fleet = largeFleet(4, 500, 8, 6);
        view.setSnapshot(wrap(fleet));
        const QImage image = saveRender(&view, QStringLiteral("pools-heatmap-16k"));
        QVERIFY(distinctColours(image) >= 32);
        const HeatmapLayout &layout = view.heatmapLayout();
        QVERIFY(layout.height <= 560); // the whole fleet fits: no scrolling needed to see it
        QVERIFY(layout.cellSize >= 4);
        int nodes = 0;
        for (const auto &item : layout.items)
            nodes += item.placeholder ? 0 : item.nodeCount;
        QCOMPARE(nodes, 2000);

        // Detail on demand: rows, scrolled, each node one click away.
        view.setFitToView(false);
        QCOMPARE(view.heatmapLayout().mode, HeatmapMode::Rows);
        QVERIFY(view.verticalScrollBar()->maximum() > 2000 * 10);
        const HeatmapItem *last = itemOf(view.heatmapLayout(), "gpu-3-node-0499");
        QVERIFY(last);
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
        const QPoint at = last->rect.topLeft() + QPoint(20, 5) - QPoint(0, view.verticalScrollBar()->value());
        QCOMPARE(view.nodeAt(at), QStringLiteral("gpu-3-node-0499"));
        QVERIFY(distinctColours(view.grab().toImage()) >= 16);
    }
};

QTEST_MAIN(TestGpuHeatmapView)
#include "tst_gpuheatmapview.moc"

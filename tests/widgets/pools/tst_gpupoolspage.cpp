// The GPU pools page: cards, heatmap, colour selector and legend on a realistic
// small fleet, in light and dark themes; empty states; node activation.
#include "widgets/pools/gpupoolspage.h"

#include "common/testoutput.h"
#include "poolsfixture.h"
#include "widgets/pools/gpuheatmapview.h"
#include "widgets/pools/heatmaplegend.h"
#include "widgets/pools/poolcard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using gantry::GpuPoolsPage;
using gantry::HeatmapColourMode;
using gantry::HeatmapLayout;
using gantry::HeatmapMode;
using namespace gantry::test;

namespace {

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x1f, 0x22, 0x26));
    p.setColor(QPalette::WindowText, QColor(0xe4, 0xe6, 0xea));
    p.setColor(QPalette::Base, QColor(0x27, 0x2b, 0x30));
    p.setColor(QPalette::AlternateBase, QColor(0x2e, 0x33, 0x39));
    p.setColor(QPalette::Text, QColor(0xe4, 0xe6, 0xea));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa1, 0xab));
    p.setColor(QPalette::Button, QColor(0x2e, 0x33, 0x39));
    p.setColor(QPalette::ButtonText, QColor(0xe4, 0xe6, 0xea));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8b, 0xfd));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x45, 0x4b, 0x53));
    return p;
}

// The mean luminance of an image: tells a dark render from a light one.
double meanLightness(const QImage &image)
{
    double sum = 0;
    int n = 0;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7) {
            sum += QColor(image.pixel(x, y)).lightnessF();
            ++n;
        }
    }
    return n ? sum / n : 0;
}

} // namespace

class TestGpuPoolsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rendersLightAndDark_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }

    void rendersLightAndDark()
    {
        QFETCH(bool, dark);
        GpuPoolsPage page;
        if (dark)
            page.setPalette(darkPalette());
        page.setAutoFillBackground(true);
        page.resize(1400, 900);
        page.setSnapshot(wrap(threePools()));
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(page.emptyStateText().isEmpty());

        const QImage image = saveRender(&page, dark ? QStringLiteral("pools-page-dark") : QStringLiteral("pools-page-light"));
        QVERIFY(distinctColours(image) >= 48);
        if (dark)
            QVERIFY(meanLightness(image) < 0.35);
        else
            QVERIFY(meanLightness(image) > 0.65);

        // A card per pool, in snapshot order, with its figures.
        QCOMPARE(page.cards().size(), std::size_t(3));
        QCOMPARE(page.cards()[0]->poolName(), QStringLiteral("a100"));
        QCOMPARE(page.cards()[1]->pendingText(), QStringLiteral("+8 GPUs pending"));
        QCOMPARE(page.cards()[2]->nodeCountsText(), QStringLiteral("0 ready · 0 provisioning · 0 not ready · 1 cordoned"));
        for (const auto *card : page.cards()) {
            QVERIFY(card->isVisible());
            QVERIFY(card->width() >= card->minimumSizeHint().width());
            QCOMPARE(card->height(), card->sizeHint().height()); // never squeezed
        }

        // The heatmap shows every node labelled, with room to spare.
        const HeatmapLayout &layout = page.heatmap()->heatmapLayout();
        QCOMPARE(layout.mode, HeatmapMode::Rows);
        QCOMPARE(layout.items.size(), std::size_t(5)); // 4 nodes and the provisioning replica
        QVERIFY(layout.height <= page.heatmap()->viewport()->height());
        QVERIFY(page.heatmap()->isVisible());
        QVERIFY(page.legend()->isVisible());
        QVERIFY(page.legend()->width() >= page.legend()->sizeHint().width()); // nothing clipped
        QVERIFY(page.legend()->entries().contains(QStringLiteral("not ready")));
        QVERIFY(page.legend()->entries().contains(QStringLiteral("provisioning")));
        const auto *heading = page.findChild<QLabel *>(QStringLiteral("heatmapTitle"));
        QVERIFY(heading);
        QCOMPARE(heading->text(), QStringLiteral("GPUs · 32 on 4 nodes"));
    }

    void colourSelectorDrivesHeatmapAndLegend()
    {
        GpuPoolsPage page;
        page.resize(1400, 900);
        page.setSnapshot(wrap(threePools()));
        auto *combo = page.findChild<QComboBox *>(QStringLiteral("colourMode"));
        QVERIFY(combo);
        QCOMPARE(combo->count(), 2);
        QCOMPARE(page.heatmap()->colourMode(), HeatmapColourMode::Utilization);
        QCOMPARE(page.legend()->entries().first(), QStringLiteral("GPU utilization"));
        combo->setCurrentIndex(1);
        QCOMPARE(page.heatmap()->colourMode(), HeatmapColourMode::MemoryUsed);
        QCOMPARE(page.legend()->entries().first(), QStringLiteral("Memory used"));

        auto *fit = page.findChild<QCheckBox *>(QStringLiteral("fitWholeFleet"));
        QVERIFY(fit && fit->isChecked());
        fit->setChecked(false);
        QVERIFY(!page.heatmap()->fitToView());
    }

    void legendFollowsAggregation()
    {
        // 16,000 GPUs: on a 1400 x 900 page every GPU still gets a cell of at least
        // 4 px; on shorter pages GPUs merge into node cells, then nodes into groups,
        // and the legend explains the marks of each level.
        GpuPoolsPage page;
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.setSnapshot(wrap(largeFleet(4, 500, 8, 2)));
        saveRender(&page, QStringLiteral("pools-page-16k"));
        const HeatmapLayout &tall = page.heatmap()->heatmapLayout();
        QVERIFY(tall.cellSize >= 4);
        QVERIFY(tall.height <= page.heatmap()->viewport()->height());
        QCOMPARE(page.legend()->entries().contains(QStringLiteral("all GPUs allocated")), tall.aggregated());

        page.resize(1400, 700);
        QTRY_COMPARE(page.heatmap()->heatmapLayout().mode, HeatmapMode::NodeCells);
        QVERIFY(page.heatmap()->heatmapLayout().height <= page.heatmap()->viewport()->height());
        QVERIFY(page.legend()->entries().contains(QStringLiteral("all GPUs allocated")));
        QVERIFY(!page.legend()->entries().contains(QStringLiteral("some nodes not ready")));
        QTRY_VERIFY(page.legend()->width() >= page.legend()->sizeHint().width());
        saveRender(&page, QStringLiteral("pools-page-16k-short"));

        page.resize(1400, 470);
        QTRY_COMPARE(page.heatmap()->heatmapLayout().mode, HeatmapMode::NodeGroups);
        QVERIFY(page.legend()->entries().contains(QStringLiteral("some nodes not ready")));
        // The longer legend gets the room it asks for once the layout has run.
        QTRY_VERIFY(page.legend()->width() >= page.legend()->sizeHint().width());
        saveRender(&page, QStringLiteral("pools-page-16k-groups"));
    }

    void emptyStates()
    {
        GpuPoolsPage page;
        QVERIFY(page.emptyStateText().contains(QStringLiteral("Waiting")));
        page.setSnapshot(wrap(std::make_shared<gantry::fleet::PoolsSnapshot>()));
        QCOMPARE(page.emptyStateText(),
                 QStringLiteral("No GPU nodes in this cluster. Gantry groups nodes that have nvidia.com/gpu capacity "
                                "or GPU feature discovery labels."));
        QVERIFY(page.cards().empty());
        page.setSnapshot(wrap(threePools()));
        QVERIFY(page.emptyStateText().isEmpty());
        QCOMPARE(page.cards().size(), std::size_t(3));
        page.setSnapshot(wrap(std::make_shared<gantry::fleet::PoolsSnapshot>()));
        QVERIFY(page.cards().empty()); // cards of pools that left are gone
    }

    void unchangedPoolsAreNotRedone()
    {
        GpuPoolsPage page;
        const auto pools = threePools();
        page.setSnapshot(wrap(pools));
        const auto *first = page.cards()[0];
        // A new fleet snapshot with the same pools object: nothing to do, same cards.
        page.setSnapshot(wrap(pools));
        QCOMPARE(page.cards()[0], first);
        QCOMPARE(page.heatmap()->pools(), pools);
    }

    void nodeClicksAreForwarded()
    {
        GpuPoolsPage page;
        page.resize(1400, 900);
        page.setSnapshot(wrap(threePools()));
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy spy(&page, &GpuPoolsPage::nodeActivated);
        const HeatmapLayout &layout = page.heatmap()->heatmapLayout();
        const auto &item = layout.items[1]; // the second A100 node
        QTest::mouseClick(page.heatmap()->viewport(), Qt::LeftButton, {}, layout.cellRect(item, 0).center());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("gpu-a100-node-02"));
    }
};

QTEST_MAIN(TestGpuPoolsPage)
#include "tst_gpupoolspage.moc"

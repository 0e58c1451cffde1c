#include "widgets/coldstarts/coldstartcomparisonpanel.h"

#include "coldstartsfixture.h"
#include "common/testoutput.h"
#include "widgets/coldstarts/weightsourcecomparison.h"

#include <QTest>

using gantry::ColdStartComparisonPanel;
using gantry::WeightSourceSummary;
using namespace gantry::test;

namespace {

const WeightSourceSummary *find(const std::vector<WeightSourceSummary> &summaries, const std::string &source)
{
    for (const WeightSourceSummary &summary : summaries) {
        if (summary.source == source)
            return &summary;
    }
    return nullptr;
}

std::vector<std::shared_ptr<const gantry::fleet::ColdStart>> constStarts()
{
    std::vector<std::shared_ptr<const gantry::fleet::ColdStart>> result;
    for (auto &start : realisticStarts())
        result.push_back(start);
    return result;
}

} // namespace

class TestColdStartComparisonPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void summarisesBySource()
    {
        const auto summaries = gantry::compareWeightSources(constStarts());
        // Fast local sources first, the hub last.
        QCOMPARE(summaries.size(), std::size_t(5));
        QCOMPARE(summaries.front().source, std::string("node cache"));
        QCOMPARE(summaries[1].source, std::string("OCI image"));
        QCOMPARE(summaries[2].source, std::string("shared volume"));
        QCOMPARE(summaries[3].source, std::string("object store"));
        QCOMPARE(summaries.back().source, std::string("hub"));

        const WeightSourceSummary *cache = find(summaries, "node cache");
        QCOMPARE(cache->total.count, std::size_t(2));
        QCOMPARE(cache->total.p50, (100.0 + 72.0) / 2);
        QCOMPARE(cache->medianByPhase.at(ColdStartPhase::WeightLoad), (52.0 + 27.0) / 2);
        // Neither needed a download: a skipped phase counts as 0 s.
        QCOMPARE(cache->medianByPhase.at(ColdStartPhase::ModelDownload), 0.0);

        const WeightSourceSummary *hub = find(summaries, "hub");
        QCOMPARE(hub->total.count, std::size_t(2)); // the mistral start in progress does not count…
        QCOMPARE(hub->inProgress, std::size_t(1));  // …but is reported
        QCOMPARE(hub->total.p50, (1385.0 + 1639.0) / 2);
        QCOMPARE(hub->medianByPhase.at(ColdStartPhase::ModelDownload), (1220.0 + 1195.0) / 2);
        QCOMPARE(hub->medianByPhase.at(ColdStartPhase::NodeProvisioning), 272.0 / 2);
        QVERIFY(hub->medianSum() > 10 * cache->medianSum());

        // The merged OCI start tells nothing about image pull or weight load alone;
        // those medians come from the other start only.
        const WeightSourceSummary *oci = find(summaries, "OCI image");
        QCOMPARE(oci->total.count, std::size_t(2));
        QCOMPARE(oci->medianByPhase.at(ColdStartPhase::ImagePull), 418.0);
        QCOMPARE(oci->medianByPhase.at(ColdStartPhase::WeightLoad), 58.0);
        QCOMPARE(oci->medianByPhase.at(ColdStartPhase::EngineWarmup), (44.0 + 49.0) / 2);
    }

    void unknownSourcesGoLast()
    {
        auto odd = makeStart({"x", "x-1", "u1", "n", "", "ns", 0, {{ColdStartPhase::WeightLoad, 10, ""}}});
        auto cached = makeStart({"x", "x-2", "u2", "n", "node cache", "ns", 0, {{ColdStartPhase::WeightLoad, 10, ""}}});
        const auto summaries = gantry::compareWeightSources({odd, cached, nullptr});
        QCOMPARE(summaries.size(), std::size_t(2));
        QCOMPARE(summaries.back().source, std::string("unknown"));
        QVERIFY(gantry::weightSourceRank("node cache") < gantry::weightSourceRank("hub"));
        QVERIFY(gantry::compareWeightSources({}).empty());
    }

    void rendersTheComparison_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void rendersTheComparison()
    {
        QFETCH(bool, dark);
        ColdStartComparisonPanel panel;
        QVERIFY(!panel.emptyStateText().isEmpty());
        if (dark) {
            QPalette palette;
            palette.setColor(QPalette::Window, QColor(0x23, 0x26, 0x29));
            palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
            palette.setColor(QPalette::Base, QColor(0x1b, 0x1e, 0x20));
            palette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
            panel.setPalette(palette);
            panel.setAutoFillBackground(true);
        }
        panel.setSnapshot(realisticSnapshot());
        QVERIFY(panel.emptyStateText().isEmpty());
        QCOMPARE(panel.summaries().size(), std::size_t(5));
        // The scale is set by the slowest source (hub, ~25 min).
        QVERIFY(panel.scaleSeconds() > 1400 && panel.scaleSeconds() < 1700);
        panel.resize(1400, panel.sizeHint().height());
        const QImage image = saveRender(&panel, dark ? QStringLiteral("coldstarts-comparison-dark") : QStringLiteral("coldstarts-comparison-light"));
        QVERIFY(distinctColours(image) > 8);
    }
};

QTEST_MAIN(TestColdStartComparisonPanel)
#include "tst_coldstartcomparisonpanel.moc"

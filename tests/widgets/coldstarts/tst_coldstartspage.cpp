#include "widgets/coldstarts/coldstartspage.h"

#include "coldstartsfixture.h"
#include "common/testoutput.h"
#include "widgets/coldstarts/coldstartcomparisonpanel.h"
#include "widgets/coldstarts/coldstartcsv.h"
#include "widgets/coldstarts/coldstartmodel.h"
#include "widgets/coldstarts/coldstarttimelineview.h"
#include "widgets/coldstarts/phasecolours.h"
#include "widgets/coldstarts/phaselegend.h"

#include <QAction>
#include <QBuffer>
#include <QLabel>
#include <QTest>

using gantry::ColdStartsPage;
using namespace gantry::test;

namespace {

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x23, 0x26, 0x29));
    palette.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Base, QColor(0x1b, 0x1e, 0x20));
    palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x29, 0x2c));
    palette.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Button, QColor(0x31, 0x36, 0x3b));
    palette.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    palette.setColor(QPalette::HighlightedText, QColor(0xfc, 0xfc, 0xfc));
    palette.setColor(QPalette::Mid, QColor(0x4d, 0x52, 0x57));
    palette.setColor(QPalette::Dark, QColor(0x15, 0x17, 0x19));
    palette.setColor(QPalette::Light, QColor(0x40, 0x45, 0x4a));
    palette.setColor(QPalette::Midlight, QColor(0x35, 0x3a, 0x3f));
    palette.setColor(QPalette::Shadow, QColor(0x0a, 0x0a, 0x0a));
    palette.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    return palette;
}

/// The share of pixels close to `colour` in `image`.
double share(const QImage &image, const QColor &colour)
{
    int hits = 0, total = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QColor pixel(image.pixel(x, y));
            ++total;
            if (std::abs(pixel.red() - colour.red()) + std::abs(pixel.green() - colour.green()) + std::abs(pixel.blue() - colour.blue()) < 12)
                ++hits;
        }
    }
    return total ? double(hits) / total : 0;
}

QStringList csvLines(const ColdStartsPage &page)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (!page.exportCsv(buffer))
        return {};
    return QString::fromUtf8(buffer.data()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestColdStartsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void emptyStateUntilAStartIsKnown()
    {
        ColdStartsPage page;
        QVERIFY(page.emptyStateText().contains(QStringLiteral("No replica has started since Gantry connected")));
        page.setSnapshot(fleetOf(coldStartsOf({}, realisticNow()), realisticNow()));
        QVERIFY(!page.emptyStateText().isEmpty());
        page.setSnapshot(realisticSnapshot());
        QVERIFY(page.emptyStateText().isEmpty());
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("coldStartSummary"))->text(), QStringLiteral("9 starts · 1 in progress"));
        page.setSnapshot(nullptr);
        QVERIFY(!page.emptyStateText().isEmpty());
    }

    void exportsOneCsvLinePerSpan()
    {
        ColdStartsPage page;
        QBuffer none;
        none.open(QIODevice::WriteOnly);
        QVERIFY(!page.exportCsv(none)); // nothing to export yet
        page.setSnapshot(realisticSnapshot());
        const QStringList lines = csvLines(page);
        QCOMPARE(lines.first(), QStringLiteral("service,pod,node,weight source,phase,start,end,seconds,inferred,evidence"));
        int spans = 0;
        const auto snapshot = realisticSnapshot();
        for (const auto &start : snapshot->coldStarts->starts)
            spans += static_cast<int>(start->phases.size());
        QCOMPARE(lines.size(), 1 + spans);
        QVERIFY(lines.contains(QStringLiteral("chat,chat-predictor-6f8d9c7b5-k2x9q,gpu-a100-03,hub,model download,"
                                              "2026-11-23T14:01:10Z,2026-11-23T14:21:30Z,1220,false,initContainerStatuses storage-initializer")));
        // The merged span is marked inferred and named after both phases.
        QVERIFY(lines.contains(QStringLiteral("qwen,qwen-predictor-8e9f0a1b2-f5g6h,gpu-l40s-02,OCI image,image pull → weight load,"
                                              "2026-11-23T14:12:04Z,2026-11-23T14:20:26Z,502,true,condition PodScheduled → log: Loading weights took")));
        // The open download has a start but no end and no seconds yet.
        QVERIFY(lines.contains(QStringLiteral("mistral,mistral-predictor-7d6c5b4a3-n8m1x,gpu-a100-08,hub,model download,"
                                              "2026-11-23T14:36:57Z,,,false,initContainerStatuses storage-initializer")));
        // Ready is a moment.
        QVERIFY(lines.contains(QStringLiteral("chat,chat-predictor-6f8d9c7b5-k2x9q,gpu-a100-03,hub,ready,2026-11-23T14:23:05Z,,,false,condition Ready")));
    }

    void csvQuotesWhatNeedsQuoting()
    {
        QCOMPARE(gantry::csvField(QStringLiteral("plain")), QStringLiteral("plain"));
        QCOMPARE(gantry::csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
        QCOMPARE(gantry::csvField(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
        QCOMPARE(gantry::csvField(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));

        auto start = makeStart({"svc", "pod-1", "uid", "node", "hub", "ns", 0.25, {{ColdStartPhase::WeightLoad, 1.5, "log: \"Loading\", took"}}});
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(gantry::writeColdStartsCsv(*coldStartsOf({start}, realisticNow()), buffer));
        const QStringList lines = QString::fromUtf8(buffer.data()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        // Sub-second evidence keeps its precision; fields with commas and quotes are quoted.
        QCOMPARE(lines.at(1), QStringLiteral("svc,pod-1,node,hub,weight load,2026-11-23T14:00:00.250000Z,2026-11-23T14:00:01.750000Z,1.5,false,"
                                             "\"log: \"\"Loading\"\", took\""));
    }

    void rendersThePage_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void rendersThePage()
    {
        QFETCH(bool, dark);
        ColdStartsPage page;
        page.timeline()->setTimeZone(QTimeZone::utc());
        if (dark)
            page.setPalette(darkPalette());
        page.resize(1400, 900);
        page.setSnapshot(realisticSnapshot());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));

        const QString name = dark ? QStringLiteral("coldstarts-page-dark") : QStringLiteral("coldstarts-page-light");
        const QImage image = saveRender(&page, name);
        QCOMPARE(image.size(), QSize(1400, 900));
        QVERIFY(distinctColours(image) >= 32);
        // Every phase colour that has a bar is on screen, in quantity.
        for (ColdStartPhase phase : {ColdStartPhase::ImagePull, ColdStartPhase::ModelDownload, ColdStartPhase::WeightLoad, ColdStartPhase::EngineWarmup})
            QVERIFY2(share(image, gantry::phaseColour(phase)) > 0.001, qPrintable(gantry::phaseLabel(phase)));
        // The background follows the theme.
        const QColor corner(image.pixel(image.width() - 3, image.height() - 3));
        QCOMPARE(corner.lightness() < 128, dark);

        // Labels an operator reads: the legend, the axis, the comparison, the totals.
        QCOMPARE(page.legend()->labels().mid(0, 7),
                 (QStringList{QStringLiteral("waiting for capacity"), QStringLiteral("node provisioning"), QStringLiteral("image pull"),
                              QStringLiteral("model download"), QStringLiteral("weight load"), QStringLiteral("engine warm-up"), QStringLiteral("ready")}));
        QVERIFY(page.legend()->isVisible());
        QVERIFY(page.comparison()->isVisible());
        QVERIFY(page.comparison()->height() >= page.comparison()->minimumSizeHint().height());
        const auto &frame = page.timeline()->frame();
        const double step = frame.tickStep(page.timeline()->fontMetrics());
        QStringList ticks;
        for (double tick : frame.axis.ticks(step, frame.zoneOffset()))
            ticks << frame.tickLabel(tick, step);
        QVERIFY2(ticks.contains(QStringLiteral("14:20")), qPrintable(ticks.join(QLatin1Char(' '))));
        QVERIFY(ticks.size() >= 5);
        const QModelIndex chat = page.model()->indexOfService(QStringLiteral("llm-serving/chat"));
        QVERIFY(page.timeline()->visualRect(chat).isValid());
    }

    void narrowPagesWrapTheLegend()
    {
        ColdStartsPage page;
        page.timeline()->setTimeZone(QTimeZone::utc());
        page.resize(1400, 900);
        page.setSnapshot(realisticSnapshot());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const int wide = page.legend()->height();
        page.resize(760, 640);
        QTRY_VERIFY(page.legend()->height() > wide);
        const QImage image = saveRender(&page, QStringLiteral("coldstarts-page-narrow"));
        QVERIFY(distinctColours(image) >= 24);
        QVERIFY(page.timeline()->axis().width > 100);
    }

    void rendersThePngExport()
    {
        ColdStartsPage page;
        page.timeline()->setTimeZone(QTimeZone::utc());
        page.resize(1200, 800);
        page.setSnapshot(realisticSnapshot());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QImage image = page.renderPng(QSize(1600, 700));
        QCOMPARE(image.size(), QSize(1600, 700));
        QVERIFY(distinctColours(image) >= 24);
        QVERIFY(share(image, gantry::phaseColour(ColdStartPhase::ModelDownload)) > 0.005);
        image.save(outputDir() + QStringLiteral("/coldstarts-export.png"));

        // Aligned at creation, the export follows.
        page.alignAction()->setChecked(true);
        QCOMPARE(page.timeline()->alignment(), gantry::TimelineFrame::Alignment::Created);
        const QImage aligned = page.renderPng(QSize(1600, 700));
        QVERIFY(aligned != image);
        aligned.save(outputDir() + QStringLiteral("/coldstarts-export-aligned.png"));
        QVERIFY(!page.legend()->labels().contains(QStringLiteral("now")));
    }
};

QTEST_MAIN(TestColdStartsPage)
#include "tst_coldstartspage.moc"

#include "widgets/models/modelcharts.h"

#include "common/testoutput.h"
#include "widgets/models/darkpalette.h"
#include "widgets/models/fakechartprovider.h"
#include "widgets/models/modelstestdata.h"
#include "widgets/models/servingcolours.h"

#include <QAbstractButton>
#include <QChartView>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

using gantry::ChartMetric;
using gantry::ModelCharts;
using namespace gantry::test;
using namespace std::chrono_literals;

class TestModelCharts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asksForTheSelectedDeploymentAndDrawsEveryLine()
    {
        FakeChartProvider provider;
        ModelCharts charts;
        charts.setChartDataProvider(&provider);
        QVERIFY(provider.requests.isEmpty()); // nothing selected yet
        QVERIFY(!charts.message(ChartMetric::Replicas).isEmpty());

        charts.setDeployment(chatDeployment(), clusterNow());
        QCOMPARE(provider.requests.size(), 1);
        const auto &request = provider.requests.first();
        QCOMPARE(request.namespaceName, QStringLiteral("assistants"));
        QCOMPARE(request.deployment, QStringLiteral("chat"));
        QCOMPARE(request.pods.size(), 6);
        QCOMPARE(request.window, 3600s);
        QCOMPARE(request.end.toSecsSinceEpoch(), 1760000000);

        for (ChartMetric metric : {ChartMetric::Replicas, ChartMetric::QueueDepth, ChartMetric::TtftP95, ChartMetric::TokensPerSecond,
                                   ChartMetric::GpuUtilization}) {
            QCOMPARE(charts.points(metric).size(), 241);
            QVERIFY(charts.message(metric).isEmpty());
        }
        QCOMPARE(charts.points(ChartMetric::GpuUtilization).first().x(), (1760000000.0 - 3600) * 1000);
    }

    void seriesAreReplacedWholeNotAppended()
    {
        FakeChartProvider provider;
        ModelCharts charts;
        charts.setChartDataProvider(&provider);
        charts.setDeployment(chatDeployment(), clusterNow());
        QList<QSignalSpy *> replaced, added;
        // The series live in the charts of the views.
        QList<QLineSeries *> all;
        for (QChartView *view : charts.findChildren<QChartView *>()) {
            for (QAbstractSeries *series : view->chart()->series())
                all << qobject_cast<QLineSeries *>(series);
        }
        QCOMPARE(all.size(), 5);
        for (QLineSeries *series : all) {
            replaced << new QSignalSpy(series, &QXYSeries::pointsReplaced);
            added << new QSignalSpy(series, &QXYSeries::pointAdded);
        }
        provider.points = 120;
        charts.setWindow(6h);
        QCOMPARE(provider.requests.last().window, 6h);
        for (int i = 0; i < all.size(); ++i) {
            QCOMPARE(replaced[i]->count(), 1);
            QCOMPARE(added[i]->count(), 0);
            QCOMPARE(all[i]->count(), 121);
        }
        qDeleteAll(replaced);
        qDeleteAll(added);
    }

    void windowButtonsAndRefreshPolicy()
    {
        FakeChartProvider provider;
        ModelCharts charts;
        charts.setChartDataProvider(&provider);
        charts.setDeployment(chatDeployment(), clusterNow());
        auto *fifteen = charts.findChild<QAbstractButton *>(QStringLiteral("window900"));
        QVERIFY(fifteen);
        fifteen->click();
        QCOMPARE(charts.window(), 900s);
        QCOMPARE(provider.requests.size(), 2);
        QCOMPARE(provider.requests.last().window, 900s);

        // Snapshots of the same deployment within a step ask nothing; a step later they refresh.
        charts.setDeployment(chatDeployment(), clusterNow() + 5s);
        QCOMPARE(provider.requests.size(), 2);
        charts.setDeployment(chatDeployment(), clusterNow() + 16s);
        QCOMPARE(provider.requests.size(), 3);
        // Another deployment asks at once.
        charts.setDeployment(qwenDeployment(), clusterNow() + 17s);
        QCOMPARE(provider.requests.size(), 4);
        QCOMPARE(provider.requests.last().deployment, QStringLiteral("qwen"));
    }

    void errorsAreShownInWords()
    {
        FakeChartProvider provider;
        provider.lineErrors[ChartMetric::TtftP95] =
            QStringLiteral("Prometheus at http://127.0.0.1:9090: bad_data: 1:5: parse error: unexpected character");
        ModelCharts charts;
        charts.setChartDataProvider(&provider);
        charts.setDeployment(chatDeployment(), clusterNow());
        QVERIFY(charts.message(ChartMetric::TtftP95).contains(QStringLiteral("bad_data")));
        QVERIFY(charts.message(ChartMetric::TokensPerSecond).isEmpty());

        provider.lineErrors.clear();
        provider.sourceError = QStringLiteral("Prometheus at http://127.0.0.1:9090: connection refused");
        charts.refresh();
        for (ChartMetric metric : {ChartMetric::Replicas, ChartMetric::TtftP95, ChartMetric::GpuUtilization})
            QVERIFY(charts.message(metric).contains(QStringLiteral("connection refused")));

        provider.sourceError.clear();
        provider.points = 0;
        provider.lineErrors.clear();
        charts.refresh();
        QCOMPARE(charts.message(ChartMetric::Replicas), QStringLiteral("No samples in the last 1 h."));
        QVERIFY(charts.points(ChartMetric::Replicas).isEmpty());
        ModelCharts noSource;
        noSource.setDeployment(chatDeployment(), clusterNow());
        QVERIFY(noSource.message(ChartMetric::Replicas).contains(QStringLiteral("No metrics source")));
    }

    void aLateAnswerAfterDestructionIsIgnored()
    {
        FakeChartProvider provider;
        provider.answerAtOnce = false;
        {
            ModelCharts charts;
            charts.setChartDataProvider(&provider);
            charts.setDeployment(chatDeployment(), clusterNow());
        }
        provider.answer(); // must not touch the destroyed widget
        QVERIFY(!provider.pending);
    }

    void rendersLightAndDark()
    {
        for (const bool dark : {false, true}) {
            FakeChartProvider provider;
            ModelCharts charts;
            if (dark)
                charts.setPalette(darkPalette());
            charts.resize(760, 520);
            charts.setChartDataProvider(&provider);
            charts.setDeployment(chatDeployment(), clusterNow());
            charts.show();
            QVERIFY(QTest::qWaitForWindowExposed(&charts));
            const QImage image = saveRender(&charts, dark ? QStringLiteral("models-charts-dark") : QStringLiteral("models-charts-light"));
            QVERIFY(distinctColours(image) > 16);
            // The series colours are on screen.
            bool sawLatency = false;
            for (int y = 0; y < image.height() && !sawLatency; ++y) {
                for (int x = 0; x < image.width(); ++x) {
                    if (image.pixelColor(x, y) == gantry::servingcolours::seriesLatency()) {
                        sawLatency = true;
                        break;
                    }
                }
            }
            QVERIFY(sawLatency);
        }
    }
};

QTEST_MAIN(TestModelCharts)
#include "tst_modelcharts.moc"

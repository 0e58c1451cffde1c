#include "widgets/models/metricssourcechartprovider.h"

#include "backend/metrics/metricssource.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <condition_variable>
#include <mutex>

using gantry::ChartMetric;
using gantry::ChartRequest;
using gantry::ChartResult;
using gantry::MetricsSourceChartProvider;
namespace metrics = gantry::metrics;
using namespace std::chrono_literals;

namespace {

/// An in-process MetricsSource: answers range() from series made up per query
/// name, records what was asked and on which thread, and can hold a call until released.
class TableSource : public metrics::MetricsSource
{
public:
    struct Call
    {
        std::string query;
        metrics::LabelFilter filter;
        metrics::SystemTime start, end;
        std::chrono::seconds step;
        QThread *thread;
    };

    gantry::Result<metrics::Readings, metrics::MetricsError> readings(metrics::SystemTime) override { return metrics::Readings{}; }

    gantry::Result<std::vector<metrics::Series>, metrics::MetricsError> range(const std::string &queryName, const metrics::LabelFilter &filter,
        metrics::SystemTime start, metrics::SystemTime end, std::chrono::seconds step) override
    {
        {
            std::unique_lock lock(m_mutex);
            calls.push_back({queryName, filter, start, end, step, QThread::currentThread()});
            m_wake.wait(lock, [this] { return !held; });
        }
        if (const auto it = errors.find(queryName); it != errors.end())
            return it->second;
        std::vector<metrics::Series> all;
        const double t0 = metrics::unixSeconds(start);
        const auto add = [&](metrics::LabelMap labels, double value) {
            metrics::Series series{std::move(labels), {}};
            for (int i = 0; i < 3; ++i)
                series.points.push_back({t0 + i * double(step.count()), value + i});
            all.push_back(std::move(series));
        };
        if (queryName == "gpu_utilization") {
            add({{"namespace", "assistants"}, {"pod", "chat-predictor-a"}, {"gpu", "0"}}, 60);
            add({{"namespace", "assistants"}, {"pod", "chat-predictor-b"}, {"gpu", "1"}}, 80);
            add({{"namespace", "assistants"}, {"pod", "mistral-predictor-x"}, {"gpu", "2"}}, 5); // not ours
            add({{"namespace", "assistants"}, {"pod", "chat-predictor-00001-deployment-old"}, {"gpu", "3"}}, 100); // an earlier replica
        } else if (queryName == "replicas_running") {
            add({{"namespace", "assistants"}, {"model_name", "chat"}}, 4);
            add({{"namespace", "staging"}, {"model_name", "chat"}}, 1); // a namesake elsewhere
        } else {
            add({{"model_name", "chat"}}, 10);
        }
        std::erase_if(all, [&filter](const metrics::Series &s) { return !filter.matches(s.labels); });
        return all;
    }

    std::string describe() const override { return "table"; }

    void release()
    {
        {
            std::lock_guard lock(m_mutex);
            held = false;
        }
        m_wake.notify_all();
    }

    std::vector<Call> callsSnapshot()
    {
        std::lock_guard lock(m_mutex);
        return calls;
    }

    bool held = false;
    std::map<std::string, metrics::MetricsError> errors;
    std::vector<Call> calls;

private:
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

ChartRequest chatRequest(std::chrono::seconds window = 3600s)
{
    ChartRequest request;
    request.namespaceName = QStringLiteral("assistants");
    request.deployment = QStringLiteral("chat");
    request.pods = {QStringLiteral("chat-predictor-a"), QStringLiteral("chat-predictor-b")};
    request.end = QDateTime::fromSecsSinceEpoch(1760000000, Qt::UTC);
    request.window = window;
    return request;
}

} // namespace

class TestMetricsSourceChartProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void queriesTheCatalogNamesWithTheDeploymentsLabels()
    {
        TableSource source;
        const ChartResult result = MetricsSourceChartProvider::query(source, chatRequest());
        QVERIFY(result.error.isEmpty());
        std::map<std::string, TableSource::Call> byName;
        for (const auto &call : source.calls)
            byName.emplace(call.query, call);
        QCOMPARE(byName.size(), std::size_t(5));
        for (const char *name : {"replicas_running", "model_requests_waiting", "model_ttft_p95", "model_generation_tokens_rate", "gpu_utilization"})
            QVERIFY2(byName.count(name), name);
        QVERIFY(byName["replicas_running"].filter.matches({{"namespace", "assistants"}, {"model_name", "chat"}}));
        QVERIFY(!byName["replicas_running"].filter.matches({{"namespace", "other"}, {"model_name", "chat"}}));
        QVERIFY(byName["model_ttft_p95"].filter.matches({{"model_name", "chat"}}));
        const auto &call = byName["model_ttft_p95"];
        QCOMPARE(metrics::unixSeconds(call.end), 1760000000.0);
        QCOMPARE(metrics::unixSeconds(call.start), 1760000000.0 - 3600);
        QCOMPARE(call.step, 15s);
        QCOMPARE(MetricsSourceChartProvider::stepFor(6h), 90s);

        // Points arrive as ms since the epoch.
        const auto &replicas = result.lines.at(ChartMetric::Replicas).points;
        QCOMPARE(replicas.size(), 3);
        QCOMPARE(replicas.first(), QPointF((1760000000.0 - 3600) * 1000, 4));
        // GPU: the mean of the deployment's pods' GPUs (60, 80 and an earlier replica's 100), not mistral's.
        const auto &gpu = result.lines.at(ChartMetric::GpuUtilization).points;
        QCOMPARE(gpu.size(), 3);
        QCOMPARE(gpu.first().y(), 80.0);
    }

    void aFailedQueryExplainsItselfAndTheOthersStillArrive()
    {
        TableSource source;
        source.errors.emplace("model_ttft_p95", metrics::MetricsError::make(metrics::MetricsError::Kind::Prometheus,
            "Prometheus at http://127.0.0.1:9090: bad_data: 1:5: parse error", 400, "bad_data"));
        const ChartResult result = MetricsSourceChartProvider::query(source, chatRequest());
        QVERIFY(result.error.isEmpty());
        QVERIFY(result.lines.at(ChartMetric::TtftP95).error.contains(QStringLiteral("bad_data")));
        QVERIFY(result.lines.at(ChartMetric::TtftP95).points.isEmpty());
        QCOMPARE(result.lines.at(ChartMetric::TokensPerSecond).points.size(), 3);

        // Nothing answers at all: one error for the whole chart area.
        TableSource down;
        for (const char *name : {"replicas_running", "model_requests_waiting", "model_ttft_p95", "model_generation_tokens_rate", "gpu_utilization"})
            down.errors.emplace(name, metrics::MetricsError::make(metrics::MetricsError::Kind::Transport,
                                                                  "Prometheus at http://127.0.0.1:9: connection refused"));
        QVERIFY(MetricsSourceChartProvider::query(down, chatRequest()).error.contains(QStringLiteral("connection refused")));
    }

    void runsOffTheUiThreadAndAnswersOnIt()
    {
        auto source = std::make_shared<TableSource>();
        MetricsSourceChartProvider provider(source);
        QThread *answeredOn = nullptr;
        int answers = 0;
        provider.request(chatRequest(), [&](const ChartResult &result) {
            answeredOn = QThread::currentThread();
            ++answers;
            QCOMPARE(result.lines.at(ChartMetric::Replicas).points.size(), 3);
        });
        QTRY_COMPARE_WITH_TIMEOUT(answers, 1, 5000);
        QCOMPARE(answeredOn, QThread::currentThread());
        const auto calls = source->callsSnapshot();
        QVERIFY(!calls.empty());
        for (const auto &call : calls)
            QVERIFY(call.thread != QThread::currentThread());
    }

    void staleResultsAreDropped()
    {
        auto source = std::make_shared<TableSource>();
        source->held = true;
        MetricsSourceChartProvider provider(source);
        QStringList answered;
        provider.request(chatRequest(3600s), [&](const ChartResult &) { answered << QStringLiteral("first"); });
        // The first job is inside its first query when the user picks another window twice.
        QTRY_VERIFY_WITH_TIMEOUT(!source->callsSnapshot().empty(), 5000);
        provider.request(chatRequest(900s), [&](const ChartResult &) { answered << QStringLiteral("second"); });
        provider.request(chatRequest(6h), [&](const ChartResult &) { answered << QStringLiteral("third"); });
        QCOMPARE(provider.generation(), std::uint64_t(3));
        source->release();
        QTRY_COMPARE_WITH_TIMEOUT(answered, QStringList{QStringLiteral("third")}, 5000);
        provider.waitForIdle();
        QTest::qWait(50);
        QCOMPARE(answered, QStringList{QStringLiteral("third")});
        // The first job stopped after the query it was in; the second never ran one.
        int firstWindow = 0, secondWindow = 0, thirdWindow = 0;
        for (const auto &call : source->callsSnapshot()) {
            firstWindow += call.end - call.start == 3600s;
            secondWindow += call.end - call.start == 900s;
            thirdWindow += call.end - call.start == 6h;
        }
        QCOMPARE(firstWindow, 1);
        QCOMPARE(secondWindow, 0);
        QCOMPARE(thirdWindow, 5);
    }

    void withoutASourceItSaysSo()
    {
        MetricsSourceChartProvider provider(nullptr);
        QString error;
        provider.request(chatRequest(), [&](const ChartResult &result) { error = result.error; });
        QTRY_VERIFY_WITH_TIMEOUT(!error.isEmpty(), 2000);
        QVERIFY(error.contains(QStringLiteral("No metrics source")));
    }

    void destructionWaitsForTheJobAndDropsItsResult()
    {
        auto source = std::make_shared<TableSource>();
        source->held = true;
        int answers = 0;
        {
            MetricsSourceChartProvider provider(source);
            provider.request(chatRequest(), [&](const ChartResult &) { ++answers; });
            QTRY_VERIFY_WITH_TIMEOUT(!source->callsSnapshot().empty(), 5000);
            source->release();
        }
        QTest::qWait(50);
        QCOMPARE(answers, 0);
    }
};

QTEST_MAIN(TestMetricsSourceChartProvider)
#include "tst_metricssourcechartprovider.moc"

// PrometheusSource against a real Prometheus (Debian's /usr/bin/prometheus)
// scraping the in-process gantry-sim's /metrics over TLS on 127.0.0.1.
#include "backend/metrics/dcgmreadings.h"
#include "backend/metrics/expositionparser.h"
#include "backend/metrics/prometheussource.h"

#include "common/ports.h"
#include "sim/simfixture.h"

#include "sim/factory/factory.h"
#include "sim/scenario/scenario.h"

#include <algorithm>
#include <set>
#include <thread>

using namespace gantry::metrics;
using namespace gantry::test;

namespace {

PrometheusOptions prometheusAt(const std::string &url)
{
    PrometheusOptions options;
    options.url = url;
    return options;
}

const ReplicaReading *servingReplica(const Readings &readings, const std::string &model)
{
    for (const ReplicaReading &replica : readings.replicas) {
        if (replica.modelName == model && replica.ttftP95Seconds && replica.kvCacheUsage
            && replica.generationTokensPerSecond.value_or(0) > 0)
            return &replica;
    }
    return nullptr;
}

} // namespace

class PrometheusSourceSim : public SimulatorTest {
protected:
    void configure(gantry::sim::SimulatorOptions &options) override
    {
        auto loaded = gantry::sim::loadScenarioFile(GANTRY_SCENARIOS_DIR "/factory.yaml");
        ASSERT_TRUE(loaded.scenario) << loaded.errors.front().toString();
        options.scenario = std::move(loaded.scenario);
        options.speed = 0;
    }

    /// Starts Prometheus scraping the simulator every second; returns its URL.
    std::string startPrometheus()
    {
        const int port = unusedLoopbackPort();
        const std::string ca = writeFile("ca.crt", simulator().server().caCertificatePem());
        const std::string config = writeFile("prometheus.yml",
            "global:\n  scrape_interval: 1s\n"
            "scrape_configs:\n"
            "- job_name: gantry-sim\n"
            "  scheme: https\n"
            "  tls_config:\n    ca_file: "
                + ca
                + "\n"
                  "  static_configs:\n  - targets: ['127.0.0.1:"
                + std::to_string(simulator().server().port()) + "']\n");
        m_prometheus = std::make_unique<BackgroundProcess>(
            std::vector<std::string> { "prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir() + "/tsdb", "--web.listen-address=127.0.0.1:" + std::to_string(port) },
            std::map<std::string, std::string> {});
        return "http://127.0.0.1:" + std::to_string(port);
    }

    std::unique_ptr<BackgroundProcess> m_prometheus;
};

TEST_F(PrometheusSourceSim, ReadingsAndChartsFromARealPrometheus)
{
    // 21 simulated minutes: the reasoning (pvc://) and mistral (s3://) replicas serve by then.
    simulator().factory()->runFor(1260);
    const std::string url = startPrometheus();
    auto client = std::make_shared<PrometheusClient>(prometheusAt(url));
    PrometheusSource source(client, QueryCatalog::builtIn(), 300);
    EXPECT_EQ(source.describe(), "prometheus " + url);

    // The GPUs the simulator publishes, by node and index.
    DcgmReadings published;
    published.addFamilies(parseExposition(simulator().factory()->metrics()));
    const std::vector<GpuReading> simGpus = published.take();
    ASSERT_GT(simGpus.size(), 8u);

    Readings readings;
    for (int i = 0; i < 90; ++i) {
        simulator().factory()->runFor(1); // keep the counters moving between scrapes
        const auto result = source.readings(std::chrono::system_clock::now());
        if (result.ok()) {
            readings = result.value();
            if (readings.gpus.size() == simGpus.size() && servingReplica(readings, "reasoning"))
                break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        m_prometheus->drain(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(readings.gpus.size(), simGpus.size()) << m_prometheus->output();
    EXPECT_EQ(readings.source, "prometheus " + url);
    EXPECT_TRUE(readings.errors.empty()) << readings.errors.front();

    std::set<std::pair<std::string, int>> expected;
    for (const GpuReading &gpu : simGpus)
        expected.emplace(gpu.node, gpu.index);
    int withPod = 0;
    for (const GpuReading &gpu : readings.gpus) {
        EXPECT_TRUE(expected.count({ gpu.node, gpu.index })) << gpu.node << " gpu " << gpu.index;
        EXPECT_EQ(gpu.uuid.rfind("GPU-", 0), 0u) << "uuid read from the UUID label";
        ASSERT_TRUE(gpu.utilizationPercent && gpu.memoryUsedMiB && gpu.memoryTotalMiB && gpu.powerWatts
            && gpu.temperatureCelsius)
            << gpu.node << " gpu " << gpu.index;
        EXPECT_GE(*gpu.utilizationPercent, 0);
        EXPECT_LE(*gpu.utilizationPercent, 100);
        EXPECT_GT(*gpu.memoryTotalMiB, 70000) << "80 GB or 141 GB cards";
        EXPECT_LE(*gpu.memoryUsedMiB, *gpu.memoryTotalMiB);
        withPod += !gpu.podName.empty();
    }
    EXPECT_GE(withPod, 8) << "reasoning alone holds 2 × 4 GPUs";

    const ReplicaReading *reasoning = servingReplica(readings, "reasoning");
    ASSERT_NE(reasoning, nullptr) << "a reasoning replica with TTFT p95, KV cache and token rate";
    EXPECT_EQ(reasoning->podNamespace, "default");
    EXPECT_FALSE(reasoning->podName.empty());
    EXPECT_GT(*reasoning->ttftP95Seconds, 0.1) << "a 70B model's TTFT is 200 ms or more (queueing adds to it)";
    EXPECT_LT(*reasoning->ttftP95Seconds, 10);
    EXPECT_GE(*reasoning->kvCacheUsage, 0);
    EXPECT_LE(*reasoning->kvCacheUsage, 1);
    const auto holder = std::find_if(readings.gpus.begin(), readings.gpus.end(),
        [&](const GpuReading &gpu) { return gpu.podName == reasoning->podName; });
    EXPECT_NE(holder, readings.gpus.end()) << "the replica's pod is on a GPU reading too";

    // Charts: a per-model series, filtered, and downsampled when asked for fewer points.
    // Half a minute more of scrapes gives the charts some history.
    for (int i = 0; i < 30; ++i) {
        simulator().factory()->runFor(1);
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    const auto now = std::chrono::system_clock::now();
    const auto chart = source.range("model_requests_running", LabelFilter { { { "model_name", "reasoning" } } },
        now - std::chrono::seconds(60), now, std::chrono::seconds(1));
    ASSERT_TRUE(chart.ok()) << chart.error().message;
    ASSERT_EQ(chart->size(), 1u);
    EXPECT_EQ(chart->at(0).labels.at("model_name"), "reasoning");
    const std::size_t full = chart->at(0).points.size();
    EXPECT_GT(full, 20u);
    PrometheusSource coarse(client, QueryCatalog::builtIn(), 10);
    const auto small = coarse.range("model_requests_running", LabelFilter { { { "model_name", "reasoning" } } },
        now - std::chrono::seconds(60), now, std::chrono::seconds(1));
    ASSERT_TRUE(small.ok()) << small.error().message;
    ASSERT_EQ(small->size(), 1u);
    EXPECT_LE(small->at(0).points.size(), 10u);
    EXPECT_GE(small->at(0).points.size(), 5u);
    const auto gpus = source.range("gpu_utilization", LabelFilter { { { "hostname", simGpus.front().node } } },
        now - std::chrono::seconds(30), now, std::chrono::seconds(5));
    ASSERT_TRUE(gpus.ok()) << gpus.error().message;
    EXPECT_EQ(gpus->size(), 8u) << "the eight GPUs of one node, under the canonical hostname label";

    // Every query of the built-in catalog is PromQL this Prometheus accepts.
    for (const std::string &name : source.catalog().names()) {
        const auto answer = client->query(*source.catalog().promql(name), now);
        EXPECT_TRUE(answer.ok()) << name << ": " << answer.error().message;
    }
    const auto replicas = client->query(*source.catalog().promql("replicas_running"), now);
    ASSERT_TRUE(replicas.ok());
    bool sawReasoning = false;
    for (const Series &series : replicas->series) {
        if (series.labels.at("model_name") == "reasoning") {
            sawReasoning = true;
            EXPECT_EQ(series.points.back().value, 2) << "replicas: 2 in factory.yaml";
        }
    }
    EXPECT_TRUE(sawReasoning);

    const auto unknown =
        source.range("no_such_query", {}, now - std::chrono::seconds(60), now, std::chrono::seconds(1));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().message.rfind("no query named \"no_such_query\" in queries.yaml (built in)", 0), 0u);
}

TEST_F(PrometheusSourceSim, BrokenQueryIsReportedAndTheOtherReadingsStillArrive)
{
    // 21 simulated minutes: the reasoning (pvc://) and mistral (s3://) replicas serve by then.
    simulator().factory()->runFor(1260);
    const std::string url = startPrometheus();
    auto overrides = QueryCatalog::parse("queries:\n  ttft_p95:\n    query: histogram_quantile(0.95, sum by (le "
                                         "(rate(vllm:time_to_first_token_seconds_bucket[5m])))\n",
        "broken.yaml");
    ASSERT_TRUE(overrides.ok()) << overrides.error().message;
    QueryCatalog catalog = QueryCatalog::builtIn();
    catalog.merge(overrides.value());
    PrometheusSource source(std::make_shared<PrometheusClient>(prometheusAt(url)), catalog);

    Readings readings;
    for (int i = 0; i < 60; ++i) {
        simulator().factory()->runFor(1);
        const auto result = source.readings(std::chrono::system_clock::now());
        if (result.ok() && !result->gpus.empty() && !result->replicas.empty()
            && result->replicas.front().kvCacheUsage) {
            readings = result.value();
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    ASSERT_FALSE(readings.gpus.empty()) << "GPU readings arrive despite the broken query";
    ASSERT_FALSE(readings.replicas.empty());
    ASSERT_EQ(readings.errors.size(), 1u);
    EXPECT_EQ(readings.errors[0].rfind("ttft_p95: Prometheus at " + url + ": bad_data: ", 0), 0u) << readings.errors[0];
    EXPECT_NE(readings.errors[0].find("parse error"), std::string::npos) << readings.errors[0];
    for (const ReplicaReading &replica : readings.replicas)
        EXPECT_FALSE(replica.ttftP95Seconds.has_value());
}

TEST_F(PrometheusSourceSim, UnreachablePrometheusIsOneErrorInWords)
{
    const std::string url = "http://127.0.0.1:" + std::to_string(unusedLoopbackPort());
    PrometheusSource source(std::make_shared<PrometheusClient>(prometheusAt(url)), QueryCatalog::builtIn());
    const auto result = source.readings(std::chrono::system_clock::now());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, MetricsError::Kind::Transport);
    EXPECT_EQ(result.error().message.rfind("Prometheus at " + url + ": connection refused by " + url, 0), 0u)
        << result.error().message;
}

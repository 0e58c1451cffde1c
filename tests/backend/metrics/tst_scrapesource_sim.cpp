// ScrapeSource scraping the in-process gantry-sim's /metrics directly over TLS
// (the demo's path when no Prometheus is around), checked against the
// simulator's own metrics text at the same simulated moments.
#include "backend/metrics/dcgmreadings.h"
#include "backend/metrics/expositionparser.h"
#include "backend/metrics/histogram.h"
#include "backend/metrics/scrapesource.h"
#include "backend/metrics/vllmreadings.h"

#include "common/ports.h"
#include "sim/simfixture.h"

#include "sim/factory/factory.h"
#include "sim/scenario/scenario.h"

#include <cmath>

using namespace gantry::metrics;
using namespace gantry::test;

namespace {

constexpr double t0 = 1700000000;
constexpr double interval = 15;

const Sample *findSample(const MetricFamilies &families, std::string_view name, const std::string &pod)
{
    return families.findSample(name, { { "pod", pod } });
}

// The TTFT histogram of one pod in one scrape of the simulator.
Histogram ttftOf(const MetricFamilies &families, const std::string &pod)
{
    const MetricFamily *family = families.find("vllm:time_to_first_token_seconds");
    if (!family)
        return {};
    for (const HistogramSeries &series : histogramSeries(*family)) {
        for (const Label &label : series.labels) {
            if (label.name == "pod" && label.value == pod)
                return series.histogram;
        }
    }
    return {};
}

} // namespace

class ScrapeSourceSim : public SimulatorTest {
protected:
    void configure(gantry::sim::SimulatorOptions &options) override
    {
        auto loaded = gantry::sim::loadScenarioFile(GANTRY_SCENARIOS_DIR "/factory.yaml");
        ASSERT_TRUE(loaded.scenario) << loaded.errors.front().toString();
        options.scenario = std::move(loaded.scenario);
        options.speed = 0;
    }
};

TEST_F(ScrapeSourceSim, ReadingsAndRangesMatchTheSimulatorsOwnFigures)
{
    // 21 simulated minutes: the reasoning (pvc://) and mistral (s3://) replicas serve by then.
    simulator().factory()->runFor(1260);

    ScrapeTarget target;
    target.url = simulator().server().url() + "/metrics";
    target.caPem = simulator().server().caCertificatePem();
    target.bearerToken = simulator().access().viewerToken();
    const std::string refused = "http://127.0.0.1:" + std::to_string(unusedLoopbackPort()) + "/metrics";
    auto scraper =
        std::make_shared<Scraper>(std::vector<ScrapeTarget> { target, ScrapeTarget { refused, {}, false, {}, {} } });
    ScrapeSource source(scraper, 20);
    EXPECT_EQ(source.describe(), "scrape " + target.url + " " + refused);

    // One scrape every 15 simulated seconds; keep the simulator's own text of each moment.
    std::vector<std::string> texts;
    Readings readings;
    constexpr int scrapes = 30;
    for (int i = 0; i < scrapes; ++i) {
        simulator().factory()->runFor(interval);
        texts.push_back(simulator().factory()->metrics());
        const auto result = source.readings(fromUnixSeconds(t0 + interval * i));
        ASSERT_TRUE(result.ok()) << result.error().message;
        readings = result.value();
    }
    const double now = t0 + interval * (scrapes - 1);
    ASSERT_EQ(readings.errors.size(), 1u) << "the refused target";
    EXPECT_EQ(readings.errors[0].rfind("scrape of " + refused + " failed: connection refused by ", 0), 0u)
        << readings.errors[0];

    // Gauges: exactly what the simulator served at the last scrape.
    const MetricFamilies last = parseExposition(texts.back());
    DcgmReadings expectedGpus;
    expectedGpus.addFamilies(last);
    const std::vector<GpuReading> gpus = expectedGpus.take();
    ASSERT_EQ(readings.gpus.size(), gpus.size());
    ASSERT_GT(gpus.size(), 8u);
    for (std::size_t i = 0; i < gpus.size(); ++i) {
        EXPECT_EQ(readings.gpus[i].node, gpus[i].node);
        EXPECT_EQ(readings.gpus[i].index, gpus[i].index);
        EXPECT_EQ(readings.gpus[i].podName, gpus[i].podName);
        EXPECT_EQ(readings.gpus[i].utilizationPercent, gpus[i].utilizationPercent);
        EXPECT_EQ(readings.gpus[i].memoryUsedMiB, gpus[i].memoryUsedMiB);
        EXPECT_EQ(readings.gpus[i].memoryTotalMiB, gpus[i].memoryTotalMiB);
        EXPECT_EQ(readings.gpus[i].powerWatts, gpus[i].powerWatts);
    }
    VllmReadings expectedReplicas;
    expectedReplicas.addFamilies(last);
    const std::vector<ReplicaReading> replicas = expectedReplicas.take();
    ASSERT_EQ(readings.replicas.size(), replicas.size());
    ASSERT_FALSE(replicas.empty());
    for (std::size_t i = 0; i < replicas.size(); ++i) {
        EXPECT_EQ(readings.replicas[i].podName, replicas[i].podName);
        EXPECT_EQ(readings.replicas[i].modelName, replicas[i].modelName);
        EXPECT_EQ(readings.replicas[i].requestsRunning, replicas[i].requestsRunning);
        EXPECT_EQ(readings.replicas[i].kvCacheUsage, replicas[i].kvCacheUsage);
    }

    // Rates and quantiles: over the samples inside the window, from the simulator's texts.
    const ReplicaReading *serving = nullptr;
    for (const ReplicaReading &replica : readings.replicas) {
        if (replica.generationTokensPerSecond.value_or(0) > 0 && replica.ttftP95Seconds)
            serving = &replica;
    }
    ASSERT_NE(serving, nullptr) << "a replica with a token rate and a TTFT p95";
    // rate(…[1m]) at the last scrape sees the scrapes 45, 30, 15 and 0 s before it.
    const MetricFamilies minuteAgo = parseExposition(texts[scrapes - 4]);
    const double tokens = findSample(last, "vllm:generation_tokens_total", serving->podName)->value
        - findSample(minuteAgo, "vllm:generation_tokens_total", serving->podName)->value;
    EXPECT_NEAR(*serving->generationTokensPerSecond, tokens / 45, 1e-9);
    // rate(…[5m]) for TTFT sees 20 scrapes: 285 s.
    const MetricFamilies fiveMinutesAgo = parseExposition(texts[scrapes - 20]);
    const Histogram window = histogramDelta(ttftOf(fiveMinutesAgo, serving->podName), ttftOf(last, serving->podName));
    EXPECT_NEAR(*serving->ttftP95Seconds, histogramQuantile(0.95, window.buckets), 1e-9);
    EXPECT_GT(*serving->ttftP95Seconds, 0);

    // A chart of one replica: 30 values over the run, downsampled to 20 points.
    const auto chart = source.range("requests_running", LabelFilter { { { "pod", serving->podName } } },
        fromUnixSeconds(t0), fromUnixSeconds(now), std::chrono::seconds(15));
    ASSERT_TRUE(chart.ok()) << chart.error().message;
    ASSERT_EQ(chart->size(), 1u);
    EXPECT_LE(chart->at(0).points.size(), 20u);
    EXPECT_GE(chart->at(0).points.size(), 10u);
    EXPECT_GE(chart->at(0).points.front().time, t0);
    EXPECT_LE(chart->at(0).points.back().time, now);
    const auto perModel =
        source.range("model_generation_tokens_rate", LabelFilter { { { "model_name", serving->modelName } } },
            fromUnixSeconds(now - 120), fromUnixSeconds(now), std::chrono::seconds(15));
    ASSERT_TRUE(perModel.ok()) << perModel.error().message;
    ASSERT_EQ(perModel->size(), 1u);
    EXPECT_EQ(perModel->at(0).points.size(), 9u);

    // History stays bounded: one ring buffer per series, no more points than scrapes.
    EXPECT_LE(scraper->history().pointCount(), scraper->history().seriesCount() * (scrapes + 1));
}

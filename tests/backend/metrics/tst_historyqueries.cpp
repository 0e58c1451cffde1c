// The console's named queries computed from scraped history (no network: the
// scrapes are fed to Scraper::ingest with chosen times).
#include "backend/metrics/historyqueries.h"
#include "backend/metrics/scraper.h"

#include "metricsfixtures.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>

using namespace gantry::metrics;
using gantry::test::readMetricsFixture;

namespace {

constexpr double t0 = 1700000000;

std::string vllm(double running, double kv, double generated, const std::vector<double> &ttftCounts,
    const std::string &pod = "chat-1", const std::string &kvName = "vllm:kv_cache_usage_perc")
{
    const std::string labels = "engine=\"0\",model_name=\"chat\",namespace=\"serving\",pod=\"" + pod + "\"";
    std::string text = "# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{" + labels + "} "
        + std::to_string(running) + "\n# TYPE " + kvName + " gauge\n" + kvName + "{" + labels + "} "
        + std::to_string(kv) + "\n# TYPE vllm:generation_tokens counter\nvllm:generation_tokens_total{" + labels + "} "
        + std::to_string(generated) + "\n# TYPE vllm:time_to_first_token_seconds histogram\n";
    const char *bounds[] = { "0.1", "0.5", "1.0", "+Inf" };
    for (std::size_t i = 0; i < ttftCounts.size(); ++i)
        text += "vllm:time_to_first_token_seconds_bucket{" + labels + ",le=\"" + bounds[i] + "\"} "
            + std::to_string(ttftCounts[i]) + "\n";
    return text;
}

std::optional<double> valueOf(const std::vector<Series> &series, const std::string &label, const std::string &value)
{
    for (const Series &one : series) {
        const auto it = one.labels.find(label);
        if (it != one.labels.end() && it->second == value && !one.points.empty())
            return one.points.back().value;
    }
    return std::nullopt;
}

std::vector<Series> instant(const Scraper &scraper, const std::string &name, double time)
{
    const auto result = HistoryQueries(scraper.history()).instant(name, time);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result.ok() ? result.value() : std::vector<Series> {};
}

Scraper oneTarget()
{
    return Scraper({ ScrapeTarget { "http://127.0.0.1:9/metrics", {}, false, {}, {} } });
}

} // namespace

TEST(HistoryQueries, GaugesRatesAndQuantilesMatchThePromQL)
{
    Scraper scraper = oneTarget();
    // 100 requests in 15 s: 10 under 0.1 s, 80 more under 0.5 s, 10 more under 1 s.
    scraper.ingest(0, vllm(3, 0.4, 1000, { 0, 0, 0, 0 }), fromUnixSeconds(t0));
    scraper.ingest(0, vllm(5, 0.6, 4000, { 10, 90, 100, 100 }), fromUnixSeconds(t0 + 15));

    EXPECT_EQ(valueOf(instant(scraper, "requests_running", t0 + 15), "pod", "chat-1"), 5);
    EXPECT_EQ(valueOf(instant(scraper, "requests_running", t0 + 10), "pod", "chat-1"), 3) << "the value as of t0+10";
    EXPECT_EQ(valueOf(instant(scraper, "kv_cache_usage", t0 + 15), "pod", "chat-1"), 0.6);
    EXPECT_EQ(valueOf(instant(scraper, "generation_tokens_rate", t0 + 15), "pod", "chat-1"), 200)
        << "3000 tokens / 15 s";
    EXPECT_EQ(valueOf(instant(scraper, "model_generation_tokens_rate", t0 + 15), "model_name", "chat"), 200);
    EXPECT_EQ(valueOf(instant(scraper, "replicas_running", t0 + 15), "model_name", "chat"), 1);
    // Rank 95 of 100 lies in (0.5, 1]: 0.5 + 0.5 * (95 - 90) / 10.
    const auto ttft = valueOf(instant(scraper, "ttft_p95", t0 + 15), "pod", "chat-1");
    ASSERT_TRUE(ttft.has_value());
    EXPECT_DOUBLE_EQ(*ttft, 0.75);
    // One scrape is not enough for a rate.
    EXPECT_TRUE(instant(scraper, "generation_tokens_rate", t0 + 5).empty());
}

TEST(HistoryQueries, CounterResetCountsTheNewValueAsTheIncrease)
{
    Scraper scraper = oneTarget();
    scraper.ingest(0, vllm(0, 0, 1000, {}), fromUnixSeconds(t0));
    scraper.ingest(0, vllm(0, 0, 1600, {}), fromUnixSeconds(t0 + 10));
    scraper.ingest(0, vllm(0, 0, 200, {}), fromUnixSeconds(t0 + 20)); // the pod restarted
    EXPECT_EQ(valueOf(instant(scraper, "generation_tokens_rate", t0 + 20), "pod", "chat-1"), 40)
        << "(600 + 200) / 20 s";
}

TEST(HistoryQueries, VanishedSeriesAreStaleAtOnce)
{
    Scraper scraper = oneTarget();
    scraper.ingest(0, vllm(3, 0.4, 0, {}, "chat-1") + vllm(1, 0.1, 0, {}, "chat-2"), fromUnixSeconds(t0));
    scraper.ingest(0, vllm(4, 0.5, 0, {}, "chat-1"), fromUnixSeconds(t0 + 15));
    const auto now = instant(scraper, "requests_running", t0 + 15);
    EXPECT_EQ(now.size(), 1u) << "chat-2 is gone, not held for 5 minutes";
    EXPECT_EQ(valueOf(instant(scraper, "requests_running", t0 + 5), "pod", "chat-2"), 1);
    EXPECT_EQ(valueOf(instant(scraper, "replicas_running", t0 + 5), "model_name", "chat"), 2);
}

TEST(HistoryQueries, DeprecatedKvCacheNameFillsIn)
{
    Scraper scraper = oneTarget();
    scraper.ingest(
        0, vllm(0, 0.3, 0, {}, "old", "vllm:gpu_cache_usage_perc") + vllm(0, 0.7, 0, {}, "new"), fromUnixSeconds(t0));
    const auto kv = instant(scraper, "kv_cache_usage", t0);
    EXPECT_EQ(valueOf(kv, "pod", "old"), 0.3);
    EXPECT_EQ(valueOf(kv, "pod", "new"), 0.7);
    // `avg by (model_name) (new or old)`: both replicas count, each under its own name.
    EXPECT_DOUBLE_EQ(*valueOf(instant(scraper, "model_kv_cache_usage", t0), "model_name", "chat"), 0.5);
}

TEST(HistoryQueries, GpuQueriesUseOneSpellingOfEachLabel)
{
    Scraper scraper = oneTarget();
    const std::string text = readMetricsFixture("dcgm-kubermatic-14870-quadro-t2000.excerpt.prom");
    scraper.ingest(0, text, fromUnixSeconds(t0));
    const auto temperature = instant(scraper, "gpu_temperature", t0);
    ASSERT_EQ(temperature.size(), 1u);
    EXPECT_EQ(temperature[0].labels.at("hostname"), "sheryb");
    EXPECT_EQ(temperature[0].labels.at("uuid"), "GPU-08533397-8c65-7a0b-003b-c4bd120e67c1");
    EXPECT_EQ(temperature[0].labels.at("instance"), "127.0.0.1:9");
    EXPECT_EQ(temperature[0].points[0].value, 60);

    scraper.ingest(
        0, readMetricsFixture("dcgm-exporter-512-h100-mig-kserve-pods.excerpt.prom"), fromUnixSeconds(t0 + 15));
    const auto utilization = instant(scraper, "gpu_utilization", t0 + 15);
    ASSERT_EQ(utilization.size(), 3u) << "MIG instances stand in with the engine-active ratio";
    EXPECT_EQ(valueOf(utilization, "GPU_I_ID", "9"), 0);
    EXPECT_TRUE(instant(scraper, "gpu_temperature", t0 + 15).empty()) << "the T2000 scrape was replaced";
}

TEST(HistoryQueries, RealTpotHistogramWithoutInfBucketGivesNaNAsPromQLDoes)
{
    Scraper scraper = oneTarget();
    const std::string text = readMetricsFixture("vllm-production-stack-617-glm-4.5-v1-tpot-histogram.excerpt.prom");
    // A later scrape of the same replica: every bucket count doubled.
    std::string later;
    std::smatch match;
    const std::regex sample(R"(^(vllm:time_per_output_token_seconds_bucket\{[^}]*\}) ([0-9.]+)$)");
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (std::regex_match(line, match, sample))
            later += match[1].str() + " " + std::to_string(2 * std::stod(match[2].str())) + "\n";
    }
    scraper.ingest(0, text, fromUnixSeconds(t0));
    scraper.ingest(0, later, fromUnixSeconds(t0 + 15));
    const auto latency = instant(scraper, "inter_token_latency_p95", t0 + 15);
    ASSERT_EQ(latency.size(), 1u) << "the older time_per_output_token name is read";
    EXPECT_EQ(latency[0].labels.at("model_name"), "zai-org/GLM-4.5");
    EXPECT_TRUE(std::isnan(latency[0].points[0].value)) << "the excerpt has no +Inf bucket";
}

TEST(HistoryQueries, RangeEvaluatesEveryStep)
{
    Scraper scraper = oneTarget();
    for (int i = 0; i <= 20; ++i)
        scraper.ingest(0, vllm(i, 0, 100.0 * i * 15, {}), fromUnixSeconds(t0 + 15 * i));
    const auto running = HistoryQueries(scraper.history()).range("requests_running", t0, t0 + 300, 30);
    ASSERT_TRUE(running.ok()) << running.error().message;
    ASSERT_EQ(running->size(), 1u);
    ASSERT_EQ(running->at(0).points.size(), 11u);
    EXPECT_EQ(running->at(0).points[3], (Point { t0 + 90, 6 }));
    const auto rate = HistoryQueries(scraper.history()).range("generation_tokens_rate", t0 + 60, t0 + 300, 60);
    ASSERT_TRUE(rate.ok());
    for (const Point &point : rate->at(0).points)
        EXPECT_DOUBLE_EQ(point.value, 100);

    const auto unknown = HistoryQueries(scraper.history()).range("gpu_utilisation", t0, t0 + 300, 30);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().message.rfind("no direct equivalent of query \"gpu_utilisation\"", 0), 0u);
}

TEST(HistoryQueries, HistoryStaysBoundedPerSeries)
{
    ScraperOptions options;
    options.limits.maxPointsPerSeries = 50;
    Scraper scraper({ ScrapeTarget { "http://127.0.0.1:9/metrics", {}, false, {}, {} } }, options);
    for (int i = 0; i < 500; ++i)
        scraper.ingest(0, vllm(i, 0, i, {}), fromUnixSeconds(t0 + i));
    EXPECT_EQ(scraper.history().seriesCount(), 3u) << "running, kv cache, generated tokens";
    EXPECT_EQ(scraper.history().pointCount(), 150u);
    const auto oldest = scraper.history().select("vllm:num_requests_running", 0, t0 + 1000);
    ASSERT_EQ(oldest.size(), 1u);
    EXPECT_EQ(oldest[0].points.front().time, t0 + 450) << "the ring buffer dropped the oldest";
}

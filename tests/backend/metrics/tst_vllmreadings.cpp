// ReplicaReadings from real vLLM scrapes (tests/fixtures/metrics, see SOURCES.md).
#include "backend/metrics/expositionparser.h"
#include "backend/metrics/vllmreadings.h"

#include "metricsfixtures.h"

#include <gtest/gtest.h>

using namespace gantry::metrics;
using gantry::test::readMetricsFixture;

namespace {

std::vector<ReplicaReading> readingsOf(std::string_view text)
{
    VllmReadings readings;
    readings.addFamilies(parseExposition(text));
    return readings.take();
}

} // namespace

TEST(VllmReadings, OlderVllmReportsKvCacheUnderTheDeprecatedName)
{
    const std::vector<ReplicaReading> replicas =
        readingsOf(readMetricsFixture("vllm-production-stack-318-qwen2.5-coder-32b.excerpt.prom"));

    ASSERT_EQ(replicas.size(), 1u);
    const ReplicaReading &replica = replicas[0];
    EXPECT_EQ(replica.modelName, "Qwen/Qwen2.5-Coder-32B-Instruct");
    EXPECT_TRUE(replica.podName.empty()) << "vLLM does not name its pod; Prometheus' target labels do";
    ASSERT_TRUE(replica.kvCacheUsage.has_value()) << "vllm:gpu_cache_usage_perc must be read";
    EXPECT_EQ(*replica.kvCacheUsage, 0.0);
    EXPECT_EQ(replica.requestsRunning, 0.0);
    EXPECT_EQ(replica.requestsWaiting, 0.0);
    EXPECT_FALSE(replica.ttftP95Seconds.has_value()) << "a quantile over a window needs two scrapes";
}

TEST(VllmReadings, V1EngineReportsKvCacheUnderTheNewName)
{
    const std::vector<ReplicaReading> replicas =
        readingsOf(readMetricsFixture("vllm-production-stack-617-glm-4.5-v1-kv-prefix.excerpt.prom"));

    ASSERT_EQ(replicas.size(), 1u);
    EXPECT_EQ(replicas[0].modelName, "zai-org/GLM-4.5");
    ASSERT_TRUE(replicas[0].kvCacheUsage.has_value());
    EXPECT_DOUBLE_EQ(*replicas[0].kvCacheUsage, 9.75010481363281e-06);
    EXPECT_FALSE(replicas[0].requestsRunning.has_value()) << "not in this excerpt";
}

TEST(VllmReadings, HistogramOnlyExcerptHasNoGaugesToRead)
{
    const std::vector<ReplicaReading> replicas =
        readingsOf(readMetricsFixture("vllm-production-stack-617-glm-4.5-v1-tpot-histogram.excerpt.prom"));
    EXPECT_TRUE(replicas.empty());
}

TEST(VllmReadings, NewKvCacheNameWinsWhenAReplicaServesBoth)
{
    const std::vector<ReplicaReading> replicas =
        readingsOf("vllm:kv_cache_usage_perc{engine=\"0\",model_name=\"m\",namespace=\"ns\",pod=\"a\"} 0.25\n"
                   "vllm:gpu_cache_usage_perc{engine=\"0\",model_name=\"m\",namespace=\"ns\",pod=\"a\"} 0.75\n"
                   "vllm:gpu_cache_usage_perc{engine=\"0\",model_name=\"m\",namespace=\"ns\",pod=\"b\"} 0.5\n"
                   "vllm:num_requests_running{engine=\"0\",model_name=\"m\",namespace=\"ns\",pod=\"a\"} 3\n"
                   "vllm:num_requests_running{engine=\"1\",model_name=\"m\",namespace=\"ns\",pod=\"a\"} 4\n");

    ASSERT_EQ(replicas.size(), 2u);
    EXPECT_EQ(replicas[0].podName, "a");
    EXPECT_EQ(replicas[0].kvCacheUsage, 0.25);
    EXPECT_EQ(replicas[0].requestsRunning, 7) << "engines of one replica add up";
    EXPECT_EQ(replicas[1].podName, "b");
    EXPECT_EQ(replicas[1].kvCacheUsage, 0.5) << "the deprecated name fills in where the new one is missing";
}

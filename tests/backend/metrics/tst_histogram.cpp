#include "backend/metrics/expositionparser.h"
#include "backend/metrics/histogram.h"
#include "backend/metrics/rate.h"

#include "metricsfixtures.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace gantry::metrics;
using gantry::test::readMetricsFixture;
using gantry::test::sampleOf;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// 10 observations ≤ 1, 10 more ≤ 2, 10 more ≤ 5, 10 above 5.
const std::vector<Bucket> fourBuckets = { { 1, 10 }, { 2, 20 }, { 5, 30 }, { inf, 40 } };

} // namespace

// ---------------------------------------------------------------------------
// Quantiles, checked against values worked out by hand with PromQL's rules

TEST(HistogramQuantile, InterpolatesLinearlyInsideTheBucket)
{
    EXPECT_DOUBLE_EQ(histogramQuantile(0.5, fourBuckets), 2.0); // rank 20 = top of (1,2]
    EXPECT_DOUBLE_EQ(histogramQuantile(0.6, fourBuckets), 3.2); // rank 24: 2 + 3 * 4/10
    EXPECT_DOUBLE_EQ(histogramQuantile(0.25, fourBuckets), 1.0); // rank 10 = top of the first bucket
}

TEST(HistogramQuantile, FirstPositiveBucketStartsAtZero)
{
    EXPECT_DOUBLE_EQ(histogramQuantile(0.1, fourBuckets), 0.4); // rank 4: 0 + 1 * 4/10
    EXPECT_DOUBLE_EQ(histogramQuantile(0.0, fourBuckets), 0.0);
}

TEST(HistogramQuantile, RankInTheInfBucketGivesTheHighestFiniteBound)
{
    EXPECT_DOUBLE_EQ(histogramQuantile(0.9, fourBuckets), 5.0);
    EXPECT_DOUBLE_EQ(histogramQuantile(1.0, fourBuckets), 5.0);
}

TEST(HistogramQuantile, NonPositiveFirstBucketReturnsItsBound)
{
    const std::vector<Bucket> buckets = { { -1, 5 }, { 0, 10 }, { inf, 10 } };
    EXPECT_DOUBLE_EQ(histogramQuantile(0.2, buckets), -1.0);
    EXPECT_DOUBLE_EQ(histogramQuantile(0.75, buckets), -0.5); // rank 7.5: -1 + 1 * 2.5/5
}

TEST(HistogramQuantile, SpecialCasesFollowPromQL)
{
    EXPECT_EQ(histogramQuantile(-0.1, fourBuckets), -inf);
    EXPECT_EQ(histogramQuantile(1.1, fourBuckets), inf);
    EXPECT_TRUE(std::isnan(histogramQuantile(std::nan(""), fourBuckets)));
    EXPECT_TRUE(std::isnan(histogramQuantile(0.5, {})));
    EXPECT_TRUE(std::isnan(histogramQuantile(0.5, std::vector<Bucket> { { inf, 3 } })));
    EXPECT_TRUE(std::isnan(histogramQuantile(0.5, std::vector<Bucket> { { 1, 3 }, { 2, 4 } })));
    EXPECT_TRUE(std::isnan(histogramQuantile(0.5, std::vector<Bucket> { { 1, 0 }, { inf, 0 } })));
}

TEST(HistogramQuantile, SortsCoalescesAndEvensOutBadInput)
{
    const std::vector<Bucket> shuffled = { { inf, 40 }, { 2, 20 }, { 5, 30 }, { 1, 10 } };
    EXPECT_DOUBLE_EQ(histogramQuantile(0.6, shuffled), 3.2);

    // le="1" and le="1.0" from two series summed together.
    const std::vector<Bucket> sameBound = { { 1, 5 }, { 1, 5 }, { inf, 20 } };
    EXPECT_DOUBLE_EQ(histogramQuantile(0.25, sameBound), 0.5);

    // A bucket lower than its predecessor is raised to it: {1:10, 2:10, +Inf:12}.
    const std::vector<Bucket> dip = { { 1, 10 }, { 2, 8 }, { inf, 12 } };
    EXPECT_DOUBLE_EQ(histogramQuantile(0.5, dip), 0.6);
    EXPECT_DOUBLE_EQ(histogramQuantile(0.9, dip), 2.0);

    const std::vector<Bucket> nanBound = { { std::nan(""), 3 }, { 1, 10 }, { 2, 20 }, { 5, 30 }, { inf, 40 } };
    EXPECT_DOUBLE_EQ(histogramQuantile(0.6, nanBound), 3.2);
}

// ---------------------------------------------------------------------------
// Series from parsed scrapes

TEST(HistogramSeries, VllmTimePerOutputTokenFixture)
{
    const MetricFamilies parsed =
        parseExposition(readMetricsFixture("vllm-production-stack-617-glm-4.5-v1-tpot-histogram.excerpt.prom"));
    const std::vector<HistogramSeries> series = histogramSeries(*parsed.find("vllm:time_per_output_token_seconds"));
    ASSERT_EQ(series.size(), 1u);
    EXPECT_EQ(series[0].labels, (std::vector<Label> { { "engine", "0" }, { "model_name", "zai-org/GLM-4.5" } }));
    const Histogram &tpot = series[0].histogram;
    const std::vector<Bucket> expected = { { 0.01, 0 }, { 0.025, 0 }, { 0.05, 0 }, { 0.075, 460 }, { 0.1, 785 },
        { 0.15, 994 }, { 0.2, 1113 }, { 0.3, 1182 }, { 0.4, 1182 }, { 0.5, 1182 } };
    EXPECT_EQ(tpot.buckets, expected);
    // The excerpt stops before `_sum`, `_count` and the +Inf bucket...
    EXPECT_TRUE(std::isnan(tpot.sum));
    EXPECT_TRUE(std::isnan(tpot.count));
    // ...and without a +Inf bucket PromQL gives no quantile.
    EXPECT_TRUE(std::isnan(histogramQuantile(0.95, tpot.buckets)));

    // With the +Inf bucket the full scrape has (nothing above 0.5 s):
    std::vector<Bucket> complete = tpot.buckets;
    complete.push_back({ inf, 1182 });
    // p95: rank 1122.9 falls in (0.2, 0.3], which holds 1182 - 1113 = 69.
    EXPECT_NEAR(histogramQuantile(0.95, complete), 0.2 + 0.1 * (1122.9 - 1113) / 69, 1e-12);
    EXPECT_NEAR(histogramQuantile(0.95, complete), 0.214348, 1e-6);
    // p50: rank 591 falls in (0.075, 0.1], which holds 785 - 460 = 325.
    EXPECT_NEAR(histogramQuantile(0.5, complete), 0.075 + 0.025 * 131 / 325, 1e-12);
    EXPECT_DOUBLE_EQ(histogramQuantile(1.0, complete), 0.3);
}

TEST(HistogramSeries, SplitsSeriesByLabelsAndSortsBuckets)
{
    const MetricFamilies parsed = parseExposition(R"(# TYPE ttft histogram
ttft_bucket{engine="0",le="+Inf"} 4
ttft_bucket{engine="0",le="0.5"} 3
ttft_bucket{engine="1",le="0.5"} 1
ttft_bucket{engine="1",le="+Inf"} 2
ttft_sum{engine="0"} 1.25
ttft_count{engine="0"} 4
ttft_count{engine="1"} 2
ttft_created{engine="0"} 1.7e9
)");
    ASSERT_TRUE(parsed.issues().empty());
    const std::vector<HistogramSeries> series = histogramSeries(*parsed.find("ttft"));
    ASSERT_EQ(series.size(), 2u);
    EXPECT_EQ(series[0].labels, (std::vector<Label> { { "engine", "0" } }));
    EXPECT_EQ(series[0].histogram.buckets, (std::vector<Bucket> { { 0.5, 3 }, { inf, 4 } }));
    EXPECT_EQ(series[0].histogram.sum, 1.25);
    EXPECT_EQ(series[0].histogram.count, 4.0);
    EXPECT_EQ(series[1].labels, (std::vector<Label> { { "engine", "1" } }));
    EXPECT_EQ(series[1].histogram.buckets, (std::vector<Bucket> { { 0.5, 1 }, { inf, 2 } }));
    EXPECT_TRUE(std::isnan(series[1].histogram.sum));
    EXPECT_EQ(series[1].histogram.count, 2.0);
}

// ---------------------------------------------------------------------------
// Between two scrapes

TEST(HistogramDelta, SubtractsBucketsCountAndSum)
{
    const Histogram before { { { 0.1, 5 }, { 1, 10 }, { inf, 12 } }, 3.0, 12 };
    const Histogram after { { { 0.1, 7 }, { 1, 15 }, { inf, 20 } }, 5.5, 20 };
    const Histogram delta = histogramDelta(before, after);
    EXPECT_EQ(delta.buckets, (std::vector<Bucket> { { 0.1, 2 }, { 1, 5 }, { inf, 8 } }));
    EXPECT_DOUBLE_EQ(delta.sum, 2.5);
    EXPECT_EQ(delta.count, 8.0);
    // The p50 of the interval, not of all time: rank 4 in (0.1, 1] holding 3.
    EXPECT_DOUBLE_EQ(histogramQuantile(0.5, delta.buckets), 0.1 + 0.9 * 2 / 3);
}

TEST(HistogramDelta, ResetOrNewLayoutStartsFromTheCurrentScrape)
{
    const Histogram before { { { 0.1, 50 }, { 1, 90 }, { inf, 100 } }, 40.0, 100 };
    const Histogram restarted { { { 0.1, 2 }, { 1, 3 }, { inf, 3 } }, 0.7, 3 };
    const Histogram delta = histogramDelta(before, restarted);
    EXPECT_EQ(delta.buckets, restarted.buckets);
    EXPECT_EQ(delta.count, 3.0);
    EXPECT_EQ(delta.sum, 0.7);

    // Only one bucket went down: still a reset.
    const Histogram dipped { { { 0.1, 49 }, { 1, 95 }, { inf, 105 } }, 41.0, 105 };
    EXPECT_EQ(histogramDelta(before, dipped).buckets, dipped.buckets);

    const Histogram relaid { { { 0.5, 60 }, { 2, 95 }, { inf, 110 } }, 45.0, 110 };
    EXPECT_EQ(histogramDelta(before, relaid).buckets, relaid.buckets);
}

TEST(HistogramDelta, FromTwoParsedScrapes)
{
    const MetricFamilies first =
        parseExposition(readMetricsFixture("vllm-production-stack-617-glm-4.5-v1-tpot-histogram.excerpt.prom"));
    // The same series a scrape later: 100 more tokens, all in (0.075, 0.1].
    std::string later;
    const double counts[] = { 0, 0, 0, 460, 885, 1094, 1213, 1282, 1282, 1282 };
    const char *bounds[] = { "0.01", "0.025", "0.05", "0.075", "0.1", "0.15", "0.2", "0.3", "0.4", "0.5" };
    for (int i = 0; i < 10; ++i) {
        later += "vllm:time_per_output_token_seconds_bucket{engine=\"0\",le=\"" + std::string(bounds[i])
            + "\",model_name=\"zai-org/GLM-4.5\"} " + std::to_string(counts[i]) + "\n";
    }
    const MetricFamilies second = parseExposition("# TYPE vllm:time_per_output_token_seconds histogram\n" + later);

    const Histogram delta =
        histogramDelta(histogramSeries(*first.find("vllm:time_per_output_token_seconds"))[0].histogram,
            histogramSeries(*second.find("vllm:time_per_output_token_seconds"))[0].histogram);
    ASSERT_EQ(delta.buckets.size(), 10u);
    EXPECT_EQ(delta.buckets[3].count, 0.0);
    EXPECT_EQ(delta.buckets[4].count, 100.0);
    EXPECT_EQ(delta.buckets[9].count, 100.0);
}

TEST(HistogramAndCounterRate, CounterIncreaseRestartsAfterAReset)
{
    EXPECT_EQ(counterIncrease(100, 130), 30.0);
    EXPECT_EQ(counterIncrease(130, 130), 0.0);
    EXPECT_EQ(counterIncrease(130, 20), 20.0); // restarted, then counted 20
    EXPECT_EQ(counterIncrease(130, 0), 0.0);
}

TEST(HistogramAndCounterRate, RateIsIncreasePerSecond)
{
    EXPECT_DOUBLE_EQ(rate(100, 160, 30), 2.0);
    EXPECT_DOUBLE_EQ(rate(500, 60, 30), 2.0);
    EXPECT_TRUE(std::isnan(rate(1, 2, 0)));
    EXPECT_TRUE(std::isnan(rate(1, 2, -5)));
    EXPECT_TRUE(std::isnan(rate(1, 2, std::nan(""))));

    // vllm:prefix_cache_queries_total from the GLM scrape, and a scrape 15 s later.
    const MetricFamilies scrape =
        parseExposition(readMetricsFixture("vllm-production-stack-617-glm-4.5-v1-kv-prefix.excerpt.prom"));
    const double before =
        sampleOf(scrape, "vllm:prefix_cache_queries_total", { { "model_name", "zai-org/GLM-4.5" } }).value;
    EXPECT_DOUBLE_EQ(rate(before, 632.0, 15), 40.0);
}

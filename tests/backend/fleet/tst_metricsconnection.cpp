// Which metrics source the console builds from its settings, and how much
// history a scraped source keeps (--metrics-history).
#include "backend/fleet/metricsconnection.h"
#include "backend/metrics/prometheussource.h"
#include "backend/metrics/scrapesource.h"

#include <gtest/gtest.h>

using namespace gantry;
using namespace std::chrono_literals;

namespace {

kube::ResolvedConnection cluster()
{
    kube::ResolvedConnection connection;
    connection.server = "https://127.0.0.1:6443";
    return connection;
}

metrics::ScrapeSource *scraped(const fleet::MetricsConnection &connection)
{
    return dynamic_cast<metrics::ScrapeSource *>(connection.source.get());
}

} // namespace

TEST(MetricsConnection, NothingConfiguredMeansNoSource)
{
    const auto connection = fleet::connectMetrics({}, cluster());
    EXPECT_EQ(connection.source, nullptr);
    EXPECT_TRUE(connection.error.empty());
}

TEST(MetricsConnection, ScrapedHistoryDefaultsToTwoHoursOfFiveSecondSamples)
{
    fleet::MetricsSettings settings;
    settings.scrapeUrl = "http://127.0.0.1:9400/metrics";
    const auto connection = fleet::connectMetrics(settings, cluster());
    ASSERT_TRUE(connection.error.empty()) << connection.error;
    ASSERT_NE(scraped(connection), nullptr);
    EXPECT_EQ(connection.interval, 5s);
    const auto &limits = scraped(connection)->scraper().history().limits();
    EXPECT_EQ(limits.retention, 2h);
    EXPECT_EQ(limits.maxPointsPerSeries, 2u * 3600 / 5 + 1);
}

TEST(MetricsConnection, ScrapedHistoryFollowsTheSetting)
{
    fleet::MetricsSettings settings;
    settings.scrapeUrl = "http://127.0.0.1:9400/metrics";
    settings.scrapeHistory = 45s;
    const auto connection = fleet::connectMetrics(settings, cluster());
    ASSERT_NE(scraped(connection), nullptr);
    const auto &limits = scraped(connection)->scraper().history().limits();
    EXPECT_EQ(limits.retention, 45s);
    EXPECT_EQ(limits.maxPointsPerSeries, 10u);
}

TEST(MetricsConnection, AHistoryOutOfRangeIsRefusedInWords)
{
    for (const auto history : {std::chrono::seconds(29), std::chrono::seconds(std::chrono::hours(25))}) {
        fleet::MetricsSettings settings;
        settings.scrapeUrl = "http://127.0.0.1:9400/metrics";
        settings.scrapeHistory = history;
        const auto connection = fleet::connectMetrics(settings, cluster());
        EXPECT_EQ(connection.source, nullptr);
        EXPECT_NE(connection.error.find("--metrics-history"), std::string::npos) << connection.error;
    }
}

TEST(MetricsConnection, PrometheusWinsOverScraping)
{
    fleet::MetricsSettings settings;
    settings.prometheusUrl = "http://127.0.0.1:9090";
    settings.scrapeUrl = "http://127.0.0.1:9400/metrics";
    const auto connection = fleet::connectMetrics(settings, cluster());
    ASSERT_TRUE(connection.error.empty()) << connection.error;
    EXPECT_NE(dynamic_cast<metrics::PrometheusSource *>(connection.source.get()), nullptr);
    EXPECT_EQ(scraped(connection), nullptr);
}

TEST(MetricsConnection, AScrapeUrlThatIsNoUrlIsNamed)
{
    fleet::MetricsSettings settings;
    settings.scrapeUrl = "localhost:9400/metrics";
    const auto connection = fleet::connectMetrics(settings, cluster());
    EXPECT_EQ(connection.source, nullptr);
    EXPECT_NE(connection.error.find("localhost:9400/metrics"), std::string::npos) << connection.error;
}

// Scraper against small /metrics servers on 127.0.0.1.
#include "backend/metrics/historyqueries.h"
#include "backend/metrics/scraper.h"

#include "common/ports.h"
#include "loopbackhttpserver.h"

#include <gtest/gtest.h>

#include <atomic>

using namespace gantry::metrics;
using gantry::test::LoopbackHttpServer;

namespace {

constexpr double t0 = 1700000000;

} // namespace

TEST(Scraper, ScrapesWithTokenKeepsConsoleFamiliesAndAddsTargetLabels)
{
    std::atomic<int> requests = 0;
    std::string authorization;
    std::string accept;
    LoopbackHttpServer server([&](const httplib::Request &request, httplib::Response &response) {
        ++requests;
        authorization = request.get_header_value("Authorization");
        accept = request.get_header_value("Accept");
        if (request.path != "/metrics") {
            response.status = 404;
            return;
        }
        response.set_content("# TYPE vllm:num_requests_waiting gauge\n"
                             "vllm:num_requests_waiting{engine=\"0\",model_name=\"chat\"} "
                + std::to_string(requests.load()) + "\n# TYPE process_open_fds gauge\nprocess_open_fds 45\nbroken{ 1\n",
            "text/plain; version=0.0.4; charset=utf-8");
    });
    ScrapeTarget target;
    target.url = server.url() + "/metrics";
    target.bearerToken = "pod-token";
    target.labels = { { "namespace", "serving" }, { "pod", "chat-predictor-1" } };
    Scraper scraper({ target });

    const auto first = scraper.scrape(fromUnixSeconds(t0));
    ASSERT_EQ(first.size(), 1u);
    EXPECT_FALSE(first[0].error) << first[0].error->message;
    EXPECT_EQ(first[0].samplesKept, 1u) << "process_open_fds is no console family";
    ASSERT_EQ(first[0].issues.size(), 1u) << "the broken line is reported, not fatal";
    EXPECT_EQ(first[0].issues[0].rfind("line 5", 0), 0u) << first[0].issues[0];
    EXPECT_EQ(authorization, "Bearer pod-token");
    EXPECT_EQ(accept.rfind("text/plain;version=0.0.4", 0), 0u) << accept;
    (void)scraper.scrape(fromUnixSeconds(t0 + 15));

    const auto waiting = HistoryQueries(scraper.history()).instant("requests_waiting", t0 + 15);
    ASSERT_TRUE(waiting.ok());
    ASSERT_EQ(waiting->size(), 1u);
    EXPECT_EQ(waiting->at(0).labels,
        (LabelMap { { "model_name", "chat" }, { "namespace", "serving" }, { "pod", "chat-predictor-1" } }));
    EXPECT_EQ(waiting->at(0).points[0].value, 2) << "the second scrape's value";
}

TEST(Scraper, FailedScrapesAreErrorsInWordsAndMakeTheSeriesStale)
{
    std::atomic<bool> healthy = true;
    LoopbackHttpServer server([&](const httplib::Request &, httplib::Response &response) {
        if (!healthy) {
            response.status = 401;
            response.set_content("Unauthorized\n", "text/plain");
            return;
        }
        response.set_content(
            "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-1\",Hostname=\"n1\"} 42\n", "text/plain; version=0.0.4");
    });
    const std::string refusedUrl =
        "http://127.0.0.1:" + std::to_string(gantry::test::unusedLoopbackPort()) + "/metrics";
    Scraper scraper({ ScrapeTarget { server.url() + "/metrics", {}, false, {}, {} },
        ScrapeTarget { refusedUrl, {}, false, {}, {} } });

    const auto first = scraper.scrape(fromUnixSeconds(t0));
    ASSERT_EQ(first.size(), 2u);
    EXPECT_FALSE(first[0].error);
    ASSERT_TRUE(first[1].error);
    EXPECT_EQ(first[1].error->kind, MetricsError::Kind::Transport);
    EXPECT_EQ(first[1].error->message.rfind("scrape of " + refusedUrl + " failed: connection refused by ", 0), 0u)
        << first[1].error->message;
    EXPECT_EQ(HistoryQueries(scraper.history()).instant("gpu_utilization", t0)->size(), 1u);

    healthy = false;
    const auto second = scraper.scrape(fromUnixSeconds(t0 + 15));
    ASSERT_TRUE(second[0].error);
    EXPECT_EQ(second[0].error->httpCode, 401);
    EXPECT_EQ(second[0].error->message, "scrape of " + server.url() + "/metrics failed: HTTP 401: Unauthorized ");
    EXPECT_TRUE(HistoryQueries(scraper.history()).instant("gpu_utilization", t0 + 15)->empty())
        << "a failed scrape ends the target's series, as in Prometheus";
    EXPECT_EQ(HistoryQueries(scraper.history()).instant("gpu_utilization", t0 + 10)->size(), 1u) << "history stays";
}

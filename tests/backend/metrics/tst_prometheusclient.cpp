// PrometheusClient against a small Prometheus stand-in on 127.0.0.1: the
// request it sends, and every kind of answer turned into a result or words.
#include "backend/metrics/prometheusclient.h"

#include "common/ports.h"
#include "loopbackhttpserver.h"

#include <gtest/gtest.h>

#include <mutex>

using namespace gantry::metrics;
using gantry::test::LoopbackHttpServer;

namespace {

PrometheusOptions prometheusAt(const std::string &url)
{
    PrometheusOptions options;
    options.url = url;
    return options;
}

const SystemTime evaluationTime = fromUnixSeconds(1700000000.25);

struct Seen {
    std::mutex mutex;
    std::string path;
    httplib::Params params;
    std::string authorization;
};

// Answers by the query text, as the scenarios below need.
void answer(Seen &seen, const httplib::Request &request, httplib::Response &response)
{
    {
        const std::lock_guard lock(seen.mutex);
        seen.path = request.path;
        seen.params = request.params;
        seen.authorization = request.get_header_value("Authorization");
    }
    const std::string query = request.get_param_value("query");
    if (query == "up") {
        response.set_content(R"({"status":"success","data":{"resultType":"vector","result":[)"
                             R"({"metric":{"__name__":"up","job":"sim"},"value":[1700000000.25,"1"]}]}})",
            "application/json");
    } else if (query == "time()") {
        response.set_content(
            R"({"status":"success","data":{"resultType":"scalar","result":[1700000000.25,"1700000000.25"]}})",
            "application/json");
    } else if (query == "rate(x[1m])" && request.path == "/api/v1/query_range") {
        response.set_content(
            R"({"status":"success","data":{"resultType":"matrix","result":[)"
            R"({"metric":{"pod":"a"},"values":[[1700000000,"1"],[1700000015,"NaN"],[1700000030,"+Inf"]]}]},)"
            R"("warnings":["results truncated"]})",
            "application/json");
    } else if (query == "sum(") {
        response.status = 400;
        response.set_content(
            R"({"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected end of input"})",
            "application/json");
    } else if (query == "a * on() b") {
        response.status = 422;
        response.set_content(
            R"({"status":"error","errorType":"execution","error":"found duplicate series for the match group"})",
            "application/json");
    } else if (query == "slow") {
        response.status = 503;
        response.set_content(R"({"status":"error","errorType":"timeout","error":"query timed out in query execution"})",
            "application/json");
    } else if (query == "proxy") {
        response.status = 502;
        response.set_content("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "text/html");
    } else if (query == "cut") {
        response.set_content(
            R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod")", "application/json");
    } else {
        response.status = 404;
        response.set_content("404 page not found\n", "text/plain");
    }
}

class PrometheusClientTest : public ::testing::Test {
protected:
    PrometheusClientTest()
        : m_server(
            [this](const httplib::Request &request, httplib::Response &response) { answer(m_seen, request, response); })
    {
    }

    PrometheusClient client(std::string token = {})
    {
        PrometheusOptions options;
        options.url = m_server.url() + "/";
        options.bearerToken = std::move(token);
        options.requestTimeout = std::chrono::seconds(10);
        return PrometheusClient(options);
    }
    std::string prefix() const { return "Prometheus at " + m_server.url(); }

    Seen m_seen;
    LoopbackHttpServer m_server;
};

} // namespace

TEST_F(PrometheusClientTest, InstantQuerySendsTheQueryAndTimeAndReadsTheVector)
{
    auto prometheus = client("s3cret");
    const auto result = prometheus.query("up", evaluationTime);
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->type, QueryResult::Type::Vector);
    ASSERT_EQ(result->series.size(), 1u);
    EXPECT_EQ(result->series[0].labels.at("job"), "sim");
    EXPECT_EQ(result->series[0].points[0].value, 1);

    const std::lock_guard lock(m_seen.mutex);
    EXPECT_EQ(m_seen.path, "/api/v1/query");
    EXPECT_EQ(m_seen.params.find("query")->second, "up");
    EXPECT_EQ(m_seen.params.find("time")->second, "1700000000.250");
    EXPECT_EQ(m_seen.authorization, "Bearer s3cret");
}

TEST_F(PrometheusClientTest, QueryTextIsEncodedWhole)
{
    auto prometheus = client();
    const auto result = prometheus.query("a * on() b", evaluationTime);
    ASSERT_FALSE(result.ok());
    const std::lock_guard lock(m_seen.mutex);
    EXPECT_EQ(m_seen.params.find("query")->second, "a * on() b") << "spaces, parentheses and * survive the URL";
    EXPECT_EQ(m_seen.authorization, "") << "no token configured, none sent";
}

TEST_F(PrometheusClientTest, ScalarResult)
{
    auto prometheus = client();
    const auto result = prometheus.query("time()", evaluationTime);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->type, QueryResult::Type::Scalar);
    EXPECT_DOUBLE_EQ(result->scalar.value, 1700000000.25);
}

TEST_F(PrometheusClientTest, RangeQueryReadsTheMatrixAndItsWarnings)
{
    auto prometheus = client();
    const SystemTime start = fromUnixSeconds(1700000000);
    const auto result =
        prometheus.queryRange("rate(x[1m])", start, start + std::chrono::seconds(30), std::chrono::seconds(15));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->type, QueryResult::Type::Matrix);
    ASSERT_EQ(result->series.size(), 1u);
    ASSERT_EQ(result->series[0].points.size(), 3u);
    EXPECT_TRUE(std::isnan(result->series[0].points[1].value));
    EXPECT_EQ(result->series[0].points[2].value, INFINITY);
    EXPECT_EQ(result->warnings, std::vector<std::string> { "results truncated" });
    const std::lock_guard lock(m_seen.mutex);
    EXPECT_EQ(m_seen.path, "/api/v1/query_range");
    EXPECT_EQ(m_seen.params.find("start")->second, "1700000000.000");
    EXPECT_EQ(m_seen.params.find("end")->second, "1700000030.000");
    EXPECT_EQ(m_seen.params.find("step")->second, "15.000");
}

TEST_F(PrometheusClientTest, RangeStepIsWidenedToElevenThousandPoints)
{
    auto prometheus = client();
    const SystemTime start = fromUnixSeconds(1700000000);
    const SystemTime end = start + std::chrono::hours(24 * 7);
    (void)prometheus.queryRange("rate(x[1m])", start, end, std::chrono::seconds(1));
    const std::lock_guard lock(m_seen.mutex);
    const double step = std::stod(m_seen.params.find("step")->second);
    EXPECT_LE(7 * 24 * 3600 / step, 11000.0);
    EXPECT_GT(7 * 24 * 3600 / step, 10990.0) << "widened no more than needed";
}

TEST(PrometheusClientStep, ClampKeepsSmallStepsAndWidensLargeRanges)
{
    const SystemTime start = fromUnixSeconds(1000);
    using std::chrono::milliseconds;
    EXPECT_EQ(
        PrometheusClient::clampStep(start, start + std::chrono::hours(1), milliseconds(15000)), milliseconds(15000));
    EXPECT_EQ(
        PrometheusClient::clampStep(start, start + std::chrono::seconds(11000), milliseconds(100)), milliseconds(1000));
    EXPECT_EQ(PrometheusClient::clampStep(start, start + std::chrono::seconds(11001), milliseconds(1000)),
        milliseconds(1001));
    EXPECT_EQ(PrometheusClient::clampStep(start, start, milliseconds(0)), milliseconds(1)) << "a step of 0 is refused";
}

TEST_F(PrometheusClientTest, ErrorAnswersBecomeWords)
{
    auto prometheus = client();
    const auto badData = prometheus.query("sum(", evaluationTime);
    ASSERT_FALSE(badData.ok());
    EXPECT_EQ(badData.error().kind, MetricsError::Kind::Prometheus);
    EXPECT_EQ(badData.error().httpCode, 400);
    EXPECT_EQ(badData.error().message,
        prefix() + ": bad_data: invalid parameter \"query\": 1:5: parse error: unexpected end of input");

    const auto execution = prometheus.query("a * on() b", evaluationTime);
    ASSERT_FALSE(execution.ok());
    EXPECT_EQ(execution.error().httpCode, 422);
    EXPECT_EQ(execution.error().message, prefix() + ": execution: found duplicate series for the match group");

    const auto timeout = prometheus.query("slow", evaluationTime);
    ASSERT_FALSE(timeout.ok());
    EXPECT_EQ(timeout.error().httpCode, 503);
    EXPECT_EQ(timeout.error().message, prefix() + ": timeout: query timed out in query execution");

    const auto proxy = prometheus.query("proxy", evaluationTime);
    ASSERT_FALSE(proxy.ok());
    EXPECT_EQ(proxy.error().kind, MetricsError::Kind::Http);
    EXPECT_EQ(proxy.error().message.rfind(
                  prefix() + ": HTTP 502 Bad Gateway; the answer is an HTML page (\"502 Bad Gateway\")", 0),
        0u)
        << proxy.error().message;

    const auto cut = prometheus.query("cut", evaluationTime);
    ASSERT_FALSE(cut.ok());
    EXPECT_EQ(cut.error().kind, MetricsError::Kind::BadResponse);
    EXPECT_EQ(cut.error().message.rfind(prefix() + ": the answer is not valid JSON (", 0), 0u) << cut.error().message;

    const auto notFound = prometheus.query("nothing", evaluationTime);
    ASSERT_FALSE(notFound.ok());
    EXPECT_EQ(notFound.error().message,
        prefix() + ": HTTP 404 Not Found; the answer is not the Prometheus API: \"404 page not found\"");
}

TEST(PrometheusClientTransport, ConnectionRefusedNamesTheServer)
{
    const std::string url = "http://127.0.0.1:" + std::to_string(gantry::test::unusedLoopbackPort());
    PrometheusClient prometheus(prometheusAt(url));
    const auto result = prometheus.query("up", evaluationTime);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, MetricsError::Kind::Transport);
    EXPECT_EQ(result.error().message.rfind("Prometheus at " + url + ": connection refused by " + url, 0), 0u)
        << result.error().message;
}

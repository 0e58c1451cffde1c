// Prometheus HTTP API envelopes: the documented query_range answer and every kind of failure.
#include "backend/metrics/prometheusresponse.h"

#include "metricsfixtures.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace gantry::metrics;
using gantry::test::readMetricsFixture;

namespace {

const std::string server = "Prometheus at http://127.0.0.1:9090";

gantry::Result<QueryResult, MetricsError> parse(
    int code, std::string_view body, std::string_view type = "application/json")
{
    return parsePrometheusResponse(code, type, body, server);
}

} // namespace

TEST(PrometheusResponse, DocumentedRangeAnswerIsAMatrixOfTwoSeries)
{
    const auto result = parse(200, readMetricsFixture("prometheus-docs-query_range-matrix.json"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->type, QueryResult::Type::Matrix);
    ASSERT_EQ(result->series.size(), 2u);
    const Series &first = result->series[0];
    EXPECT_EQ(
        first.labels, (LabelMap { { "__name__", "up" }, { "job", "prometheus" }, { "instance", "localhost:9090" } }));
    ASSERT_EQ(first.points.size(), 3u);
    EXPECT_DOUBLE_EQ(first.points[0].time, 1435781430.781);
    EXPECT_DOUBLE_EQ(first.points[2].time, 1435781460.781);
    EXPECT_EQ(first.points[0].value, 1);
    const Series &second = result->series[1];
    EXPECT_EQ(second.labels.at("job"), "node");
    EXPECT_EQ(second.points[0].value, 0);
    EXPECT_EQ(second.points[1].value, 0);
    EXPECT_EQ(second.points[2].value, 1);
    EXPECT_TRUE(result->warnings.empty());
}

TEST(PrometheusResponse, VectorValuesAreStringsIncludingNaNAndInfinities)
{
    const auto result = parse(200, R"({"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"pod":"a"},"value":[1700000000.5,"0.25"]},
        {"metric":{"pod":"b"},"value":[1700000000.5,"NaN"]},
        {"metric":{"pod":"c"},"value":[1700000000.5,"+Inf"]},
        {"metric":{"pod":"d"},"value":[1700000000.5,"-Inf"]},
        {"metric":{},"value":[1700000000.5,"1e3"]}]},
        "warnings":["PromQL warning: a"],"infos":["PromQL info: metric might not be a counter"]})");
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->type, QueryResult::Type::Vector);
    ASSERT_EQ(result->series.size(), 5u);
    EXPECT_EQ(result->series[0].points, (std::vector<Point> { { 1700000000.5, 0.25 } }));
    EXPECT_TRUE(std::isnan(result->series[1].points[0].value));
    EXPECT_EQ(result->series[2].points[0].value, INFINITY);
    EXPECT_EQ(result->series[3].points[0].value, -INFINITY);
    EXPECT_TRUE(result->series[4].labels.empty());
    EXPECT_EQ(result->series[4].points[0].value, 1000);
    EXPECT_EQ(result->warnings, std::vector<std::string> { "PromQL warning: a" });
    EXPECT_EQ(result->infos, std::vector<std::string> { "PromQL info: metric might not be a counter" });
}

TEST(PrometheusResponse, ScalarAndStringResults)
{
    const auto scalar = parse(200, R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"42"]}})");
    ASSERT_TRUE(scalar.ok()) << scalar.error().message;
    EXPECT_EQ(scalar->type, QueryResult::Type::Scalar);
    EXPECT_EQ(scalar->scalar, (Point { 1700000000, 42 }));
    EXPECT_TRUE(scalar->series.empty());

    const auto text =
        parse(200, R"({"status":"success","data":{"resultType":"string","result":[1700000000,"hello"]}})");
    ASSERT_TRUE(text.ok()) << text.error().message;
    EXPECT_EQ(text->type, QueryResult::Type::String);
    EXPECT_EQ(text->text, "hello");
}

TEST(PrometheusResponse, ErrorEnvelopesKeepPrometheusWords)
{
    const auto badData =
        parse(400, R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected \")\""})");
    ASSERT_FALSE(badData.ok());
    EXPECT_EQ(badData.error().kind, MetricsError::Kind::Prometheus);
    EXPECT_EQ(badData.error().httpCode, 400);
    EXPECT_EQ(badData.error().errorType, "bad_data");
    EXPECT_EQ(badData.error().message, server + ": bad_data: 1:5: parse error: unexpected \")\"");

    const auto execution =
        parse(422, R"({"status":"error","errorType":"execution","error":"many-to-many matching not allowed"})");
    ASSERT_FALSE(execution.ok());
    EXPECT_EQ(execution.error().message, server + ": execution: many-to-many matching not allowed");

    const auto timeout =
        parse(503, R"({"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"})");
    ASSERT_FALSE(timeout.ok());
    EXPECT_EQ(timeout.error().errorType, "timeout");
    EXPECT_EQ(timeout.error().httpCode, 503);
}

TEST(PrometheusResponse, ProxyPagesAndBareStatusesAreNamed)
{
    const auto html = parse(502,
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>",
        "text/html");
    ASSERT_FALSE(html.ok());
    EXPECT_EQ(html.error().kind, MetricsError::Kind::Http);
    EXPECT_EQ(html.error().message,
        server
            + ": HTTP 502 Bad Gateway; the answer is an HTML page (\"502 Bad Gateway\"), not the Prometheus API; is a "
              "proxy or login page in the way, or is this the wrong URL?");

    const auto login = parse(200, "<html><head><title>Sign in</title></head></html>", "text/html; charset=utf-8");
    ASSERT_FALSE(login.ok());
    EXPECT_EQ(login.error().kind, MetricsError::Kind::BadResponse);
    EXPECT_NE(login.error().message.find("HTML page (\"Sign in\")"), std::string::npos) << login.error().message;

    const auto unavailable = parse(503, "Service Unavailable\n", "text/plain");
    ASSERT_FALSE(unavailable.ok());
    EXPECT_EQ(unavailable.error().message,
        server + ": HTTP 503 Service Unavailable; the answer is not the Prometheus API: \"Service Unavailable\"");
}

TEST(PrometheusResponse, TruncatedAndMisshapenJsonAreBadResponses)
{
    const auto cut = parse(200, R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{)");
    ASSERT_FALSE(cut.ok());
    EXPECT_EQ(cut.error().kind, MetricsError::Kind::BadResponse);
    EXPECT_EQ(
        cut.error().message.rfind(server + ": the answer is not valid JSON (parse error at line 1, column ", 0), 0u)
        << cut.error().message;
    EXPECT_NE(cut.error().message.find("was it cut short?"), std::string::npos);

    const auto badValue =
        parse(200, R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}})");
    ASSERT_FALSE(badValue.ok());
    EXPECT_EQ(
        badValue.error().message, server + ": unexpected answer: vector: the sample value \"abc\" is not a number");

    const auto numberValue =
        parse(200, R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}})");
    ASSERT_FALSE(numberValue.ok());
    EXPECT_EQ(numberValue.error().message, server + ": unexpected answer: matrix: the sample value is not a string");

    const auto noData = parse(200, R"({"status":"success"})");
    ASSERT_FALSE(noData.ok());
    EXPECT_EQ(noData.error().message, server + ": unexpected answer: \"data\" is missing or not an object");

    const auto empty = parse(200, "");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().message, server + ": the answer is empty");
}

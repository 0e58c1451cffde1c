#include "backend/kube/apistatus.h"

#include <gtest/gtest.h>

using namespace gantry::kube;

// The exact body Kubernetes sends when a strategic merge patch hits a custom resource.
TEST(ApiStatus, ParsesUnsupportedMediaTypeStatusVerbatim)
{
    const std::string body =
        R"J({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml","reason":"UnsupportedMediaType","code":415})J";
    const ApiStatus status = parseApiStatus(415, body);
    EXPECT_TRUE(status.fromServerStatus);
    EXPECT_EQ(status.code, 415);
    EXPECT_EQ(status.reason, "UnsupportedMediaType");
    EXPECT_EQ(status.message.rfind("the body of the request was in an unknown format", 0), 0u);
    EXPECT_EQ(status.summary().rfind("UnsupportedMediaType (415): the body", 0), 0u) << status.summary();
}

TEST(ApiStatus, ReadsCodeFromBodyForWatchErrorEvents)
{
    // A watch ERROR event arrives in an HTTP 200 response; the Status carries the real code.
    const ApiStatus status = parseApiStatus(
        200, R"J({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 123 (456)","reason":"Expired","code":410})J");
    EXPECT_EQ(status.code, 410);
    EXPECT_EQ(status.reason, "Expired");
    EXPECT_EQ(status.message, "too old resource version: 123 (456)");
}

TEST(ApiStatus, KeepsCausesAndDetails)
{
    const ApiStatus status = parseApiStatus(422, R"({
        "kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","code":422,
        "message":"InferenceService.serving.kserve.io \"Bad_Name\" is invalid",
        "details":{"name":"Bad_Name","group":"serving.kserve.io","kind":"inferenceservices",
                   "retryAfterSeconds":3,
                   "causes":[{"reason":"FieldValueInvalid","message":"must be a DNS-1123 label","field":"metadata.name"},
                             "not an object",
                             {"reason":"FieldValueRequired","field":"spec.predictor"}]}})");
    EXPECT_EQ(status.detailsName, "Bad_Name");
    EXPECT_EQ(status.detailsGroup, "serving.kserve.io");
    EXPECT_EQ(status.detailsKind, "inferenceservices");
    ASSERT_TRUE(status.retryAfterSeconds.has_value());
    EXPECT_EQ(*status.retryAfterSeconds, 3);
    ASSERT_EQ(status.causes.size(), 2u);
    EXPECT_EQ(status.causes[0].field, "metadata.name");
    EXPECT_EQ(status.causes[0].message, "must be a DNS-1123 label");
    EXPECT_EQ(status.causes[1].reason, "FieldValueRequired");
    EXPECT_TRUE(status.causes[1].message.empty());
}

TEST(ApiStatus, HtmlFromAProxyIsNamedAsSuch)
{
    const ApiStatus status =
        parseApiStatus(502, "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>");
    EXPECT_FALSE(status.fromServerStatus);
    EXPECT_EQ(status.code, 502);
    EXPECT_EQ(status.reason, "InternalError");
    EXPECT_NE(status.message.find("HTML page"), std::string::npos) << status.message;
    EXPECT_NE(status.message.find("502 Bad Gateway"), std::string::npos) << status.message;
}

TEST(ApiStatus, TruncatedJsonAndEmptyBodiesStillDescribeTheFailure)
{
    const ApiStatus truncated = parseApiStatus(403, R"J({"kind":"Status","apiVersion":"v1","mess)J");
    EXPECT_EQ(truncated.reason, "Forbidden");
    EXPECT_NE(truncated.message.find("JSON that is not a Kubernetes Status"), std::string::npos);

    const ApiStatus empty = parseApiStatus(404, "   \n");
    EXPECT_EQ(empty.reason, "NotFound");
    EXPECT_EQ(empty.message, "the server sent an empty body");
}

TEST(ApiStatus, BinaryGarbageIsMadePrintableAndShort)
{
    std::string garbage(5000, '\x01');
    const ApiStatus status = parseApiStatus(500, garbage);
    EXPECT_LT(status.message.size(), 250u);
    EXPECT_EQ(status.message.find('\x01'), std::string::npos);
}

TEST(ApiStatus, ReasonsForCodes)
{
    EXPECT_EQ(reasonForHttpCode(401), "Unauthorized");
    EXPECT_EQ(reasonForHttpCode(409), "Conflict");
    EXPECT_EQ(reasonForHttpCode(410), "Expired");
    EXPECT_EQ(reasonForHttpCode(422), "Invalid");
    EXPECT_EQ(reasonForHttpCode(599), "InternalError");
}

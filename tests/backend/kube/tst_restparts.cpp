// The REST client's pure parts: paths, queries, line framing, watch events,
// error classification and base64 for KUBERNETES_EXEC_INFO.

#include "backend/kube/apierror.h"
#include "backend/kube/base64.h"
#include "backend/kube/base64encode.h"
#include "backend/kube/linebuffer.h"
#include "backend/kube/resourceref.h"
#include "backend/kube/watchevent.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace gantry::kube;

namespace {

TEST(ResourceRef, BuildsCoreAndGroupPaths)
{
    EXPECT_EQ((ResourceRef{"", "v1", "pods", "ml", "vllm-0", "log"}).path(), "/api/v1/namespaces/ml/pods/vllm-0/log");
    EXPECT_EQ((ResourceRef{"", "v1", "nodes", "", "gpu-1", ""}).path(), "/api/v1/nodes/gpu-1");
    EXPECT_EQ((ResourceRef{"serving.kserve.io", "v1beta1", "inferenceservices", "ml", "", ""}).path(),
              "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices");
    EXPECT_EQ((ResourceRef{"serving.kserve.io", "v1beta1", "inferenceservices", "", "", ""}).path(),
              "/apis/serving.kserve.io/v1beta1/inferenceservices");
    const ResourceRef status{"serving.kserve.io", "v1beta1", "inferenceservices", "ml", "llama", "status"};
    EXPECT_EQ(status.collection().path(), "/apis/serving.kserve.io/v1beta1/namespaces/ml/inferenceservices");
    EXPECT_EQ(status.collection().named("x").inNamespace("b").path(),
              "/apis/serving.kserve.io/v1beta1/namespaces/b/inferenceservices/x");
    EXPECT_EQ(status.describe(), "inferenceservices.serving.kserve.io");
    // A name with a slash cannot escape its segment.
    EXPECT_EQ((ResourceRef{"", "v1", "pods", "ml", "a/../b", ""}).path(), "/api/v1/namespaces/ml/pods/a%2F..%2Fb");
}

TEST(QueryBuilder, SkipsEmptyValuesAndEscapes)
{
    EXPECT_EQ(QueryBuilder().str(), "");
    EXPECT_EQ(QueryBuilder()
                  .add("labelSelector", "app in (a,b),tier!=web")
                  .add("continue", "")
                  .add("limit", "2")
                  .str(),
              "?labelSelector=app%20in%20%28a%2Cb%29%2Ctier%21%3Dweb&limit=2");
}

TEST(LineBuffer, ReassemblesLinesSplitAcrossChunks)
{
    LineBuffer buffer;
    std::vector<std::string> lines;
    const auto collect = [&lines](std::string_view line) {
        lines.emplace_back(line);
        return true;
    };
    EXPECT_TRUE(buffer.feed("{\"a\":", collect));
    EXPECT_TRUE(lines.empty());
    EXPECT_TRUE(buffer.feed("1}\n{\"b\"", collect));
    EXPECT_TRUE(buffer.feed(":2}\n\n{\"c\":3}\n{\"d\"", collect));
    EXPECT_EQ(buffer.pending(), 4u);
    EXPECT_TRUE(buffer.finish(collect));
    EXPECT_EQ(lines, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "", "{\"c\":3}", "{\"d\""}));
}

TEST(LineBuffer, StopsWhenTheHandlerSaysSo)
{
    LineBuffer buffer;
    int seen = 0;
    EXPECT_FALSE(buffer.feed("1\n2\n3\n", [&seen](std::string_view) { return ++seen < 2; }));
    EXPECT_EQ(seen, 2);
}

TEST(WatchEvent, ParsesEventsAndErrorStatus)
{
    const WatchEventParse added =
        parseWatchEvent(R"({"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"a","resourceVersion":"17"}}})");
    ASSERT_TRUE(added.event);
    EXPECT_EQ(added.event->type, WatchEvent::Type::Added);
    EXPECT_STREQ(added.event->typeName(), "ADDED");
    EXPECT_EQ(added.event->resourceVersion(), "17");
    EXPECT_FALSE(added.event->status);

    const WatchEventParse error = parseWatchEvent(
        R"j({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)j"
        R"j("message":"too old resource version: 3 (90)","reason":"Expired","code":410}})j");
    ASSERT_TRUE(error.event);
    EXPECT_EQ(error.event->type, WatchEvent::Type::Error);
    ASSERT_TRUE(error.event->status);
    EXPECT_EQ(error.event->status->code, 410);
    EXPECT_EQ(error.event->status->reason, "Expired");
    EXPECT_EQ(error.event->status->message, "too old resource version: 3 (90)");

    EXPECT_FALSE(parseWatchEvent("  ").event);
    EXPECT_TRUE(parseWatchEvent("  ").error.empty());
    EXPECT_EQ(parseWatchEvent("<html>").error, "a watch event is not a JSON object");
    EXPECT_EQ(parseWatchEvent(R"({"type":"ADDED"})").error, "a watch event lacks its \"type\" or \"object\"");
    EXPECT_EQ(parseWatchEvent(R"({"type":"SNAPSHOT","object":{}})").error, "unknown watch event type \"SNAPSHOT\"");
}

TEST(ApiError, ClassifiesStatusesAndTransportFailures)
{
    auto status = [](int code, const std::string &reason) {
        ApiStatus s;
        s.code = code;
        s.reason = reason;
        s.message = "m";
        return ApiError::fromStatus(s);
    };
    EXPECT_TRUE(status(403, "Forbidden").isForbidden());
    EXPECT_TRUE(status(401, "Unauthorized").isUnauthorized());
    EXPECT_TRUE(status(404, "NotFound").isNotFound());
    EXPECT_TRUE(status(409, "Conflict").isConflict());
    EXPECT_FALSE(status(409, "AlreadyExists").isConflict());
    EXPECT_TRUE(status(409, "AlreadyExists").isAlreadyExists());
    EXPECT_TRUE(status(410, "Expired").isExpired());
    EXPECT_EQ(status(403, "Forbidden").summary(), "Forbidden (403): m");

    const ApiError refused = ApiError::make(ApiError::Kind::Network, "connection refused by x");
    EXPECT_TRUE(refused.isTransport());
    EXPECT_FALSE(refused.isForbidden());
    EXPECT_EQ(refused.httpCode(), 0);
    EXPECT_EQ(refused.summary(), "connection refused by x");
    EXPECT_TRUE(ApiError::make(ApiError::Kind::Cancelled, "c").isCancelled());
    EXPECT_TRUE(ApiError::make(ApiError::Kind::ReadOnly, "r").isReadOnlyRefusal());
}

TEST(Base64Encode, RoundTripsThroughTheDecoder)
{
    EXPECT_EQ(encodeBase64(""), "");
    EXPECT_EQ(encodeBase64("f"), "Zg==");
    EXPECT_EQ(encodeBase64("fo"), "Zm8=");
    EXPECT_EQ(encodeBase64("foo"), "Zm9v");
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes += static_cast<char>(i);
    EXPECT_EQ(decodeBase64(encodeBase64(bytes)), bytes);
}

} // namespace

// gantry-sim's API server over real HTTPS: status shapes, bad input, watch
// framing, bookmarks and expiry, and that nothing a client sends can stop it.
#include "simfixture.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>

using namespace gantry::test;
using nlohmann::json;

namespace {

struct Reply
{
    int status = 0;
    std::string body;
    std::string contentType;
    json document() const { return json::parse(body, nullptr, false); }
};

} // namespace

class ApiServerTest : public SimulatorTest
{
protected:
    void SetUp() override
    {
        SimulatorTest::SetUp();
        m_caPath = writeFile("ca.crt", simulator().server().caCertificatePem());
    }

    std::unique_ptr<httplib::SSLClient> client(const std::string &token)
    {
        auto result = std::make_unique<httplib::SSLClient>("127.0.0.1", simulator().server().port());
        result->set_ca_cert_path(m_caPath.c_str());
        result->enable_server_certificate_verification(true);
        if (!token.empty())
            result->set_bearer_token_auth(token.c_str());
        result->set_read_timeout(20);
        return result;
    }

    Reply call(const std::string &method, const std::string &path, const std::string &body = {},
               const std::string &contentType = "application/json", const std::string &token = "admin")
    {
        const std::string bearer = token == "admin"    ? simulator().access().adminToken()
            : token == "viewer"                        ? simulator().access().viewerToken()
                                                       : token;
        auto http = client(bearer);
        httplib::Result result = method == "GET" ? http->Get(path.c_str())
            : method == "POST"                   ? http->Post(path.c_str(), body, contentType.c_str())
            : method == "PUT"                    ? http->Put(path.c_str(), body, contentType.c_str())
            : method == "PATCH"                  ? http->Patch(path.c_str(), body, contentType.c_str())
                                                 : http->Delete(path.c_str());
        if (!result)
            return {};
        return {result->status, result->body, result->get_header_value("Content-Type")};
    }

    /// Reads a watch until `done` says so or `seconds` pass; returns the event lines.
    std::vector<json> watch(const std::string &path, const std::function<bool(const std::vector<json> &)> &done,
                            int seconds = 10)
    {
        auto http = client(simulator().access().adminToken());
        std::vector<json> events;
        std::string buffer;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        http->Get(path.c_str(), [&](const char *data, std::size_t length) {
            buffer.append(data, length);
            for (auto newline = buffer.find('\n'); newline != std::string::npos; newline = buffer.find('\n')) {
                events.push_back(json::parse(buffer.substr(0, newline)));
                buffer.erase(0, newline + 1);
            }
            return !done(events) && std::chrono::steady_clock::now() < deadline;
        });
        return events;
    }

    static std::string podJson(const std::string &name)
    {
        return json{{"apiVersion", "v1"},
                    {"kind", "Pod"},
                    {"metadata", {{"name", name}}},
                    {"spec", {{"containers", json::array({{{"name", "c"}, {"image", "busybox"}}})}}}}
            .dump();
    }

    static std::string isvcJson(const std::string &name)
    {
        return json{{"apiVersion", "serving.kserve.io/v1beta1"},
                    {"kind", "InferenceService"},
                    {"metadata", {{"name", name}}},
                    {"spec", {{"predictor", {{"model", {{"modelFormat", {{"name", "huggingface"}}},
                                                        {"storageUri", "hf://org/model"}}}}}}}}
            .dump();
    }

    std::string m_caPath;
};

TEST_F(ApiServerTest, DiscoveryDocumentsDescribeEveryResource)
{
    const Reply core = call("GET", "/api/v1");
    ASSERT_EQ(core.status, 200);
    const json resources = core.document()["resources"];
    auto has = [&](const json &list, const std::string &name) {
        return std::any_of(list.begin(), list.end(), [&](const json &entry) { return entry["name"] == name; });
    };
    EXPECT_TRUE(has(resources, "pods") && has(resources, "pods/log") && has(resources, "pods/status"));
    EXPECT_TRUE(has(resources, "nodes") && has(resources, "events") && has(resources, "persistentvolumeclaims"));

    const Reply kserve = call("GET", "/apis/serving.kserve.io/v1beta1");
    ASSERT_EQ(kserve.status, 200);
    const json isvc = kserve.document()["resources"][0];
    EXPECT_EQ(isvc["name"], "inferenceservices");
    EXPECT_EQ(isvc["shortNames"], json::array({"isvc"}));
    EXPECT_EQ(isvc["namespaced"], true);

    const Reply groups = call("GET", "/apis");
    ASSERT_EQ(groups.status, 200) << groups.body;
    ASSERT_TRUE(groups.document().contains("groups")) << groups.body;
    std::set<std::string> names;
    const json groupList = groups.document();
    for (const json &group : groupList["groups"])
        names.insert(group["name"].get<std::string>());
    EXPECT_EQ(names, (std::set<std::string>{"batch", "serving.kserve.io", "machine.openshift.io",
                                            "authorization.k8s.io", "authentication.k8s.io"}));

    const Reply openapi = call("GET", "/openapi/v3");
    ASSERT_EQ(openapi.status, 200);
    const std::string url = openapi.document()["paths"]["apis/serving.kserve.io/v1beta1"]["serverRelativeURL"];
    const Reply document = call("GET", url);
    ASSERT_EQ(document.status, 200);
    const json patch =
        document.document()["paths"]["/apis/serving.kserve.io/v1beta1/namespaces/{namespace}/inferenceservices/{name}"]["patch"];
    EXPECT_EQ(patch["x-kubernetes-group-version-kind"]["kind"], "InferenceService");
    EXPECT_FALSE(patch["requestBody"]["content"].contains("application/strategic-merge-patch+json"));
}

TEST_F(ApiServerTest, AuthenticationAndAuthorizationFailuresAreStatuses)
{
    const Reply anonymous = call("GET", "/api/v1/pods", {}, {}, "");
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(anonymous.document()["reason"], "Unauthorized");
    EXPECT_EQ(call("GET", "/api/v1/pods", {}, {}, "wrong").status, 401);
    EXPECT_EQ(call("GET", "/version", {}, {}, "").status, 200) << "version is public, as on a real cluster";

    const Reply forbidden = call("POST", "/api/v1/namespaces/default/pods", podJson("p"), "application/json", "viewer");
    EXPECT_EQ(forbidden.status, 403);
    EXPECT_EQ(forbidden.document()["message"],
              "pods is forbidden: User \"gantry-viewer\" cannot create resource \"pods\" in API group \"\" in the "
              "namespace \"default\"");
    EXPECT_EQ(call("GET", "/api/v1/namespaces/default/pods", {}, {}, "viewer").status, 200);
}

TEST_F(ApiServerTest, BadRequestsGetPreciseStatuses)
{
    EXPECT_EQ(call("GET", "/api/v1/frobs").document()["message"], "the server could not find the requested resource");
    EXPECT_EQ(call("GET", "/apis/nope/v1").status, 404);
    EXPECT_EQ(call("GET", "/api/v1/namespaces/default/pods/missing").document()["message"],
              "pods \"missing\" not found");

    const Reply badJson = call("POST", "/api/v1/namespaces/default/pods", "{\"kind\": \"Pod\", oops");
    EXPECT_EQ(badJson.status, 400);
    EXPECT_EQ(badJson.document()["reason"], "BadRequest");
    EXPECT_NE(badJson.document()["message"].get<std::string>().find("not valid JSON"), std::string::npos);

    const Reply wrongKind = call("POST", "/api/v1/namespaces/default/pods",
                                 R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"n"}})");
    EXPECT_EQ(wrongKind.status, 400);

    const Reply badName = call("POST", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices",
                               isvcJson("Bad_Name"));
    EXPECT_EQ(badName.status, 422);
    const json status = badName.document();
    EXPECT_EQ(status["reason"], "Invalid");
    EXPECT_EQ(status["details"]["causes"][0]["field"], "metadata.name");

    const Reply yaml = call("POST", "/api/v1/namespaces/default/pods", "kind: Pod\n  bad: [indent", "application/yaml");
    EXPECT_EQ(yaml.status, 400);
    EXPECT_NE(yaml.document()["message"].get<std::string>().find("line"), std::string::npos);

    const Reply huge = call("POST", "/api/v1/namespaces/default/pods", std::string(4 * 1024 * 1024, ' '));
    EXPECT_EQ(huge.status, 413);
    EXPECT_EQ(huge.document()["reason"], "RequestEntityTooLarge");

    const Reply wrongMethod = call("PUT", "/api/v1/namespaces/default/pods", podJson("p"));
    EXPECT_EQ(wrongMethod.status, 405);

    EXPECT_EQ(call("POST", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices", isvcJson("m")).status, 201);
    const Reply strategic = call("PATCH", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/m",
                                 "{}", "application/strategic-merge-patch+json");
    EXPECT_EQ(strategic.status, 415);
    EXPECT_EQ(strategic.document()["reason"], "UnsupportedMediaType");

    const Reply badTest = call("PATCH", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/m",
                               R"([{"op":"test","path":"/spec/predictor/minReplicas","value":7}])",
                               "application/json-patch+json");
    EXPECT_EQ(badTest.status, 422);
}

TEST_F(ApiServerTest, UpdatesAreGuardedByResourceVersion)
{
    ASSERT_EQ(call("POST", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices", isvcJson("m")).status, 201);
    json object = call("GET", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/m").document();
    object["spec"]["predictor"]["minReplicas"] = 2;
    EXPECT_EQ(call("PUT", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/m", object.dump()).status,
              200);
    object["spec"]["predictor"]["minReplicas"] = 3; // still carries the old resourceVersion
    const Reply conflict =
        call("PUT", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/m", object.dump());
    EXPECT_EQ(conflict.status, 409);
    EXPECT_EQ(conflict.document()["reason"], "Conflict");

    // A merge patch that names a stale version is a conflict too.
    const std::string stale = object["metadata"]["resourceVersion"];
    const Reply patch = call("PATCH", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/m",
                             R"({"metadata":{"resourceVersion":")" + stale + R"("},"spec":{"predictor":{"minReplicas":9}}})",
                             "application/merge-patch+json");
    EXPECT_EQ(patch.status, 409);
    EXPECT_EQ(call("GET", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/m")
                  .document()["spec"]["predictor"]["minReplicas"],
              2);

    const Reply status =
        call("PATCH", "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/m/status",
             R"({"status":{"url":"http://m.default.example.com"}})", "application/merge-patch+json");
    EXPECT_EQ(status.status, 200);
    EXPECT_EQ(status.document()["status"]["url"], "http://m.default.example.com");
}

TEST_F(ApiServerTest, WatchStreamsEventsAndBookmarksThenEndsOnTimeout)
{
    const std::string version = call("GET", "/api/v1/namespaces/default/pods").document()["metadata"]["resourceVersion"];
    std::thread writer([this] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        call("POST", "/api/v1/namespaces/default/pods", podJson("w1"));
        call("PATCH", "/api/v1/namespaces/default/pods/w1", R"({"metadata":{"labels":{"x":"y"}}})",
             "application/strategic-merge-patch+json");
        call("DELETE", "/api/v1/namespaces/default/pods/w1");
    });
    const auto start = std::chrono::steady_clock::now();
    const auto events = watch("/api/v1/namespaces/default/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=2&resourceVersion="
                                  + version,
                              [](const std::vector<json> &) { return false; });
    writer.join();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, std::chrono::seconds(6)) << "timeoutSeconds ends the watch";
    std::vector<std::string> types;
    for (const json &event : events)
        types.push_back(event["type"]);
    ASSERT_GE(types.size(), 4u);
    EXPECT_EQ(std::vector<std::string>(types.begin(), types.begin() + 3),
              (std::vector<std::string>{"ADDED", "MODIFIED", "DELETED"}));
    EXPECT_NE(std::find(types.begin(), types.end(), "BOOKMARK"), types.end());
}

// A client of an earlier server process asks for a version this one never
// issued: refused as kube-apiserver does, so the client lists afresh.
TEST_F(ApiServerTest, WatchFromAVersionNotYetIssuedIsRefusedAsTooLarge)
{
    const std::string current = call("GET", "/api/v1/namespaces/default/pods").document()["metadata"]["resourceVersion"];
    const std::string ahead = std::to_string(std::stoull(current) + 100000);
    const Reply reply = call("GET", "/api/v1/namespaces/default/pods?watch=1&resourceVersion=" + ahead);
    EXPECT_EQ(reply.status, 504);
    const json status = reply.document();
    EXPECT_EQ(status["reason"], "Timeout");
    EXPECT_EQ(status["message"], "Too large resource version: " + ahead + ", current: " + current);
    EXPECT_EQ(status["details"]["causes"][0]["reason"], "ResourceVersionTooLarge");
    // The current version itself is fine.
    auto http = client(simulator().access().adminToken());
    const auto result = http->Get(("/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1&resourceVersion=" + current).c_str());
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
}

class ShortHistoryApiServerTest : public ApiServerTest
{
protected:
    void configure(gantry::sim::SimulatorOptions &options) override { options.historyPerType = 3; }
};

TEST_F(ShortHistoryApiServerTest, WatchFromAnExpiredVersionGetsA410ErrorEvent)
{
    const std::string first = call("POST", "/api/v1/namespaces/default/pods", podJson("p0")).document()["metadata"]["resourceVersion"];
    for (int i = 1; i < 6; ++i)
        ASSERT_EQ(call("POST", "/api/v1/namespaces/default/pods", podJson("p" + std::to_string(i))).status, 201);
    auto http = client(simulator().access().adminToken());
    const auto result = http->Get(("/api/v1/namespaces/default/pods?watch=1&resourceVersion=" + first).c_str());
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200) << "the real server reports expiry inside the watch, not as an HTTP error";
    const json event = json::parse(result->body.substr(0, result->body.find('\n')));
    EXPECT_EQ(event["type"], "ERROR");
    EXPECT_EQ(event["object"]["code"], 410);
    EXPECT_EQ(event["object"]["reason"], "Expired");
    EXPECT_EQ(event["object"]["message"].get<std::string>().rfind("too old resource version: " + first, 0), 0u);

    // A paged list whose continue token has aged out the same way gets 410.
    const std::string token = call("GET", "/api/v1/namespaces/default/pods?limit=2").document()["metadata"]["continue"];
    for (int i = 6; i < 10; ++i)
        call("POST", "/api/v1/namespaces/default/pods", podJson("p" + std::to_string(i)));
    const Reply expired = call("GET", "/api/v1/namespaces/default/pods?limit=2&continue=" + token);
    EXPECT_EQ(expired.status, 410);
    EXPECT_EQ(expired.document()["reason"], "Expired");
}

TEST_F(ApiServerTest, ManyWatchersAllSeeAWrite)
{
    constexpr int watchers = 24;
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    // One int per watcher (not vector<bool>, whose bits share bytes across threads).
    std::vector<int> saw(watchers, 0);
    const std::string version = call("GET", "/api/v1/namespaces/default/pods").document()["metadata"]["resourceVersion"];
    for (int i = 0; i < watchers; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            const auto events = watch("/api/v1/namespaces/default/pods?watch=true&resourceVersion=" + version,
                                      [](const std::vector<json> &seen) { return !seen.empty(); });
            saw[i] = !events.empty() && events[0]["object"]["metadata"]["name"] == "shared" ? 1 : 0;
        });
    }
    while (ready < watchers)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(call("POST", "/api/v1/namespaces/default/pods", podJson("shared")).status, 201);
    for (auto &thread : threads)
        thread.join();
    EXPECT_EQ(std::count(saw.begin(), saw.end(), 1), watchers);
}

TEST_F(ApiServerTest, GarbageOnTheSocketDoesNotStopTheServer)
{
    for (const std::string &garbage : {std::string("\x16\x03\x01garbage"), std::string("GET / HTTP/1.1\r\n\r\n"),
                                      std::string(70000, 'A'), std::string()}) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(simulator().server().port());
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        [[maybe_unused]] auto sent = ::send(fd, garbage.data(), garbage.size(), MSG_NOSIGNAL);
        ::close(fd);
    }
    EXPECT_EQ(call("GET", "/api/v1/namespaces").status, 200);
}

TEST_F(ApiServerTest, SelfSubjectAccessReviewAnswersTruthfully)
{
    const std::string review =
        R"({"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"namespace":"default","verb":"patch","group":"serving.kserve.io","resource":"inferenceservices"}}})";
    const Reply admin = call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review);
    EXPECT_EQ(admin.status, 201);
    EXPECT_EQ(admin.document()["status"]["allowed"], true);
    const Reply viewer =
        call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review, "application/json", "viewer");
    EXPECT_EQ(viewer.status, 201) << "asking is a create the viewer may do";
    EXPECT_EQ(viewer.document()["status"]["allowed"], false);
}

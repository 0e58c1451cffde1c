// The REST client against the real gantry-sim over TLS: CRUD, paging,
// dry-run, RBAC, read-only mode, credentials, TLS settings and errors in words.

#include "backend/kube/accessprobe.h"
#include "common/ports.h"
#include "backend/kube/execcredentials.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigresolver.h"
#include "backend/kube/restclient.h"
#include "resttestsupport.h"
#include "sim/security/tlsmaterial.h"
#include "sim/simfixture.h"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace gantry::kube;
using gantry::kube::test::execCredentialJson;
using gantry::kube::test::podObject;
using gantry::kube::test::podsIn;
using gantry::kube::test::writeScript;

namespace {

class RestClientTest : public gantry::test::SimulatorTest
{
protected:
    ResolvedConnection connection(const std::string &token)
    {
        ResolvedConnection c;
        c.contextName = "test";
        c.userName = "test-user";
        c.server = simulator().server().url();
        c.caPem = simulator().server().caCertificatePem();
        c.auth = TokenAuth{token};
        c.namespaceName = "default";
        return c;
    }
    std::shared_ptr<RestClient> admin(bool readOnly = false)
    {
        return RestClient::forConnection(connection(simulator().access().adminToken()), readOnly);
    }
    std::shared_ptr<RestClient> viewer()
    {
        return RestClient::forConnection(connection(simulator().access().viewerToken()));
    }
    std::uint64_t writes() { return simulator().server().requestCounts().writes; }
};

TEST_F(RestClientTest, AdminCreatesReadsUpdatesPatchesAndDeletes)
{
    auto client = admin();
    const ResourceRef pods = podsIn();

    const JsonResult created = client->create(pods, podObject("vllm-0", {{"app", "vllm"}}));
    ASSERT_TRUE(created) << created.error().summary();
    EXPECT_EQ((*created)["metadata"]["name"], "vllm-0");
    const std::string version = (*created)["metadata"]["resourceVersion"];

    const JsonResult fetched = client->get(pods.named("vllm-0"));
    ASSERT_TRUE(fetched) << fetched.error().summary();
    EXPECT_EQ((*fetched)["metadata"]["uid"], (*created)["metadata"]["uid"]);

    nlohmann::json changed = *fetched;
    changed["metadata"]["labels"]["tier"] = "gpu";
    const JsonResult updated = client->update(pods.named("vllm-0"), changed);
    ASSERT_TRUE(updated) << updated.error().summary();
    EXPECT_EQ((*updated)["metadata"]["labels"]["tier"], "gpu");

    // The old resourceVersion is now stale: a conflict, in the server's words.
    const JsonResult stale = client->update(pods.named("vllm-0"), *fetched);
    ASSERT_FALSE(stale);
    EXPECT_TRUE(stale.error().isConflict()) << stale.error().summary();
    EXPECT_NE(stale.error().message().find("the object has been modified"), std::string::npos)
        << stale.error().summary();

    const JsonResult merged =
        client->patch(pods.named("vllm-0"), PatchType::Merge, {{"metadata", {{"annotations", {{"a", "1"}}}}}});
    ASSERT_TRUE(merged) << merged.error().summary();
    EXPECT_EQ((*merged)["metadata"]["annotations"]["a"], "1");
    const JsonResult jsonPatched = client->patch(
        pods.named("vllm-0"), PatchType::Json,
        nlohmann::json::array({{{"op", "replace"}, {"path", "/metadata/annotations/a"}, {"value", "2"}}}));
    ASSERT_TRUE(jsonPatched) << jsonPatched.error().summary();
    EXPECT_EQ((*jsonPatched)["metadata"]["annotations"]["a"], "2");
    EXPECT_NE((*jsonPatched)["metadata"]["resourceVersion"], version);

    const JsonResult removed = client->remove(pods.named("vllm-0"));
    ASSERT_TRUE(removed) << removed.error().summary();
    const JsonResult gone = client->get(pods.named("vllm-0"));
    ASSERT_FALSE(gone);
    EXPECT_TRUE(gone.error().isNotFound());
    EXPECT_EQ(gone.error().summary(), "NotFound (404): pods \"vllm-0\" not found");
}

TEST_F(RestClientTest, CreatingTwiceIsAlreadyExistsAndInvalidObjectsKeepTheirCauses)
{
    auto client = admin();
    ASSERT_TRUE(client->create(podsIn(), podObject("twice")));
    const JsonResult again = client->create(podsIn(), podObject("twice"));
    ASSERT_FALSE(again);
    EXPECT_TRUE(again.error().isAlreadyExists()) << again.error().summary();
    EXPECT_FALSE(again.error().isConflict());

    nlohmann::json invalid = podObject("no-containers");
    invalid["spec"]["containers"] = nlohmann::json::array();
    const JsonResult rejected = client->create(podsIn(), invalid);
    ASSERT_FALSE(rejected);
    EXPECT_EQ(rejected.error().status().reason, "Invalid");
    ASSERT_FALSE(rejected.error().status().causes.empty());
    EXPECT_EQ(rejected.error().status().causes.front().field, "spec.containers");
}

TEST_F(RestClientTest, ListsInPagesWithSelectors)
{
    auto client = admin();
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(client->create(podsIn(), podObject("page-" + std::to_string(i),
                                                       {{"parity", i % 2 ? "odd" : "even"}})));

    std::vector<std::string> names;
    ListOptions options;
    options.limit = 2;
    int pages = 0;
    do {
        const JsonResult page = client->list(podsIn(), options);
        ASSERT_TRUE(page) << page.error().summary();
        EXPECT_LE((*page)["items"].size(), 2u);
        for (const auto &item : (*page)["items"])
            names.push_back(item["metadata"]["name"]);
        options.continueToken = (*page)["metadata"].value("continue", std::string());
        ++pages;
    } while (!options.continueToken.empty() && pages < 10);
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(names, (std::vector<std::string>{"page-0", "page-1", "page-2", "page-3", "page-4"}));

    ListOptions odd;
    odd.labelSelector = "parity=odd";
    const JsonResult odds = client->list(podsIn(), odd);
    ASSERT_TRUE(odds);
    EXPECT_EQ((*odds)["items"].size(), 2u);

    ListOptions byName;
    byName.fieldSelector = "metadata.name=page-3";
    const JsonResult one = client->list(podsIn(), byName);
    ASSERT_TRUE(one);
    ASSERT_EQ((*one)["items"].size(), 1u);
    EXPECT_EQ((*one)["items"][0]["metadata"]["name"], "page-3");
}

TEST_F(RestClientTest, DryRunValidatesButStoresNothing)
{
    auto client = admin();
    WriteOptions dryRun;
    dryRun.dryRun = true;
    const JsonResult created = client->create(podsIn(), podObject("dry"), dryRun);
    ASSERT_TRUE(created) << created.error().summary();
    EXPECT_EQ((*created)["metadata"]["name"], "dry");
    EXPECT_TRUE(client->get(podsIn().named("dry")).error().isNotFound());

    ASSERT_TRUE(client->create(podsIn(), podObject("kept")));
    const JsonResult patched =
        client->patch(podsIn().named("kept"), PatchType::Merge, {{"metadata", {{"labels", {{"x", "y"}}}}}}, dryRun);
    ASSERT_TRUE(patched) << patched.error().summary();
    EXPECT_EQ((*patched)["metadata"]["labels"]["x"], "y");
    EXPECT_FALSE((*client->get(podsIn().named("kept")))["metadata"]["labels"].contains("x"));

    DeleteOptions dryDelete;
    dryDelete.dryRun = true;
    ASSERT_TRUE(client->remove(podsIn().named("kept"), dryDelete));
    EXPECT_TRUE(client->get(podsIn().named("kept")));
}

TEST_F(RestClientTest, ViewerWritesAreForbiddenInTheServersWords)
{
    auto client = viewer();
    const JsonResult list = client->list(podsIn());
    ASSERT_TRUE(list) << list.error().summary();
    const JsonResult created = client->create(podsIn(), podObject("nope"));
    ASSERT_FALSE(created);
    EXPECT_TRUE(created.error().isForbidden());
    EXPECT_TRUE(created.error().status().fromServerStatus);
    EXPECT_NE(created.error().message().find("cannot create resource \"pods\" in API group \"\" in the namespace "
                                             "\"default\""),
              std::string::npos)
        << created.error().summary();
    EXPECT_EQ(created.error().summary().rfind("Forbidden (403): ", 0), 0u) << created.error().summary();
}

TEST_F(RestClientTest, ReadOnlyModeSendsNoWrites)
{
    auto client = admin(/*readOnly=*/true);
    EXPECT_TRUE(client->readOnly());
    ASSERT_TRUE(client->list(podsIn()));
    const std::uint64_t before = writes();
    const JsonResult created = client->create(podsIn(), podObject("ro"));
    const JsonResult patched = client->patch(podsIn().named("ro"), PatchType::Merge, nlohmann::json::object());
    const JsonResult removed = client->remove(podsIn().named("ro"));
    EXPECT_EQ(writes(), before);
    ASSERT_FALSE(patched);
    EXPECT_TRUE(patched.error().isReadOnlyRefusal());
    EXPECT_EQ(patched.error().summary(),
              "read-only mode: refusing to send PATCH /api/v1/namespaces/default/pods/ro; Gantry was started with "
              "--read-only");
    EXPECT_TRUE(created.error().isReadOnlyRefusal());
    EXPECT_TRUE(removed.error().isReadOnlyRefusal());
}

TEST_F(RestClientTest, ConnectsThroughTheSimulatorsKubeconfig)
{
    const auto config = loadKubeconfigFile(kubeconfigPath());
    ASSERT_TRUE(config) << config.error().message;
    const auto viewerContext = resolveContext(*config, "gantry-viewer");
    ASSERT_TRUE(viewerContext) << viewerContext.error().message;
    auto client = RestClient::forConnection(*viewerContext);
    const JsonResult version = client->getPath("/version");
    ASSERT_TRUE(version) << version.error().summary();
    EXPECT_EQ((*version)["major"], "1");
    const JsonResult namespaces = client->list({"", "v1", "namespaces", "", "", ""});
    ASSERT_TRUE(namespaces) << namespaces.error().summary();
    EXPECT_GE((*namespaces)["items"].size(), 4u);
    EXPECT_FALSE(client->insecure());
}

TEST_F(RestClientTest, ABadTokenIsUnauthorized)
{
    auto client = RestClient::forConnection(connection("not-a-valid-token"));
    const JsonResult result = client->list(podsIn());
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().isUnauthorized()) << result.error().summary();
}

TEST_F(RestClientTest, ExecPluginTokenIsUsedAndRerunOnceAfterA401)
{
    // First run prints a token the server rejects; later runs the admin's.
    const std::string counter = dir() + "/runs";
    const std::string script = writeScript(
        dir() + "/login.sh",
        "echo run >> '" + counter + "'\n"
        "if [ \"$(wc -l < '" + counter + "')\" -eq 1 ]; then token=revoked; else token='"
            + simulator().access().adminToken() + "'; fi\n"
        "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"token\":\"%s\"}}' \"$token\"\n");
    ResolvedConnection c = connection({});
    ExecAuth plugin;
    plugin.exec.apiVersion = "client.authentication.k8s.io/v1beta1";
    plugin.exec.command = script;
    c.auth = plugin;
    auto provider = std::make_shared<ExecCredentialProvider>(plugin, c, std::chrono::seconds(20));
    auto client = std::make_shared<RestClient>(std::make_shared<Transport>(TransportOptions::fromConnection(c), provider));

    const JsonResult list = client->list(podsIn());
    ASSERT_TRUE(list) << list.error().summary();
    EXPECT_EQ(provider->runs(), 2);
    ASSERT_TRUE(client->list(podsIn()));
    EXPECT_EQ(provider->runs(), 2) << "the good token is cached";
}

TEST_F(RestClientTest, ExecPluginFailureBecomesACredentialsError)
{
    ResolvedConnection c = connection({});
    ExecAuth plugin;
    plugin.exec.apiVersion = "client.authentication.k8s.io/v1";
    plugin.exec.command = "gantry-test-no-such-login";
    plugin.exec.installHint = "Get it from https://example.com/login";
    c.auth = plugin;
    const std::uint64_t before = simulator().server().requestCounts().reads;
    const JsonResult result = RestClient::forConnection(c)->list(podsIn());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind(), ApiError::Kind::Credentials);
    EXPECT_NE(result.error().summary().find("Get it from https://example.com/login"), std::string::npos);
    EXPECT_EQ(simulator().server().requestCounts().reads, before);
}

TEST_F(RestClientTest, AWrongCaIsATlsVerificationErrorInWords)
{
    std::string error;
    const auto other = gantry::sim::generateTlsMaterial({"localhost"}, {"127.0.0.1"}, &error);
    ASSERT_TRUE(other) << error;
    ResolvedConnection c = connection(simulator().access().adminToken());
    c.caPem = other->caCertificatePem;
    const JsonResult result = RestClient::forConnection(c)->list(podsIn());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind(), ApiError::Kind::Tls);
    EXPECT_TRUE(result.error().isTransport());
    EXPECT_NE(result.error().summary().find("TLS verification failed for " + c.server), std::string::npos)
        << result.error().summary();
    EXPECT_NE(result.error().summary().find("unable to get local issuer certificate"), std::string::npos)
        << result.error().summary();
}

TEST_F(RestClientTest, InsecureSkipTlsVerifyConnectsAndIsReported)
{
    ResolvedConnection c = connection(simulator().access().adminToken());
    c.caPem.clear();
    c.insecureSkipTlsVerify = true;
    auto client = RestClient::forConnection(c);
    EXPECT_TRUE(client->insecure());
    const JsonResult list = client->list(podsIn());
    ASSERT_TRUE(list) << list.error().summary();
}

TEST_F(RestClientTest, TlsServerNameIsUsedForTheCertificateCheck)
{
    // The certificate names "localhost" and 127.0.0.1; the URL uses the address.
    ResolvedConnection c = connection(simulator().access().adminToken());
    c.tlsServerName = "localhost";
    const JsonResult good = RestClient::forConnection(c)->list(podsIn());
    ASSERT_TRUE(good) << good.error().summary();

    c.tlsServerName = "api.elsewhere.example";
    const JsonResult bad = RestClient::forConnection(c)->list(podsIn());
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind(), ApiError::Kind::Tls) << bad.error().summary();
    EXPECT_NE(bad.error().summary().find("api.elsewhere.example"), std::string::npos) << bad.error().summary();
}

TEST_F(RestClientTest, ConnectionRefusedAndDnsFailuresAreWords)
{
    ResolvedConnection c = connection(simulator().access().adminToken());
    c.server = "https://127.0.0.1:" + std::to_string(gantry::test::unusedLoopbackPort());
    const JsonResult refused = RestClient::forConnection(c)->list(podsIn());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind(), ApiError::Kind::Network);
    EXPECT_EQ(refused.error().summary(), "connection refused by " + c.server
                                             + ": nothing is listening there, or a firewall rejects it");

    c.server = "https://gantry-no-such-host.invalid:6443";
    const JsonResult unresolved = RestClient::forConnection(c)->list(podsIn());
    ASSERT_FALSE(unresolved);
    EXPECT_NE(unresolved.error().summary().find("DNS lookup failed"), std::string::npos)
        << unresolved.error().summary();

    c.server = "not a url";
    const JsonResult malformed = RestClient::forConnection(c)->list(podsIn());
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().kind(), ApiError::Kind::InvalidRequest) << malformed.error().summary();
}

TEST_F(RestClientTest, PlainHttpToATlsServerIsExplained)
{
    ResolvedConnection c = connection(simulator().access().adminToken());
    c.server = "http://" + c.server.substr(std::string("https://").size());
    const JsonResult result = RestClient::forConnection(c)->list(podsIn());
    ASSERT_FALSE(result);
    // httplib answers plain HTTP on a TLS port by closing the connection.
    EXPECT_TRUE(result.error().isTransport() || result.error().isStatus()) << result.error().summary();
}

TEST_F(RestClientTest, ProbesAccessAndCachesTheAnswer)
{
    AccessProbe adminProbe(admin(), "gantry-admin");
    const auto allowed = adminProbe.probeAccess("patch", "serving.kserve.io", "inferenceservices", "default");
    ASSERT_TRUE(allowed) << allowed.error().summary();
    EXPECT_TRUE(allowed->allowed);

    AccessProbe viewerProbe(viewer(), "gantry-viewer");
    const auto denied = viewerProbe.probeAccess("delete", "", "pods", "default");
    ASSERT_TRUE(denied) << denied.error().summary();
    EXPECT_FALSE(denied->allowed);
    const auto reads = viewerProbe.probeAccess("list", "", "pods", "default");
    ASSERT_TRUE(reads);
    EXPECT_TRUE(reads->allowed);

    const std::uint64_t before = writes();
    EXPECT_FALSE(viewerProbe.probeAccess("delete", "", "pods", "default")->allowed);
    EXPECT_EQ(writes(), before) << "answered from the cache";
    viewerProbe.clear();
    EXPECT_FALSE(viewerProbe.probeAccess("delete", "", "pods", "default")->allowed);
    EXPECT_EQ(writes(), before + 1);

    AccessProbe readOnlyProbe(admin(/*readOnly=*/true), "gantry-admin");
    const auto refused = readOnlyProbe.probeAccess("patch", "", "pods", "default");
    ASSERT_TRUE(refused);
    EXPECT_FALSE(refused->allowed);
    EXPECT_NE(refused->reason.find("--read-only"), std::string::npos);
    EXPECT_EQ(writes(), before + 1);
}

TEST_F(RestClientTest, ManyThreadsShareOneClient)
{
    auto client = admin();
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 5; ++i) {
                if (!client->create(podsIn(), podObject("t" + std::to_string(t) + "-" + std::to_string(i))))
                    ++failures;
                if (!client->list(podsIn()))
                    ++failures;
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ((*client->list(podsIn()))["items"].size(), 30u);
}

} // namespace

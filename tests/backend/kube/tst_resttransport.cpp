// The transport against small local TLS servers, for what gantry-sim does not
// do: client-certificate authentication, HTML answers, headers, gzip, timeouts.

#include "backend/kube/restclient.h"
#include "backend/kube/transport.h"
#include "resttestsupport.h"
#include "sim/security/loopbacktlsserver.h"
#include "sim/security/tlsmaterial.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <mutex>
#include <set>
#include <thread>

using namespace gantry::kube;
using gantry::kube::test::execCredentialJson;
using gantry::kube::test::ScratchDir;
using gantry::kube::test::writeScript;
using gantry::sim::TlsMaterial;
using gantry::sim::testsupport::LoopbackTlsServer;

namespace {

TlsMaterial material()
{
    std::string error;
    auto generated = gantry::sim::generateTlsMaterial({"localhost"}, {"127.0.0.1"}, &error);
    if (!generated)
        throw std::runtime_error(error);
    return *generated;
}

// The server takes ownership of the returned store.
X509_STORE *storeTrusting(const std::string &caPem)
{
    X509_STORE *store = X509_STORE_new();
    const gantry::sim::X509Ptr ca = gantry::sim::certificateFromPem(caPem);
    X509_STORE_add_cert(store, ca.get());
    return store;
}

std::string peerCommonName(const httplib::Request &request)
{
    std::string name = "anonymous";
    if (X509 *certificate = SSL_get1_peer_certificate(request.ssl)) {
        char buffer[256] = {};
        X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, buffer, sizeof buffer);
        name = buffer;
        X509_free(certificate);
    }
    return name;
}

TransportOptions optionsFor(const LoopbackTlsServer &server, const TlsMaterial &tls)
{
    TransportOptions options;
    options.server = "https://127.0.0.1:" + std::to_string(server.port());
    options.caPem = tls.caCertificatePem;
    return options;
}

std::shared_ptr<CredentialProvider> anonymous()
{
    return makeCredentialProvider(ResolvedConnection{});
}

std::shared_ptr<CredentialProvider> bearer(const std::string &token)
{
    ResolvedConnection connection;
    connection.auth = TokenAuth{token};
    return makeCredentialProvider(connection);
}

TransportRequest get(const std::string &path)
{
    TransportRequest request;
    request.path = path;
    return request;
}

void greetPeer(const httplib::Request &request, httplib::Response &response)
{
    response.set_content(nlohmann::json{{"kind", "Greeting"}, {"peer", peerCommonName(request)}}.dump(),
                         "application/json");
}

TEST(RestTransport, PresentsAClientCertificateFromTheKubeconfig)
{
    const TlsMaterial tls = material();
    std::string error;
    const auto alice = gantry::sim::issueClientCertificate(tls, "alice", {"ml-team"}, &error);
    ASSERT_TRUE(alice) << error;
    LoopbackTlsServer server(tls, greetPeer, storeTrusting(tls.caCertificatePem));
    ASSERT_TRUE(server.isRunning());

    TransportOptions options = optionsFor(server, tls);
    options.clientCertificate = ClientCertificate{alice->certificatePem, alice->keyPem};
    RestClient client(std::make_shared<Transport>(options, anonymous()));
    const JsonResult greeting = client.getPath("/hello");
    ASSERT_TRUE(greeting) << greeting.error().summary();
    EXPECT_EQ((*greeting)["peer"], "alice");

    // Without one the server ends the handshake: said in words.
    RestClient without(std::make_shared<Transport>(optionsFor(server, tls), anonymous()));
    const JsonResult refused = without.getPath("/hello");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind(), ApiError::Kind::Tls) << refused.error().summary();
    EXPECT_NE(refused.error().summary().find("client certificate"), std::string::npos) << refused.error().summary();
}

TEST(RestTransport, PresentsAClientCertificateFromAnExecPlugin)
{
    const TlsMaterial tls = material();
    std::string error;
    const auto bob = gantry::sim::issueClientCertificate(tls, "bob", {}, &error);
    ASSERT_TRUE(bob) << error;
    LoopbackTlsServer server(tls, greetPeer, storeTrusting(tls.caCertificatePem));

    ScratchDir dir;
    gantry::kube::test::writeText(dir.file("credential.json"),
                                  execCredentialJson({{"clientCertificateData", bob->certificatePem},
                                                      {"clientKeyData", bob->keyPem}}));
    ExecAuth plugin;
    plugin.exec.apiVersion = "client.authentication.k8s.io/v1";
    plugin.exec.command = writeScript(dir.file("cert.sh"), "cat '" + dir.file("credential.json") + "'\n");
    ResolvedConnection connection;
    connection.auth = plugin;
    RestClient client(std::make_shared<Transport>(optionsFor(server, tls), makeCredentialProvider(connection)));
    const JsonResult greeting = client.getPath("/hello");
    ASSERT_TRUE(greeting) << greeting.error().summary();
    EXPECT_EQ((*greeting)["peer"], "bob");
}

TEST(RestTransport, AnHtmlPageIsAReadableError)
{
    const TlsMaterial tls = material();
    LoopbackTlsServer server(tls, [](const httplib::Request &request, httplib::Response &response) {
        const std::string page = "<!DOCTYPE html>\n<html><head><title>\n  Sign in - Corporate SSO </title></head>"
                                 "<body><form>…</form></body></html>";
        if (request.path == "/bad-gateway") {
            response.status = 502;
            response.set_content("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                                 "text/html");
            return;
        }
        response.set_content(page, "text/html; charset=utf-8");
    });
    RestClient client(std::make_shared<Transport>(optionsFor(server, tls), anonymous()));
    const std::string target = "https://127.0.0.1:" + std::to_string(server.port());

    const JsonResult login = client.list({"", "v1", "pods", "default", "", ""});
    ASSERT_FALSE(login);
    EXPECT_EQ(login.error().kind(), ApiError::Kind::BadResponse);
    EXPECT_EQ(login.error().summary(),
              "GET /api/v1/namespaces/default/pods: " + target
                  + " answered HTTP 200 with an HTML page titled \"Sign in - Corporate SSO\" instead of a JSON object; "
                    "is this the API server, or a proxy or login page in front of it?");

    const JsonResult gateway = client.getPath("/bad-gateway");
    ASSERT_FALSE(gateway);
    EXPECT_TRUE(gateway.error().isStatus());
    EXPECT_EQ(gateway.error().httpCode(), 502);
    EXPECT_NE(gateway.error().summary().find("answered HTTP 502 with an HTML page titled \"502 Bad Gateway\""),
              std::string::npos)
        << gateway.error().summary();
}

TEST(RestTransport, SendsKubectlLikeHeadersAndDecompressesGzip)
{
    const TlsMaterial tls = material();
    LoopbackTlsServer server(tls, [](const httplib::Request &request, httplib::Response &response) {
        nlohmann::json headers;
        for (const char *name : {"User-Agent", "Host", "Accept", "Accept-Encoding", "Authorization",
                                 "Impersonate-User", "Impersonate-Group"})
            headers[name] = request.get_header_value(name);
        headers["padding"] = std::string(64 * 1024, 'x'); // large enough to be compressed
        response.set_header("Warning", "299 - \"serving.kserve.io/v1alpha1 is deprecated\"");
        response.set_content(headers.dump(), "application/json");
    });
    TransportOptions options = optionsFor(server, tls);
    options.tlsServerName = "localhost";
    options.impersonation = Impersonation{"jane", {}, {"ml-admins"}, {}};
    Transport transport(options, bearer("tok-123"));
    const TransportResponse response = transport.perform(get("/version"));
    ASSERT_FALSE(response.error) << response.error->summary();
    EXPECT_EQ(response.httpVersion, "1.1"); // httplib has no HTTP/2; curl offered h2 via ALPN
    const nlohmann::json headers = nlohmann::json::parse(response.body);
    EXPECT_EQ(headers["User-Agent"].get<std::string>().rfind("gantry/", 0), 0u) << headers["User-Agent"];
    // tls-server-name changes SNI and the check, not the Host header.
    EXPECT_EQ(headers["Host"], "127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(headers["Accept"], "application/json");
    EXPECT_EQ(headers["Accept-Encoding"], "gzip");
    EXPECT_EQ(headers["Authorization"], "Bearer tok-123");
    EXPECT_EQ(headers["Impersonate-User"], "jane");
    EXPECT_EQ(headers["Impersonate-Group"], "ml-admins");
    ASSERT_EQ(response.warnings.size(), 1u);
    EXPECT_EQ(response.warnings[0], "299 - \"serving.kserve.io/v1alpha1 is deprecated\"");
}

TEST(RestTransport, SendsBasicCredentials)
{
    const TlsMaterial tls = material();
    LoopbackTlsServer server(tls, [](const httplib::Request &request, httplib::Response &response) {
        response.set_content(nlohmann::json{{"authorization", request.get_header_value("Authorization")}}.dump(),
                             "application/json");
    });
    ResolvedConnection connection;
    connection.auth = BasicAuth{"admin", "pa:ss"};
    Transport transport(optionsFor(server, tls), makeCredentialProvider(connection));
    const TransportResponse response = transport.perform(get("/"));
    ASSERT_FALSE(response.error) << response.error->summary();
    EXPECT_EQ(nlohmann::json::parse(response.body)["authorization"], "Basic YWRtaW46cGE6c3M=");
}

TEST(RestTransport, StreamsChunksAsTheyArriveAndTimesOutWhenIdle)
{
    const TlsMaterial tls = material();
    LoopbackTlsServer server(tls, [](const httplib::Request &, httplib::Response &response) {
        response.set_chunked_content_provider("application/json", [](std::size_t, httplib::DataSink &sink) {
            const std::string line = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\n";
            sink.write(line.data(), line.size());
            std::this_thread::sleep_for(std::chrono::milliseconds(2500)); // then silence
            sink.done();
            return true;
        });
    });
    TransportOptions options = optionsFor(server, tls);
    options.streamIdleTimeout = std::chrono::seconds(1);
    // httplib's gzip holds a streamed chunk back until the stream ends (gantry-sim
    // strips Accept-Encoding for that reason); ask for the body as it is.
    options.disableCompression = true;
    RestClient client(std::make_shared<Transport>(options, anonymous()));
    int events = 0;
    const auto result =
        client.watch({"", "v1", "pods", "", "", ""}, "1", {}, [&events](const WatchEvent &) { return ++events > 0; });
    EXPECT_EQ(events, 1);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind(), ApiError::Kind::Timeout) << result.error().summary();
    EXPECT_NE(result.error().summary().find("no data from https://127.0.0.1:"), std::string::npos)
        << result.error().summary();
    EXPECT_NE(result.error().summary().find("after 1 s"), std::string::npos) << result.error().summary();
}

TEST(RestTransport, ASlowAnswerTimesOut)
{
    const TlsMaterial tls = material();
    LoopbackTlsServer server(tls, [](const httplib::Request &, httplib::Response &response) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        response.set_content("{}", "application/json");
    });
    TransportOptions options = optionsFor(server, tls);
    options.requestTimeout = std::chrono::milliseconds(300);
    Transport transport(options, anonymous());
    const TransportResponse response = transport.perform(get("/slow"));
    ASSERT_TRUE(response.error);
    EXPECT_EQ(response.error->kind(), ApiError::Kind::Timeout);
    EXPECT_NE(response.error->summary().find("did not answer in time after 300 ms"), std::string::npos)
        << response.error->summary();
}

TEST(RestTransport, ReusesItsConnection)
{
    const TlsMaterial tls = material();
    std::mutex mutex;
    std::set<int> ports;
    LoopbackTlsServer server(tls, [&](const httplib::Request &request, httplib::Response &response) {
        std::lock_guard lock(mutex);
        ports.insert(request.remote_port);
        response.set_content("{}", "application/json");
    });
    Transport transport(optionsFor(server, tls), anonymous());
    for (int i = 0; i < 4; ++i) // httplib serves up to 5 requests per connection
        ASSERT_FALSE(transport.perform(get("/")).error);
    EXPECT_EQ(ports.size(), 1u) << "every request should use the same kept-alive connection";
}

TEST(RestTransport, ACancelledRequestIsNotSent)
{
    TransportOptions options;
    options.server = "https://127.0.0.1:1";
    Transport transport(options, anonymous());
    TransportRequest request = get("/");
    request.cancellation.cancel();
    const TransportResponse response = transport.perform(request);
    ASSERT_TRUE(response.error);
    EXPECT_TRUE(response.error->isCancelled());
}

} // namespace

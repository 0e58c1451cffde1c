// Credential providers: static token, token file rotation and exec plugins
// (run for real as small bash scripts).

#include "backend/kube/credentials.h"
#include "backend/kube/execcredentials.h"
#include "backend/core/rfc3339.h"
#include "resttestsupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

using namespace gantry::kube;
using gantry::kube::test::execCredentialJson;
using gantry::kube::test::readText;
using gantry::kube::test::ScratchDir;
using gantry::kube::test::writeScript;
using gantry::kube::test::writeText;

namespace {

constexpr const char *v1 = "client.authentication.k8s.io/v1";

class ExecPluginTest : public ::testing::Test
{
protected:
    ResolvedConnection connectionFor(const std::string &command, std::vector<std::string> args = {})
    {
        ExecAuth plugin;
        plugin.exec.apiVersion = v1;
        plugin.exec.command = command;
        plugin.exec.args = std::move(args);
        plugin.exec.installHint = "Install gantry-login with: brew install gantry-login";
        plugin.interactiveMode = ExecInteractiveMode::IfAvailable;
        ResolvedConnection connection;
        connection.userName = "alice";
        connection.server = "https://api.cluster.example:6443";
        connection.caPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        connection.auth = plugin;
        return connection;
    }

    std::shared_ptr<CredentialProvider> providerFor(const ResolvedConnection &connection,
                                                    std::chrono::milliseconds timeout = std::chrono::seconds(20))
    {
        CredentialOptions options;
        options.execTimeout = timeout;
        return makeCredentialProvider(connection, options);
    }

    // A plugin that counts its runs in a file and prints `credential`.
    std::string countingPlugin(const std::string &credential)
    {
        return writeScript(m_dir.file("plugin.sh"), "echo run >> '" + runsFile() + "'\ncat <<'EOF'\n" + credential
                                                        + "\nEOF\n");
    }

    std::string runsFile() const { return m_dir.file("runs"); }
    int runs() const
    {
        const std::string text = readText(runsFile());
        return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    }

    ScratchDir m_dir;
};

TEST(StaticCredentials, TokenAndBasicAreHandedOutAsConfigured)
{
    ResolvedConnection connection;
    connection.auth = TokenAuth{"tok-abc"};
    auto token = makeCredentialProvider(connection);
    ASSERT_TRUE(token->current().ok());
    EXPECT_EQ(token->current().credential->bearerToken, "tok-abc");
    EXPECT_FALSE(token->refreshable());
    EXPECT_EQ(token->describe().find("tok-abc"), std::string::npos);

    connection.auth = BasicAuth{"admin", "s3cret"};
    auto basic = makeCredentialProvider(connection);
    EXPECT_EQ(basic->current().credential->username, "admin");
    EXPECT_EQ(basic->current().credential->password, "s3cret");
    EXPECT_EQ(basic->describe().find("s3cret"), std::string::npos);

    connection.auth = NoAuth{};
    auto none = makeCredentialProvider(connection);
    EXPECT_TRUE(none->current().credential->bearerToken.empty());
    EXPECT_FALSE(none->current().credential->hasBasic());
}

TEST(TokenFileCredentials, RereadsWhenTheFileChangesOrIsInvalidated)
{
    ScratchDir dir;
    const std::string path = writeText(dir.file("token"), "first-token\n");
    ResolvedConnection connection;
    connection.auth = TokenFileAuth{path};
    auto provider = makeCredentialProvider(connection);
    ASSERT_TRUE(provider->current().ok());
    EXPECT_EQ(provider->current().credential->bearerToken, "first-token"); // trimmed, as client-go does
    EXPECT_TRUE(provider->refreshable());

    // A rotation changes the modification time: picked up at once.
    const auto modified = std::filesystem::last_write_time(path);
    writeText(path, "second-token");
    std::filesystem::last_write_time(path, modified + std::chrono::seconds(5));
    EXPECT_EQ(provider->current().credential->bearerToken, "second-token");

    // Same time, new content: cached until the periodic re-read or a 401.
    writeText(path, "third-token");
    std::filesystem::last_write_time(path, modified + std::chrono::seconds(5));
    EXPECT_EQ(provider->current().credential->bearerToken, "second-token");
    provider->invalidate();
    EXPECT_EQ(provider->current().credential->bearerToken, "third-token");

    writeText(path, "  \n");
    std::filesystem::last_write_time(path, modified + std::chrono::seconds(9));
    const CredentialResult empty = provider->current();
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error.find("is empty"), std::string::npos) << empty.error;

    std::filesystem::remove(path);
    const CredentialResult missing = provider->current();
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error.find(path), std::string::npos) << missing.error;
}

TEST(TokenFileCredentials, RereadsPeriodicallyEvenWithoutATimeChange)
{
    ScratchDir dir;
    const std::string path = writeText(dir.file("token"), "one");
    ResolvedConnection connection;
    connection.auth = TokenFileAuth{path};
    CredentialOptions options;
    options.tokenFileRecheck = std::chrono::milliseconds(0);
    auto provider = makeCredentialProvider(connection, options);
    EXPECT_EQ(provider->current().credential->bearerToken, "one");
    const auto modified = std::filesystem::last_write_time(path);
    writeText(path, "two");
    std::filesystem::last_write_time(path, modified);
    EXPECT_EQ(provider->current().credential->bearerToken, "two");
}

TEST_F(ExecPluginTest, ReturnsTheTokenAndCachesItUntilInvalidated)
{
    const std::string expiry = gantry::formatRfc3339(std::chrono::system_clock::now() + std::chrono::hours(1));
    auto provider = providerFor(connectionFor(
        countingPlugin(execCredentialJson({{"token", "exec-token-1"}, {"expirationTimestamp", expiry}}))));
    const CredentialResult first = provider->current();
    ASSERT_TRUE(first.ok()) << first.error;
    EXPECT_EQ(first.credential->bearerToken, "exec-token-1");
    EXPECT_EQ(provider->current().credential->bearerToken, "exec-token-1");
    EXPECT_EQ(runs(), 1);

    // A 401 means the server no longer takes it: run the plugin again.
    provider->invalidate();
    EXPECT_TRUE(provider->current().ok());
    EXPECT_EQ(runs(), 2);
    EXPECT_EQ(provider->describe().find("exec-token"), std::string::npos);
}

TEST_F(ExecPluginTest, AnExpiredCredentialIsFetchedAgain)
{
    auto provider = providerFor(connectionFor(countingPlugin(
        execCredentialJson({{"token", "short-lived"}, {"expirationTimestamp", "2001-02-03T04:05:06Z"}}))));
    ASSERT_TRUE(provider->current().ok());
    ASSERT_TRUE(provider->current().ok());
    ASSERT_TRUE(provider->current().ok());
    EXPECT_EQ(runs(), 3);
}

TEST_F(ExecPluginTest, ACredentialExpiringInOneSecondIsRerunAfterwards)
{
    // The script computes "now + 1 s" itself, as a real plugin would.
    const std::string script = writeScript(
        m_dir.file("soon.sh"),
        "echo run >> '" + runsFile() + "'\n"
        "expiry=$(date -u -d '+1 second' +%Y-%m-%dT%H:%M:%SZ)\n"
        "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"token\":\"soon\",\"expirationTimestamp\":\"%s\"}}\\n' \"$expiry\"\n");
    auto provider = providerFor(connectionFor(script));
    ASSERT_TRUE(provider->current().ok()) << provider->current().error;
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    ASSERT_TRUE(provider->current().ok());
    EXPECT_EQ(runs(), 2);
}

TEST_F(ExecPluginTest, PassesArgsEnvAndExecInfoWithClusterDetails)
{
    const std::string script = writeScript(m_dir.file("env.sh"),
                                           "printf '%s\\n' \"$@\" > '" + m_dir.file("args") + "'\n"
                                           "printf '%s' \"$KUBERNETES_EXEC_INFO\" > '" + m_dir.file("info") + "'\n"
                                           "printf '%s' \"$GANTRY_TEST_REGION\" > '" + m_dir.file("env") + "'\n"
                                           "echo '" + execCredentialJson({{"token", "t"}}) + "'\n");
    ResolvedConnection connection = connectionFor(script, {"get-token", "--cluster", "prod"});
    auto &plugin = std::get<ExecAuth>(connection.auth);
    plugin.exec.env = {{"GANTRY_TEST_REGION", "eu-west-1"}};
    plugin.exec.provideClusterInfo = true;
    plugin.clusterConfig = nlohmann::json{{"audience", "gantry"}};
    connection.tlsServerName = "api.internal";
    ASSERT_TRUE(providerFor(connection)->current().ok());

    EXPECT_EQ(readText(m_dir.file("args")), "get-token\n--cluster\nprod\n");
    EXPECT_EQ(readText(m_dir.file("env")), "eu-west-1");
    const nlohmann::json info = nlohmann::json::parse(readText(m_dir.file("info")));
    EXPECT_EQ(info["apiVersion"], v1);
    EXPECT_EQ(info["kind"], "ExecCredential");
    EXPECT_EQ(info["spec"]["interactive"], false);
    EXPECT_EQ(info["spec"]["cluster"]["server"], "https://api.cluster.example:6443");
    EXPECT_EQ(info["spec"]["cluster"]["tls-server-name"], "api.internal");
    EXPECT_EQ(info["spec"]["cluster"]["certificate-authority-data"],
              "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=");
    EXPECT_EQ(info["spec"]["cluster"]["config"]["audience"], "gantry");
    EXPECT_FALSE(info["spec"]["cluster"].contains("insecure-skip-tls-verify"));
}

TEST_F(ExecPluginTest, WithoutProvideClusterInfoThereIsNoCluster)
{
    const std::string script = writeScript(m_dir.file("env.sh"), "printf '%s' \"$KUBERNETES_EXEC_INFO\" > '"
                                                                     + m_dir.file("info") + "'\necho '"
                                                                     + execCredentialJson({{"token", "t"}}) + "'\n");
    ASSERT_TRUE(providerFor(connectionFor(script))->current().ok());
    const nlohmann::json info = nlohmann::json::parse(readText(m_dir.file("info")));
    EXPECT_EQ(info["spec"], (nlohmann::json{{"interactive", false}}));
}

TEST_F(ExecPluginTest, AFailingPluginSurfacesItsStandardError)
{
    const std::string script = writeScript(m_dir.file("fail.sh"),
                                           "echo 'error: refresh token expired; run gantry-login again' >&2\n"
                                           "echo '   ' >&2\nexit 3\n");
    const CredentialResult result = providerFor(connectionFor(script))->current();
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error.find("exit code 3"), std::string::npos) << result.error;
    EXPECT_NE(result.error.find("user \"alice\""), std::string::npos) << result.error;
    EXPECT_NE(result.error.find(": error: refresh token expired; run gantry-login again"), std::string::npos)
        << result.error;
    EXPECT_EQ(result.error.back(), 'n') << "stderr is trimmed: " << result.error;
}

TEST_F(ExecPluginTest, AMissingCommandShowsTheInstallHint)
{
    for (const std::string command : {"/nonexistent/bin/gantry-login", "gantry-login-not-installed-anywhere"}) {
        const CredentialResult result = providerFor(connectionFor(command))->current();
        ASSERT_FALSE(result.ok());
        EXPECT_NE(result.error.find("\"" + command + "\""), std::string::npos) << result.error;
        EXPECT_NE(result.error.find("was not found"), std::string::npos) << result.error;
        EXPECT_NE(result.error.find("Install gantry-login with: brew install gantry-login"), std::string::npos)
            << result.error;
    }
}

TEST_F(ExecPluginTest, BadOutputIsReportedPreciselyWithoutTheToken)
{
    struct Case
    {
        std::string output;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"{\"apiVersion\":\"client.authentication.k8s.io/v1\",\n\"kind\":\"ExecCredential\",\"status\":{\"token\":"
         "\"secret-abc",
         "invalid JSON on standard output (at line 2"},
        {"", "printed nothing on standard output"},
        {"[1,2]", "a JSON array instead of an ExecCredential object"},
        {execCredentialJson({{"token", "secret-abc"}}, "client.authentication.k8s.io/v1beta1"),
         "configured to use API version client.authentication.k8s.io/v1, but the plugin returned version "
         "\"client.authentication.k8s.io/v1beta1\""},
        {R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"})", "did not return a status"},
        {execCredentialJson(nlohmann::json::object()), "did not return a token or a certificate/key pair"},
        {execCredentialJson({{"token", 42}}), "status.token is a number, not a string"},
        {execCredentialJson({{"clientCertificateData", "-----BEGIN CERTIFICATE-----"}}), "not both"},
        {execCredentialJson({{"token", "secret-abc"}, {"expirationTimestamp", "tomorrow"}}),
         "expirationTimestamp that is not RFC 3339"},
    };
    for (const Case &c : cases) {
        writeText(m_dir.file("out.json"), c.output);
        const std::string script = writeScript(m_dir.file("bad.sh"), "cat '" + m_dir.file("out.json") + "'\n");
        const CredentialResult result = providerFor(connectionFor(script))->current();
        ASSERT_FALSE(result.ok()) << c.output;
        EXPECT_NE(result.error.find(c.expected), std::string::npos) << result.error;
        EXPECT_EQ(result.error.find("secret-abc"), std::string::npos) << result.error;
    }
}

TEST_F(ExecPluginTest, ReturnsAClientCertificate)
{
    const std::string script = writeScript(
        m_dir.file("cert.sh"),
        "echo '" + execCredentialJson({{"clientCertificateData", "CERT PEM"}, {"clientKeyData", "KEY PEM"}}) + "'\n");
    const CredentialResult result = providerFor(connectionFor(script))->current();
    ASSERT_TRUE(result.ok()) << result.error;
    ASSERT_TRUE(result.credential->clientCertificate.has_value());
    EXPECT_EQ(result.credential->clientCertificate->certificatePem, "CERT PEM");
    EXPECT_EQ(result.credential->clientCertificate->keyPem, "KEY PEM");
    EXPECT_TRUE(result.credential->bearerToken.empty());
}

TEST_F(ExecPluginTest, AHangingPluginIsStoppedAtTheTimeout)
{
    const std::string script = writeScript(m_dir.file("hang.sh"), "sleep 30\n");
    const auto start = std::chrono::steady_clock::now();
    const CredentialResult result = providerFor(connectionFor(script), std::chrono::milliseconds(300))->current();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error.find("did not finish within 300 ms"), std::string::npos) << result.error;
}

TEST_F(ExecPluginTest, InteractiveOnlyPluginsAreRefusedWithoutRunning)
{
    ResolvedConnection connection = connectionFor(countingPlugin(execCredentialJson({{"token", "t"}})));
    std::get<ExecAuth>(connection.auth).interactiveMode = ExecInteractiveMode::Always;
    const CredentialResult result = providerFor(connection)->current();
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error.find("interactive"), std::string::npos) << result.error;
    EXPECT_EQ(runs(), 0);
}

TEST_F(ExecPluginTest, ConcurrentCallersShareOneRun)
{
    const std::string expiry = gantry::formatRfc3339(std::chrono::system_clock::now() + std::chrono::hours(1));
    auto provider = providerFor(connectionFor(countingPlugin(
        execCredentialJson({{"token", "shared"}, {"expirationTimestamp", expiry}}))));
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i)
        threads.emplace_back([&provider] { EXPECT_TRUE(provider->current().ok()); });
    for (std::thread &thread : threads)
        thread.join();
    EXPECT_EQ(runs(), 1);
}

} // namespace

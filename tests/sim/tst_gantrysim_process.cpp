// The gantry-sim executable as a user runs it: it prints where it serves,
// writes a kubeconfig kubectl can use, logs requests without credentials and
// stops cleanly on SIGTERM.
#include "common/process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

using namespace gantry::test;

namespace {

std::string readFile(const std::string &path)
{
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST(GantrySimProcess, ServesWritesKubeconfigLogsWithoutTokensAndStops)
{
    char pattern[] = "/tmp/gantry-sim-process-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    const std::string dir = pattern;
    const std::string kubeconfig = dir + "/kubeconfig";

    BackgroundProcess sim({GANTRY_SIM_EXECUTABLE, "--listen", "127.0.0.1:0", "--write-kubeconfig", kubeconfig,
                           "--log-requests"},
                          {});
    std::smatch match;
    const std::regex serving(R"(gantry-sim serving on (https://127\.0\.0\.1:\d+))");
    for (int i = 0; i < 100 && !std::regex_search(sim.output(), match, serving); ++i)
        sim.drain(std::chrono::milliseconds(100));
    ASSERT_TRUE(std::regex_search(sim.output(), match, serving)) << sim.output();
    EXPECT_EQ(std::filesystem::status(kubeconfig).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

    const std::map<std::string, std::string> environment = {
        {"KUBECONFIG", kubeconfig}, {"HOME", dir}, {"KUBECACHEDIR", dir + "/cache"}};
    const ProcessResult namespaces = runProcess({"kubectl", "get", "namespaces", "-o", "name"}, environment);
    EXPECT_EQ(namespaces.exitCode, 0) << namespaces.err;
    EXPECT_NE(namespaces.out.find("namespace/default"), std::string::npos) << namespaces.out;

    const ProcessResult stopped = sim.stop();
    EXPECT_EQ(stopped.exitCode, 0) << stopped.err;
    EXPECT_NE(stopped.out.find("stopping (SIGTERM)"), std::string::npos) << stopped.out;

    // One log line per request, with method, path, status, duration and size...
    EXPECT_TRUE(std::regex_search(stopped.err, std::regex(R"(GET /api/v1/namespaces\?limit=500 200 [0-9.]+ms \d+B)")))
        << stopped.err;
    // ...and never a credential.
    const std::string config = readFile(kubeconfig);
    const std::regex tokenLine(R"(token: \"?([A-Za-z0-9_-]{20,})\"?)");
    int tokens = 0;
    for (auto it = std::sregex_iterator(config.begin(), config.end(), tokenLine); it != std::sregex_iterator();
         ++it, ++tokens) {
        const std::string value = (*it)[1];
        EXPECT_EQ(stopped.err.find(value), std::string::npos) << "a token reached the request log";
        EXPECT_EQ(stopped.out.find(value), std::string::npos);
    }
    EXPECT_EQ(tokens, 2) << config;
    std::filesystem::remove_all(dir);
}

TEST(GantrySimProcess, RefusesAPortInUseWithAMessage)
{
    BackgroundProcess first({GANTRY_SIM_EXECUTABLE, "--listen", "127.0.0.1:0", "--insecure-http"}, {});
    std::smatch match;
    const std::regex serving(R"(serving on http://127\.0\.0\.1:(\d+))");
    for (int i = 0; i < 100 && !std::regex_search(first.output(), match, serving); ++i)
        first.drain(std::chrono::milliseconds(100));
    ASSERT_TRUE(std::regex_search(first.output(), match, serving)) << first.output();
    const std::string port = match[1];
    const ProcessResult second = runProcess({GANTRY_SIM_EXECUTABLE, "--listen", "127.0.0.1:" + port}, {}, {},
                                            std::chrono::seconds(10));
    EXPECT_EQ(second.exitCode, 1);
    EXPECT_NE(second.err.find("cannot listen on 127.0.0.1:" + port), std::string::npos) << second.err;
}

TEST(GantrySimProcess, ARestartWithCredentialsAcceptsTheLastServersClients)
{
    char pattern[] = "/tmp/gantry-sim-restart-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    const std::string dir = pattern;
    const std::string kubeconfig = dir + "/kubeconfig";
    const std::string credentials = dir + "/credentials";
    const std::map<std::string, std::string> environment = {
        {"KUBECONFIG", kubeconfig}, {"HOME", dir}, {"KUBECACHEDIR", dir + "/cache"}};
    const std::regex serving(R"(gantry-sim serving on (https://127\.0\.0\.1:(\d+)))");

    std::string port = "0";
    std::string firstConfig;
    for (int start = 0; start < 2; ++start) {
        BackgroundProcess sim({GANTRY_SIM_EXECUTABLE, "--listen", "127.0.0.1:" + port, "--credentials", credentials,
                               "--write-kubeconfig", kubeconfig},
                              {});
        std::smatch match;
        for (int i = 0; i < 100 && !std::regex_search(sim.output(), match, serving); ++i)
            sim.drain(std::chrono::milliseconds(100));
        ASSERT_TRUE(std::regex_search(sim.output(), match, serving)) << sim.output();
        port = match[2];
        if (start == 0)
            firstConfig = readFile(kubeconfig);
        else // same endpoint, tokens and CA: what the clients hold still works
            EXPECT_EQ(readFile(kubeconfig), firstConfig);
        const ProcessResult namespaces = runProcess({"kubectl", "get", "namespaces", "-o", "name"}, environment);
        EXPECT_EQ(namespaces.exitCode, 0) << namespaces.err;
        sim.stop();
    }

    // A tokens file that makes no sense is refused, naming the line.
    std::ofstream(credentials + "/tokens") << "admin abc\nroot def\n";
    const ProcessResult refused = runProcess({GANTRY_SIM_EXECUTABLE, "--credentials", credentials}, {});
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_NE(refused.err.find(credentials + "/tokens:2: unknown user \"root\""), std::string::npos) << refused.err;
    std::filesystem::remove_all(dir);
}

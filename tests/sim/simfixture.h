#pragma once

#include "common/process.h"
#include "sim/simulator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gantry::test {

/// A gantry-sim started in-process over HTTPS for one test, with its kubeconfig
/// written to a private temporary folder that also holds kubectl's caches.
class SimulatorTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        char pattern[] = "/tmp/gantry-sim-test-XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        m_dir = pattern;
        sim::SimulatorOptions options;
        options.server.bookmarkInterval = std::chrono::milliseconds(500);
        configure(options);
        m_simulator = std::make_unique<sim::Simulator>(options);
        std::string error;
        ASSERT_TRUE(m_simulator->start(&error)) << error;
        m_kubeconfig = m_dir + "/kubeconfig";
        ASSERT_TRUE(m_simulator->writeKubeconfig(m_kubeconfig, &error)) << error;
    }

    void TearDown() override
    {
        if (m_simulator)
            m_simulator->stop();
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }

    /// Lets a test change the server's options before it starts.
    virtual void configure(sim::SimulatorOptions &) {}

    sim::Simulator &simulator() { return *m_simulator; }
    const std::string &dir() const { return m_dir; }
    const std::string &kubeconfigPath() const { return m_kubeconfig; }

    std::map<std::string, std::string> kubectlEnvironment() const
    {
        // A private HOME and cache keep kubectl from reading the developer's
        // config or a discovery cache from an earlier server on the same port.
        return {{"HOME", m_dir}, {"KUBECACHEDIR", m_dir + "/cache"}, {"KUBECONFIG", m_kubeconfig}};
    }

    /// Runs the stock kubectl with default flags against this server.
    ProcessResult kubectl(std::vector<std::string> arguments, const std::string &input = {})
    {
        arguments.insert(arguments.begin(), "kubectl");
        return runProcess(arguments, kubectlEnvironment(), input, std::chrono::seconds(60));
    }

    /// Writes `text` to a file in the test's folder and returns its path.
    std::string writeFile(const std::string &name, const std::string &text) const
    {
        const std::string path = m_dir + "/" + name;
        FILE *file = std::fopen(path.c_str(), "w");
        std::fwrite(text.data(), 1, text.size(), file);
        std::fclose(file);
        return path;
    }

private:
    std::string m_dir;
    std::string m_kubeconfig;
    std::unique_ptr<sim::Simulator> m_simulator;
};

inline std::string fixturePath(const std::string &relative)
{
    const char *root = std::getenv("GANTRY_FIXTURES_DIR");
    return std::string(root ? root : "tests/fixtures") + "/" + relative;
}

} // namespace gantry::test

/// Asserts a kubectl run succeeded, printing what it said otherwise.
#define EXPECT_KUBECTL_OK(result)                                                                                      \
    EXPECT_EQ((result).exitCode, 0) << "stdout:\n" << (result).out << "\nstderr:\n" << (result).err

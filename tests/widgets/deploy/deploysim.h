#pragma once

// A gantry-sim for the deploy dialog's tests: one pool of H100 nodes and a model
// on the hub (so a start shows an image pull, a model download, a weight load
// and a warm-up), stepped by the test, with clients for its admin and viewer.

#include "backend/actions/actioncontext.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigresolver.h"
#include "sim/simulator.h"

#include <QString>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace gantry::test {

inline sim::Scenario hubModelScenario()
{
    constexpr double GB = 1e9;
    sim::Scenario s;
    s.name = "deploy-dialog";
    s.storage.hubBytesPerSecond = 0.5 * GB;
    s.storage.registryBytesPerSecond = 1 * GB;
    s.storage.registryPerClientBytesPerSecond = 1 * GB;
    s.storage.nodeCacheBytesPerSecond = 4 * GB;
    sim::Scenario::GpuPool pool;
    pool.name = "h100";
    pool.gpuProduct = "NVIDIA-H100-80GB-HBM3";
    pool.gpusPerNode = 8;
    pool.gpuMemoryBytes = 80 * 1024.0 * 1024 * 1024;
    pool.maxNodes = 1;
    pool.initialNodes = 1;
    pool.provisioningSeconds = {180, 180};
    s.pools = {pool};
    sim::Scenario::Model model;
    model.name = "qwen-7b";
    model.storageUri = "hf://Qwen/Qwen2.5-7B-Instruct";
    model.sizeBytes = 15 * GB;
    model.runtimeImage = "vllm/vllm-openai:v0.8.5";
    model.runtimeImageBytes = 10 * GB;
    model.gpusPerReplica = 1;
    model.engineWarmupSeconds = 25;
    s.models = {model};
    return s;
}

class DeploySim
{
public:
    DeploySim()
    {
        char pattern[] = "/tmp/gantry-deploy-test-XXXXXX";
        if (!::mkdtemp(pattern)) {
            m_error = "cannot make a temporary folder";
            return;
        }
        m_dir = pattern;
        sim::SimulatorOptions options;
        options.scenario = hubModelScenario();
        options.speed = 0; // the test steps the factory
        options.server.bookmarkInterval = std::chrono::milliseconds(500);
        m_simulator = std::make_unique<sim::Simulator>(options);
        if (!m_simulator->start(&m_error))
            return;
        m_kubeconfig = m_dir + "/kubeconfig";
        m_simulator->writeKubeconfig(m_kubeconfig, &m_error);
    }

    ~DeploySim()
    {
        if (m_simulator)
            m_simulator->stop();
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }

    /// "" when the server runs.
    const std::string &error() const { return m_error; }
    sim::Simulator &simulator() { return *m_simulator; }
    sim::Factory &factory() { return *m_simulator->factory(); }

    /// A client for gantry-admin or gantry-viewer; null (and error() says why) on failure.
    std::shared_ptr<kube::RestClient> client(const std::string &context, bool readOnly = false)
    {
        const auto config = kube::loadKubeconfigFile(m_kubeconfig);
        if (!config) {
            m_error = config.error().message;
            return nullptr;
        }
        const auto connection = kube::resolveContext(*config, context);
        if (!connection) {
            m_error = connection.error().message;
            return nullptr;
        }
        return kube::RestClient::forConnection(*connection, readOnly);
    }

    actions::ActionContext adminContext(bool readOnly = false)
    {
        actions::ActionContext context;
        context.client = client("gantry-admin", readOnly);
        context.contextName = "gantry-admin";
        context.user = "admin";
        return context;
    }

private:
    std::string m_dir;
    std::string m_kubeconfig;
    std::string m_error;
    std::unique_ptr<sim::Simulator> m_simulator;
};

} // namespace gantry::test

#pragma once

// A gantry-sim started in-process for a QtTest, its clock stepped by the test,
// with the clients, action contexts and fleet snapshots a dialog test needs.
// The dialogs' tests share it; each picks its scenario.

#include "backend/actions/actioncontext.h"
#include "backend/fleet/fleetsession.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigresolver.h"
#include "sim/simulator.h"

#include <QTest>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace gantry::test {

/// Two GPU pools (two H100 nodes, one L40S node), a model on a shared volume
/// served from the H100 pool and one from the hub served from the L40S pool.
inline sim::Scenario dialogScenario()
{
    constexpr double GB = 1e9;
    sim::Scenario s;
    s.name = "dialogs";
    s.storage.hubBytesPerSecond = 1 * GB;
    s.storage.sharedVolumeBytesPerSecond = 4 * GB;
    s.storage.sharedVolumePerClientBytesPerSecond = 1 * GB;
    s.storage.registryBytesPerSecond = 4 * GB;
    s.storage.registryPerClientBytesPerSecond = 2 * GB;
    s.storage.nodeCacheBytesPerSecond = 8 * GB;
    const auto pool = [](const char *name, const char *product, int gpus, int nodes) {
        sim::Scenario::GpuPool p;
        p.name = name;
        p.gpuProduct = product;
        p.gpusPerNode = gpus;
        p.gpuMemoryBytes = 80 * 1024.0 * 1024 * 1024;
        p.maxNodes = nodes;
        p.initialNodes = nodes;
        p.minNodes = nodes;
        p.provisioningSeconds = {120, 120};
        p.nodeCacheBytes = 1000 * GB;
        return p;
    };
    s.pools = {pool("h100", "NVIDIA-H100-80GB-HBM3", 8, 2), pool("l40s", "NVIDIA-L40S", 4, 1)};
    const auto model = [](const char *name, const char *uri, double bytes) {
        sim::Scenario::Model m;
        m.name = name;
        m.storageUri = uri;
        m.sizeBytes = bytes;
        m.runtimeImage = "vllm/vllm-openai:v0.8.5";
        m.runtimeImageBytes = 8 * GB;
        m.gpusPerReplica = 1;
        m.engineWarmupSeconds = 20;
        m.maxConcurrencyPerReplica = 32;
        return m;
    };
    s.models = {model("llama-8b", "pvc://models/llama-3.1-8b", 16 * GB),
                model("qwen-7b", "hf://Qwen/Qwen2.5-7B-Instruct", 15 * GB)};
    const auto service = [](const char *name, const char *modelName, const char *poolName) {
        sim::Scenario::Service svc;
        svc.name = name;
        svc.model = modelName;
        svc.pool = poolName;
        svc.minReplicas = 1;
        svc.maxReplicas = 4;
        return svc;
    };
    s.services = {service("llama", "llama-8b", "h100"), service("qwen", "qwen-7b", "l40s")};
    return s;
}

class SimCluster
{
public:
    explicit SimCluster(sim::Scenario scenario = dialogScenario())
    {
        char pattern[] = "/tmp/gantry-dialog-test-XXXXXX";
        if (!::mkdtemp(pattern)) {
            m_error = "cannot create a temporary folder";
            return;
        }
        m_dir = pattern;
        sim::SimulatorOptions options;
        options.server.bookmarkInterval = std::chrono::milliseconds(500);
        options.scenario = std::move(scenario);
        options.speed = 0; // the test steps the factory
        m_simulator = std::make_unique<sim::Simulator>(options);
        if (!m_simulator->start(&m_error))
            return;
        m_kubeconfig = m_dir + "/kubeconfig";
        m_simulator->writeKubeconfig(m_kubeconfig, &m_error);
    }

    ~SimCluster()
    {
        if (m_session)
            m_session->stop();
        if (m_simulator)
            m_simulator->stop();
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }

    bool ok() const { return m_error.empty(); }
    const std::string &error() const { return m_error; }
    sim::Simulator &simulator() { return *m_simulator; }
    sim::Factory &factory() { return *m_simulator->factory(); }

    std::shared_ptr<kube::RestClient> client(const std::string &context = "gantry-admin", bool readOnly = false)
    {
        const auto config = kube::loadKubeconfigFile(m_kubeconfig);
        if (!config)
            return nullptr;
        const auto connection = kube::resolveContext(*config, context);
        return connection ? kube::RestClient::forConnection(*connection, readOnly) : nullptr;
    }

    actions::ActionContext context(const std::string &name = "gantry-admin", bool readOnly = false)
    {
        actions::ActionContext c;
        c.client = client(name, readOnly);
        c.contextName = name;
        c.user = "test";
        return c;
    }

    /// The fleet as a console would see it now: a live session (started on first
    /// use) flushed once its informers have caught up with the server.
    std::shared_ptr<const fleet::FleetSnapshot> snapshot()
    {
        if (!m_session) {
            m_session = std::make_unique<fleet::FleetSession>(client("gantry-admin", true), fleet::FleetSessionOptions{});
            m_session->start();
            if (!m_session->waitSynced(std::chrono::seconds(20)))
                return nullptr;
        }
        QTest::qWait(300); // let the watches deliver what the factory just did
        return m_session->fleet().flush();
    }

private:
    std::string m_dir;
    std::string m_kubeconfig;
    std::string m_error;
    std::unique_ptr<sim::Simulator> m_simulator;
    std::unique_ptr<fleet::FleetSession> m_session;
};

} // namespace gantry::test

#pragma once

// A gantry-sim with one GPU pool and a model on a shared volume, stepped by hand,
// and clients for its kubeconfig's admin and viewer contexts with an audit log.

#include "backend/actions/actioncontext.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigresolver.h"
#include "sim/simfixture.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace gantry::actions::test {

inline sim::Scenario sharedVolumeScenario()
{
    constexpr double GB = 1e9;
    sim::Scenario s;
    s.name = "actions";
    s.storage.hubBytesPerSecond = 1 * GB;
    s.storage.sharedVolumeBytesPerSecond = 4 * GB;
    s.storage.sharedVolumePerClientBytesPerSecond = 1 * GB;
    s.storage.registryBytesPerSecond = 2 * GB;
    s.storage.registryPerClientBytesPerSecond = 1 * GB;
    s.storage.nodeCacheBytesPerSecond = 8 * GB;
    sim::Scenario::GpuPool pool;
    pool.name = "h100";
    pool.gpuProduct = "NVIDIA-H100-80GB-HBM3";
    pool.gpusPerNode = 8;
    pool.gpuMemoryBytes = 80 * 1024.0 * 1024 * 1024;
    pool.maxNodes = 2;
    pool.initialNodes = 2;
    pool.provisioningSeconds = { 120, 120 };
    s.pools = { pool };
    sim::Scenario::Model model;
    model.name = "llama-8b";
    model.storageUri = "pvc://models/llama-3.1-8b";
    model.sizeBytes = 16 * GB;
    model.runtimeImage = "vllm/vllm-openai:v0.8.5";
    model.runtimeImageBytes = 16 * GB;
    model.gpusPerReplica = 1;
    model.engineWarmupSeconds = 30;
    s.models = { model };
    return s;
}

class ActionSimTest : public gantry::test::SimulatorTest {
protected:
    void configure(sim::SimulatorOptions &options) override
    {
        options.scenario = sharedVolumeScenario();
        options.speed = 0; // the test steps the factory
    }

    sim::Factory &factory() { return *simulator().factory(); }
    std::uint64_t writes() { return simulator().server().requestCounts().writes; }
    std::string dataDir() const { return dir() + "/data"; }

    /// A client for one of the kubeconfig's contexts: gantry-admin or gantry-viewer.
    std::shared_ptr<kube::RestClient> client(const std::string &context, bool readOnly = false)
    {
        const auto config = kube::loadKubeconfigFile(kubeconfigPath());
        EXPECT_TRUE(config) << config.error().message;
        const auto connection = kube::resolveContext(*config, context);
        EXPECT_TRUE(connection) << connection.error().message;
        return kube::RestClient::forConnection(*connection, readOnly);
    }

    ActionContext context(const std::string &name = "gantry-admin", bool readOnly = false)
    {
        if (!m_audit)
            m_audit = std::make_shared<AuditLog>(dataDir());
        ActionContext c;
        c.client = client(name, readOnly);
        c.contextName = name;
        c.user = name == "gantry-admin" ? "admin" : "viewer";
        c.audit = m_audit;
        return c;
    }

    std::vector<nlohmann::json> auditLines() const
    {
        std::ifstream in(dataDir() + "/audit.jsonl");
        std::vector<nlohmann::json> lines;
        for (std::string line; std::getline(in, line);)
            lines.push_back(nlohmann::json::parse(line));
        return lines;
    }

    std::string fileText(const std::string &path) const
    {
        std::ifstream in(path);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }

private:
    std::shared_ptr<AuditLog> m_audit;
};

} // namespace gantry::actions::test

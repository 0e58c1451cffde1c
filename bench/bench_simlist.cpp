// gantry-sim serving a 20,000-pod list, the size of the large scenario: server
// time for the list (store read plus body assembly) and the whole HTTPS round
// trip from a loopback client. Target: well under a second.
#include "sim/simulator.h"

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <cstdio>
#include <fstream>

namespace {

using nlohmann::json;

// A KServe predictor pod of the real shape (~3 KB of JSON).
json predictorPod(int index)
{
    const std::string name = "model-" + std::to_string(index / 20) + "-predictor-" + std::to_string(index);
    json container = {{"name", "kserve-container"},
                      {"image", "vllm/vllm-openai:v0.8.5"},
                      {"args", {"--model=/mnt/models", "--port=8080", "--max-model-len=8192"}},
                      {"resources",
                       {{"limits", {{"cpu", "8"}, {"memory", "64Gi"}, {"nvidia.com/gpu", "1"}}},
                        {"requests", {{"cpu", "8"}, {"memory", "64Gi"}, {"nvidia.com/gpu", "1"}}}}},
                      {"volumeMounts", {{{"name", "kserve-provision-location"}, {"mountPath", "/mnt/models"}, {"readOnly", true}}}},
                      {"readinessProbe", {{"httpGet", {{"path", "/v1/models"}, {"port", 8080}}}, {"periodSeconds", 10}}}};
    json init = {{"name", "storage-initializer"},
                 {"image", "kserve/storage-initializer:v0.14.0"},
                 {"args", {"hf://meta-llama/Llama-3.1-8B-Instruct", "/mnt/models"}},
                 {"resources", {{"limits", {{"cpu", "1"}, {"memory", "1Gi"}}}, {"requests", {{"cpu", "100m"}, {"memory", "100Mi"}}}}}};
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata",
             {{"name", name},
              {"namespace", "team-" + std::to_string(index % 10)},
              {"labels", {{"serving.kserve.io/inferenceservice", "model-" + std::to_string(index / 20)}, {"component", "predictor"}}},
              {"annotations", {{"prometheus.kserve.io/port", "8080"}, {"prometheus.kserve.io/path", "/metrics"}}}}},
            {"spec",
             {{"nodeName", "gpu-node-" + std::to_string(index / 8)},
              {"containers", {container}},
              {"initContainers", {init}},
              {"tolerations", {{{"key", "nvidia.com/gpu"}, {"operator", "Exists"}, {"effect", "NoSchedule"}}}}}},
            {"status",
             {{"phase", "Running"},
              {"podIP", "10.0." + std::to_string(index / 250) + "." + std::to_string(index % 250)},
              {"startTime", "2026-11-23T10:00:00Z"},
              {"conditions",
               {{{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", "2026-11-23T10:05:00Z"}},
                {{"type", "PodScheduled"}, {"status", "True"}, {"lastTransitionTime", "2026-11-23T10:00:00Z"}}}},
              {"containerStatuses",
               {{{"name", "kserve-container"}, {"ready", true}, {"restartCount", 0},
                 {"state", {{"running", {{"startedAt", "2026-11-23T10:02:00Z"}}}}}}}}}}};
}

struct LargeCluster
{
    LargeCluster()
    {
        gantry::sim::SimulatorOptions options;
        simulator = std::make_unique<gantry::sim::Simulator>(options);
        std::string error;
        if (!simulator->start(&error))
            std::fprintf(stderr, "cannot start gantry-sim: %s\n", error.c_str());
        const auto &namespaces = *gantry::sim::findResourceType("", "v1", "namespaces");
        const auto &pods = *gantry::sim::findResourceType("", "v1", "pods");
        for (int i = 0; i < 10; ++i)
            simulator->store().create(namespaces, {{"apiVersion", "v1"}, {"kind", "Namespace"},
                                                   {"metadata", {{"name", "team-" + std::to_string(i)}}}});
        for (int i = 0; i < 20000; ++i)
            simulator->store().create(pods, predictorPod(i));
        caPath = "/tmp/gantry-bench-ca.crt";
        std::ofstream(caPath) << simulator->server().caCertificatePem();
    }
    std::unique_ptr<gantry::sim::Simulator> simulator;
    std::string caPath;
};

LargeCluster &cluster()
{
    static LargeCluster instance;
    return instance;
}

void listTwentyThousandPodsInProcess(benchmark::State &state)
{
    auto &store = cluster().simulator->store();
    const auto &pods = *gantry::sim::findResourceType("", "v1", "pods");
    for (auto _ : state) {
        const auto result = store.list(pods, {});
        std::size_t bytes = 0;
        std::string body;
        for (const auto &item : result.items)
            body += item->json;
        bytes = body.size();
        benchmark::DoNotOptimize(bytes);
        state.SetBytesProcessed(state.bytes_processed() + static_cast<std::int64_t>(bytes));
    }
}
BENCHMARK(listTwentyThousandPodsInProcess)->Unit(benchmark::kMillisecond);

void listTwentyThousandPodsOverHttps(benchmark::State &state)
{
    httplib::SSLClient client("127.0.0.1", cluster().simulator->server().port());
    client.set_ca_cert_path(cluster().caPath.c_str());
    client.set_bearer_token_auth(cluster().simulator->access().adminToken().c_str());
    client.set_read_timeout(60);
    for (auto _ : state) {
        const auto result = client.Get("/api/v1/pods");
        if (!result || result->status != 200) {
            state.SkipWithError("list failed");
            break;
        }
        state.SetBytesProcessed(state.bytes_processed() + static_cast<std::int64_t>(result->body.size()));
    }
}
BENCHMARK(listTwentyThousandPodsOverHttps)->Unit(benchmark::kMillisecond);

} // namespace

#pragma once

// A KServe predictor pod of the real shape (~3 KB of JSON), for benchmarks that
// need a cluster's worth of them.

#include <nlohmann/json.hpp>

#include <string>

namespace gantry::bench {

inline nlohmann::json predictorPod(int index)
{
    const std::string name = "model-" + std::to_string(index / 20) + "-predictor-" + std::to_string(index);
    nlohmann::json container = {{"name", "kserve-container"},
                      {"image", "vllm/vllm-openai:v0.8.5"},
                      {"args", {"--model=/mnt/models", "--port=8080", "--max-model-len=8192"}},
                      {"resources",
                       {{"limits", {{"cpu", "8"}, {"memory", "64Gi"}, {"nvidia.com/gpu", "1"}}},
                        {"requests", {{"cpu", "8"}, {"memory", "64Gi"}, {"nvidia.com/gpu", "1"}}}}},
                      {"volumeMounts", {{{"name", "kserve-provision-location"}, {"mountPath", "/mnt/models"}, {"readOnly", true}}}},
                      {"readinessProbe", {{"httpGet", {{"path", "/v1/models"}, {"port", 8080}}}, {"periodSeconds", 10}}}};
    nlohmann::json init = {{"name", "storage-initializer"},
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

} // namespace gantry::bench

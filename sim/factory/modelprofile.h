#pragma once

#include "sim/scenario/scenario.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace gantry::sim {

/// What the simulated kubelet and engine need to know about the model behind an
/// InferenceService: the scenario's model with the same storage URI, or
/// defaults (an 8B model in bf16) for a service deployed through the API.
struct ModelProfile
{
    std::string name;
    std::string storageUri;
    double sizeBytes = 16e9;
    std::string runtimeImage = "vllm/vllm-openai:v0.8.5";
    double runtimeImageBytes = 16525161745; // vllm/vllm-openai image size (vllm-project/aibrix#1054)
    int gpus = 1;
    double warmupSeconds = 60;
    bool modelcar = false; ///< oci://: the weights come as an image
};

ModelProfile modelProfileFor(const Scenario &scenario, const nlohmann::json &isvc);

} // namespace gantry::sim

#pragma once

// The deploy dialog's cluster: one pool of H100 nodes and a model on the hub (so
// a start shows an image pull, a model download, a weight load and a warm-up).

#include "sim/scenario/scenario.h"

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

} // namespace gantry::test

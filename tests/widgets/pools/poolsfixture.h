#pragma once

// Hand-built pools snapshots for the pools page tests: a small fleet whose every
// figure is known, and a 16,000-GPU fleet of realistic shape.

#include "backend/fleet/fleet.h"
#include "backend/fleet/gpupool.h"

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace gantry::test {

struct GpuSpec
{
    bool allocated = false;
    double utilization = -1; ///< < 0: no reading
    double memoryUsedMiB = 0;
    std::string pod;
    std::string inferenceService;
};

inline fleet::Gpu makeGpu(int index, const GpuSpec &spec, double memoryTotalMiB)
{
    fleet::Gpu gpu;
    gpu.index = index;
    gpu.allocated = spec.allocated;
    if (!spec.pod.empty()) {
        gpu.podNamespace = "serving";
        gpu.podName = spec.pod;
        gpu.inferenceService = spec.inferenceService;
    }
    if (spec.utilization >= 0) {
        gpu.uuid = "GPU-" + std::to_string(index);
        gpu.utilizationPercent = spec.utilization;
        gpu.memoryUsedMiB = spec.memoryUsedMiB;
        gpu.memoryTotalMiB = memoryTotalMiB;
        gpu.powerWatts = 90 + spec.utilization * 3;
        gpu.temperatureCelsius = 35 + spec.utilization * 0.4;
    }
    return gpu;
}

inline std::shared_ptr<const fleet::FleetNode> makeNode(const std::string &name, const std::string &pool,
                                                        const std::string &product, fleet::NodeState state,
                                                        const std::vector<GpuSpec> &gpus, double memoryMiB = 81920,
                                                        const std::string &reason = {})
{
    auto node = std::make_shared<fleet::FleetNode>();
    node->name = name;
    node->pool = pool;
    node->gpuProduct = product;
    node->gpuMemoryMiB = memoryMiB;
    node->gpuCapacity = static_cast<double>(gpus.size());
    node->gpuAllocatable = node->gpuCapacity;
    node->state = state;
    node->stateReason = reason;
    for (std::size_t i = 0; i < gpus.size(); ++i) {
        node->gpus.push_back(makeGpu(static_cast<int>(i), gpus[i], memoryMiB));
        if (gpus[i].allocated) {
            node->gpuAllocated += 1;
            node->gpuPods.push_back("serving/" + gpus[i].pod);
        }
    }
    return node;
}

/// A pool whose counts and totals are derived from its nodes, as PoolTracker does.
inline std::shared_ptr<const fleet::GpuPool> makePool(const std::string &name, const std::string &product,
                                                      std::vector<std::shared_ptr<const fleet::FleetNode>> nodes,
                                                      int replicasWithoutNode = 0, double pendingDemand = 0)
{
    auto pool = std::make_shared<fleet::GpuPool>();
    pool->name = name;
    pool->source = "label gantry.dev/pool";
    pool->gpuProduct = product;
    pool->pendingGpuDemand = pendingDemand;
    double utilization = 0;
    int readings = 0;
    for (const auto &node : nodes) {
        switch (node->state) {
        case fleet::NodeState::Ready: ++pool->nodesReady; break;
        case fleet::NodeState::NotReady: ++pool->nodesNotReady; break;
        case fleet::NodeState::Cordoned: ++pool->nodesCordoned; break;
        case fleet::NodeState::Provisioning: ++pool->nodesProvisioning; break;
        case fleet::NodeState::Unknown: ++pool->nodesUnknown; break;
        }
        pool->gpusTotal += node->gpuCapacity;
        pool->gpusAllocatable += node->gpuAllocatable;
        pool->gpusAllocated += node->gpuAllocated;
        for (const auto &gpu : node->gpus) {
            if (gpu.utilizationPercent) {
                utilization += *gpu.utilizationPercent;
                ++readings;
            }
        }
    }
    if (replicasWithoutNode > 0) {
        pool->nodesProvisioning += replicasWithoutNode;
        pool->source = "MachineSet " + name;
        pool->desiredNodes = static_cast<std::int64_t>(nodes.size()) + replicasWithoutNode;
    }
    if (readings > 0)
        pool->meanUtilizationPercent = utilization / readings;
    pool->nodes = std::move(nodes);
    return pool;
}

inline std::shared_ptr<const fleet::FleetSnapshot> wrap(std::shared_ptr<const fleet::PoolsSnapshot> pools)
{
    auto snapshot = std::make_shared<fleet::FleetSnapshot>();
    snapshot->generation = pools ? pools->generation : 0;
    snapshot->pools = std::move(pools);
    return snapshot;
}

/// Three pools: A100 with a ready and a not-ready node, H100 with one ready node
/// and one MachineSet replica still provisioning (8 GPUs pending), H200 with one
/// cordoned node.
inline std::shared_ptr<const fleet::PoolsSnapshot> threePools()
{
    using fleet::NodeState;
    const std::string a100 = "NVIDIA-A100-SXM4-80GB";
    const std::string h100 = "NVIDIA-H100-80GB-HBM3";
    const std::string h200 = "NVIDIA-H200";
    auto serving = [](const std::string &pod, const std::string &isvc, double util, double memGiB) {
        return GpuSpec{true, util, memGiB * 1024, pod, isvc};
    };
    const GpuSpec idle{false, 0, 512, {}, {}};

    auto a0 = makeNode("gpu-a100-node-01", "a100", a100, NodeState::Ready,
                       {serving("llama-3-8b-predictor-7c9f-x2k4q", "llama-3-8b", 91, 61.2),
                        serving("llama-3-8b-predictor-7c9f-x2k4q", "llama-3-8b", 87, 60.8),
                        serving("mistral-7b-predictor-5d8b-p9wz1", "mistral-7b", 72, 48.5),
                        serving("mistral-7b-predictor-5d8b-p9wz1", "mistral-7b", 68, 47.9),
                        serving("qwen2-7b-predictor-66f4-rt7m2", "qwen2-7b", 35, 30.1),
                        serving("qwen2-7b-predictor-66f4-rt7m2", "qwen2-7b", 41, 30.4), idle, idle});
    auto a1 = makeNode("gpu-a100-node-02", "a100", a100, NodeState::NotReady,
                       std::vector<GpuSpec>(8, GpuSpec{}), 81920, "KubeletNotReady: container runtime is down");
    auto h0 = makeNode("gpu-h100-node-01", "h100", h100, NodeState::Ready,
                       {serving("llama-3-70b-predictor-84bd-q8c2n", "llama-3-70b", 96, 74.0),
                        serving("llama-3-70b-predictor-84bd-q8c2n", "llama-3-70b", 95, 73.6),
                        serving("llama-3-70b-predictor-84bd-q8c2n", "llama-3-70b", 97, 74.2),
                        serving("llama-3-70b-predictor-84bd-q8c2n", "llama-3-70b", 94, 73.9),
                        serving("gemma-2-9b-predictor-5b7d-zz81k", "gemma-2-9b", 22, 19.5), idle, idle,
                        GpuSpec{false, -1, 0, {}, {}}});
    auto g0 = makeNode("gpu-h200-node-01", "h200", h200, NodeState::Cordoned,
                       {serving("deepseek-v2-lite-predictor-9a1c-h3j5d", "deepseek-v2-lite", 58, 102.4),
                        serving("deepseek-v2-lite-predictor-9a1c-h3j5d", "deepseek-v2-lite", 61, 101.7), idle, idle,
                        idle, idle, idle, idle},
                       143360, "cordoned by ops: driver upgrade");

    auto pools = std::make_shared<fleet::PoolsSnapshot>();
    pools->generation = 7;
    pools->pools = {makePool("a100", a100, {a0, a1}), makePool("h100", h100, {h0}, 1, 8),
                    makePool("h200", h200, {g0})};
    return pools;
}

/// `pools` pools of `nodesPerPool` nodes with `gpusPerNode` GPUs each, readings on
/// every GPU of a ready node, a few nodes not ready or cordoned, and a couple of
/// replicas provisioning per pool. Deterministic.
inline std::shared_ptr<const fleet::PoolsSnapshot> largeFleet(int pools = 4, int nodesPerPool = 500,
                                                              int gpusPerNode = 8, int provisioningPerPool = 0)
{
    using fleet::NodeState;
    const char *products[] = {"NVIDIA-A100-SXM4-80GB", "NVIDIA-H100-80GB-HBM3", "NVIDIA-H200", "NVIDIA-L40S"};
    auto snapshot = std::make_shared<fleet::PoolsSnapshot>();
    unsigned seed = 12345;
    auto next = [&seed] {
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) & 0x7fff;
    };
    for (int p = 0; p < pools; ++p) {
        const std::string name = "pool-" + std::to_string(p);
        const std::string product = products[p % 4];
        std::vector<std::shared_ptr<const fleet::FleetNode>> nodes;
        nodes.reserve(static_cast<std::size_t>(nodesPerPool));
        for (int n = 0; n < nodesPerPool; ++n) {
            char nodeName[64];
            std::snprintf(nodeName, sizeof nodeName, "gpu-%d-node-%04d", p, n);
            const unsigned roll = next() % 100;
            const NodeState state = roll < 2 ? NodeState::NotReady : roll < 4 ? NodeState::Cordoned : NodeState::Ready;
            const double load = (next() % 100) / 100.0; // how busy this node's replica is
            std::vector<GpuSpec> gpus;
            for (int g = 0; g < gpusPerNode; ++g) {
                GpuSpec spec;
                if (state != NodeState::NotReady) {
                    spec.allocated = (next() % 100) < 80;
                    spec.utilization = spec.allocated ? std::min(100.0, load * 100 + (next() % 15)) : 0;
                    spec.memoryUsedMiB = spec.allocated ? 40000 + (next() % 40000) : 300;
                    if (spec.allocated) {
                        spec.pod = "model-" + std::to_string(n % 97) + "-predictor-" + std::to_string(n);
                        spec.inferenceService = "model-" + std::to_string(n % 97);
                    }
                }
                gpus.push_back(spec);
            }
            nodes.push_back(makeNode(nodeName, name, product, state, gpus));
        }
        snapshot->pools.push_back(makePool(name, product, std::move(nodes), provisioningPerPool,
                                           p == 1 ? 16 : 0));
    }
    return snapshot;
}

} // namespace gantry::test

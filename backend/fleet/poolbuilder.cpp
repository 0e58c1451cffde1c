#include "backend/fleet/poolbuilder.h"

#include <algorithm>
#include <set>

namespace gantry::fleet {

std::shared_ptr<const GpuPool> buildGpuPool(PoolParts parts)
{
    auto pool = std::make_shared<GpuPool>();
    pool->name = std::move(parts.name);
    pool->source = std::move(parts.source);
    pool->desiredNodes = parts.desiredNodes;
    pool->pendingGpuDemand = parts.pendingGpuDemand;

    std::set<std::string> products;
    double utilizationSum = 0;
    int readGpus = 0;
    for (const auto &node : parts.nodes) {
        switch (node->state) {
        case NodeState::Ready: ++pool->nodesReady; break;
        case NodeState::NotReady: ++pool->nodesNotReady; break;
        case NodeState::Cordoned: ++pool->nodesCordoned; break;
        case NodeState::Provisioning: ++pool->nodesProvisioning; break;
        case NodeState::Unknown: ++pool->nodesUnknown; break;
        }
        pool->gpusTotal += node->gpuCapacity;
        pool->gpusAllocatable += node->gpuAllocatable;
        pool->gpusAllocated += node->gpuAllocated;
        if (!node->gpuProduct.empty())
            products.insert(node->gpuProduct);
        for (const Gpu &gpu : node->gpus) {
            if (gpu.utilizationPercent) {
                utilizationSum += *gpu.utilizationPercent;
                ++readGpus;
            }
        }
    }
    // A MachineSet asked for more machines than have registered: they are on their way.
    if (parts.desiredNodes) {
        const auto missing = *parts.desiredNodes - static_cast<std::int64_t>(parts.nodes.size());
        pool->nodesProvisioning += static_cast<int>(std::clamp<std::int64_t>(missing, 0, 1'000'000));
    }
    if (readGpus > 0)
        pool->meanUtilizationPercent = utilizationSum / readGpus;
    for (const std::string &product : products)
        pool->gpuProduct += (pool->gpuProduct.empty() ? "" : ", ") + product;
    if (pool->gpuProduct.empty())
        pool->gpuProduct = std::move(parts.machineSetProduct);
    pool->nodes = std::move(parts.nodes);
    return pool;
}

} // namespace gantry::fleet

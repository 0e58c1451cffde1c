#pragma once

#include "backend/fleet/gpupool.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gantry::fleet {

/// What a pool is made of, before its totals are added up.
struct PoolParts
{
    std::string name;
    std::string source;
    std::string machineSetProduct; ///< nvidia.com/gpu.product of the MachineSet's node labels
    std::optional<std::int64_t> desiredNodes;
    double pendingGpuDemand = 0;
    std::vector<std::shared_ptr<const FleetNode>> nodes; ///< by name
};

/// Adds up a pool: nodes per state (MachineSet replicas without a Node count
/// as provisioning), GPUs, the product and the mean utilisation of the GPUs
/// that have a reading.
std::shared_ptr<const GpuPool> buildGpuPool(PoolParts parts);

} // namespace gantry::fleet

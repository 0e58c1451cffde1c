#pragma once

#include "backend/fleet/gpupool.h"
#include "backend/fleet/gpuslots.h"
#include "backend/fleet/nodefacts.h"
#include "backend/fleet/podcontribution.h"
#include "backend/metrics/readings.h"

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace gantry::fleet {

/// The pods the tracker knows, by key and by "namespace/name" (how dcgm-exporter names them).
struct PodDirectory
{
    std::unordered_map<std::string, PodContribution> byKey;
    std::unordered_map<std::string, std::string> keyByName;

    const PodContribution *find(const std::string &key) const;
    const PodContribution *findByName(const std::string &namespaceName, const std::string &name) const;
};

/// The published form of one node: its facts, its GPUs with the pods on them
/// and their latest readings. A reading that names a GPU's pod outranks the
/// slot the pod was placed on; its other devices follow the slots.
std::shared_ptr<const FleetNode> buildFleetNode(const NodeFacts &facts, const std::string &pool, const GpuSlots &slots,
                                                const PodDirectory &pods,
                                                const std::map<int, metrics::GpuReading> *readings);

} // namespace gantry::fleet

#pragma once

#include "backend/core/rfc3339.h"
#include "backend/fleet/gpupool.h"
#include "backend/kube/compactobjects.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace gantry::fleet {

/// How long a node that never turned Ready counts as joining rather than
/// broken: GPU nodes take 3–7 min from scale-up to Ready (DESIGN.md §5), so
/// twice the slow end leaves room for driver installation.
inline constexpr std::chrono::minutes provisioningWindow{15};

/// What the pool view derives from one Node object. Compared as a whole, so a
/// status heartbeat that changes nothing here changes nothing downstream.
struct NodeFacts
{
    std::string name;
    std::string gpuProduct;
    std::optional<double> gpuMemoryMiB;
    double gpuCapacity = 0;
    double gpuAllocatable = 0;
    /// GPUs in capacity or GPU feature discovery labels; nodes without are in no GPU pool.
    bool hasGpus = false;
    NodeState state = NodeState::Unknown;
    std::string stateReason;
    std::optional<SystemTime> createdAt;
    std::optional<SystemTime> readySince;
    /// When the state depends on the node's age: the moment it must be looked at again.
    std::optional<SystemTime> reconsiderAt;
    std::map<std::string, std::string> labels;

    bool operator==(const NodeFacts &) const = default;
};

/// Derives a node's facts at `now`. Missing or unreadable fields degrade one by
/// one (no product, no memory, zero GPUs, state Unknown with a reason).
NodeFacts nodeFacts(const kube::CompactNode &node, SystemTime now);

/// A GPU count from a quantity: negative, infinite or NaN read as 0.
double sanitizeGpuCount(double value);

} // namespace gantry::fleet

#pragma once

#include "backend/fleet/nodefacts.h"
#include "backend/kube/compactobjects.h"

#include <cstdint>
#include <map>
#include <string>

namespace gantry::fleet {

/// A MachineSet seen as a pool: its name, size and the labels its nodes get.
struct MachineSetPool
{
    std::string name;
    std::int64_t replicas = 0;
    std::map<std::string, std::string> nodeLabels;

    bool operator==(const MachineSetPool &) const = default;
};

/// The pool a node is in, and how that was decided; an empty pool is none.
struct PoolMembership
{
    std::string pool;
    std::string source; ///< "MachineSet <name>", "label <key>", "GPU product" or "none"

    bool operator==(const PoolMembership &) const = default;
};

/// The name of the pool for GPU nodes that nothing else groups.
inline constexpr const char *unpooledName = "unpooled";

/// The label Gantry's own clusters (and gantry-sim) put on nodes and MachineSet templates.
inline constexpr const char *gantryPoolLabel = "gantry.io/pool";

MachineSetPool machineSetPool(const kube::CompactMachineSet &set);

/// True when the MachineSet's node labels say its nodes are GPU nodes
/// (gantry.io/pool or an nvidia.com/ label), so it is a pool even while empty.
bool declaresGpuPool(const MachineSetPool &set);

/// The pool of a node: the MachineSet whose node labels the node carries (the
/// most specific one when several do), else the first node-pool label, else
/// its GPU product. Nodes without GPUs belong to none, unless a GPU
/// MachineSet claims them (they are joining and not yet labelled).
/// `machineSets` is keyed by namespace/name.
PoolMembership poolForNode(const NodeFacts &node, const std::map<std::string, MachineSetPool> &machineSets);

} // namespace gantry::fleet

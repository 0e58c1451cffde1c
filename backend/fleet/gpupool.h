#pragma once

#include "backend/core/rfc3339.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gantry::fleet {

/// What an operator needs to know about a node at a glance.
enum class NodeState {
    Ready,
    NotReady,
    Cordoned,     ///< spec.unschedulable, whatever its Ready condition says
    Provisioning, ///< joining the cluster, or asked of a MachineSet and not there yet
    Unknown,      ///< the object lacks what would tell; FleetNode::stateReason says what
};

/// "ready", "not-ready", "cordoned", "provisioning", "unknown".
const char *nodeStateName(NodeState state);

/// One GPU of a node. The pod comes from dcgm-exporter's `pod` label when it
/// names one, else from the pods bound to the node, placed on slots in a stable order.
struct Gpu
{
    int index = 0;
    std::string podNamespace;     ///< "" on a free GPU
    std::string podName;
    std::string inferenceService; ///< the pod's serving.kserve.io/inferenceservice label
    bool allocated = false;
    std::string uuid;      ///< dcgm `UUID`, "" without readings
    std::string modelName; ///< dcgm `modelName`, "" without readings
    std::optional<double> utilizationPercent;
    std::optional<double> memoryUsedMiB;
    /// dcgm FB_USED + FB_FREE, else the node's nvidia.com/gpu.memory label.
    std::optional<double> memoryTotalMiB;
    std::optional<double> powerWatts;
    std::optional<double> temperatureCelsius;
};

/// A node as the pool view shows it. Immutable once published; unchanged nodes
/// are shared between snapshots.
struct FleetNode
{
    std::string name;
    std::string pool; ///< "" for a node outside every GPU pool (never published)
    std::string gpuProduct; ///< nvidia.com/gpu.product, "" when unlabelled
    std::optional<double> gpuMemoryMiB; ///< nvidia.com/gpu.memory (per GPU)
    /// status.capacity nvidia.com/gpu, else the nvidia.com/gpu.count label; 0 when neither is readable.
    double gpuCapacity = 0;
    double gpuAllocatable = 0; ///< status.allocatable nvidia.com/gpu
    double gpuAllocated = 0;   ///< requests of the pods bound here that have not finished
    NodeState state = NodeState::Unknown;
    std::string stateReason; ///< why the state is what it is, in words
    std::optional<SystemTime> createdAt;
    std::optional<SystemTime> readySince; ///< only when Ready
    std::vector<Gpu> gpus;
    std::vector<std::string> gpuPods; ///< "namespace/name" of the pods holding GPUs here, in GPU order
};

/// A group of interchangeable GPU nodes: a MachineSet, a node-pool label or a GPU product.
struct GpuPool
{
    std::string name;
    /// How membership was decided: "MachineSet <name>", "label <key>", "GPU product" or "none".
    std::string source;
    std::string gpuProduct; ///< the nodes' product; several are joined with ", "
    int nodesReady = 0;
    int nodesNotReady = 0;
    /// Joining nodes plus the MachineSet replicas that have no Node object yet.
    int nodesProvisioning = 0;
    int nodesCordoned = 0;
    int nodesUnknown = 0;
    std::optional<std::int64_t> desiredNodes; ///< the MachineSet's spec.replicas
    double gpusTotal = 0;
    double gpusAllocatable = 0;
    double gpusAllocated = 0;
    double pendingGpuDemand = 0; ///< GPUs asked by unscheduled pods whose nodeSelector names this pool
    std::optional<double> meanUtilizationPercent; ///< over the GPUs with a reading
    std::vector<std::shared_ptr<const FleetNode>> nodes; ///< by name
};

/// GPUs per namespace: what its pods hold and what its unscheduled pods ask for.
struct TeamAllocation
{
    std::string namespaceName;
    double gpusAllocated = 0;
    double gpusPending = 0;
};

/// The pool view at one moment. Immutable; unchanged pools and nodes are the
/// same objects as in the previous snapshot, so a view can diff by pointer.
struct PoolsSnapshot
{
    std::uint64_t generation = 0; ///< grows by one per published snapshot
    std::vector<std::shared_ptr<const GpuPool>> pools; ///< by name
    std::vector<TeamAllocation> teams; ///< by namespace
    double unassignedPendingGpuDemand = 0; ///< pending GPUs no single pool matches
};

} // namespace gantry::fleet

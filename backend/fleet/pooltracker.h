#pragma once

#include "backend/core/rfc3339.h"
#include "backend/fleet/gpupool.h"
#include "backend/fleet/gpureadingstore.h"
#include "backend/fleet/gpuslots.h"
#include "backend/fleet/nodebuilder.h"
#include "backend/fleet/nodefacts.h"
#include "backend/fleet/pendingdemand.h"
#include "backend/fleet/podcontribution.h"
#include "backend/fleet/poolmembership.h"
#include "backend/fleet/selectorindex.h"
#include "backend/fleet/teamledger.h"
#include "backend/kube/objectstore.h"
#include "backend/metrics/readings.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace gantry::fleet {

/// Derives GPU pools ▸ nodes ▸ GPUs and GPUs per team from the object store's
/// change batches (Node, Pod, MachineSet) and the metrics layer's readings.
///
/// Incremental: it keeps each node's derived facts and each pod's contribution,
/// so a batch touches only the nodes and pools it concerns, and snapshot()
/// rebuilds only those; everything else is shared with the previous snapshot.
/// Not thread-safe: feed and read it from one thread.
class PoolTracker
{
public:
    using Clock = std::function<SystemTime()>;

    /// `clock` tells node ages (joining nodes); the system clock by default.
    explicit PoolTracker(Clock clock = {});

    /// Applies one batch; kinds other than Node, Pod and MachineSet are ignored.
    void apply(const kube::ChangeBatch &batch);
    /// Replaces the GPU readings, joined to nodes by node name and GPU index.
    /// Readings of nodes not (yet) known are kept until the node appears.
    void applyReadings(const metrics::Readings &readings);

    /// True when snapshot() would publish something new.
    bool dirty() const;
    /// The current pool view. Without changes since the last call it is the
    /// same object; otherwise only the changed pools and nodes are new.
    std::shared_ptr<const PoolsSnapshot> snapshot();

private:
    struct NodeEntry
    {
        kube::CompactPtr object; ///< kept to look again when an age-based state expires
        NodeFacts facts;
        PoolMembership membership;
        GpuSlots slots;
        std::shared_ptr<const FleetNode> built;
    };
    struct PoolState
    {
        std::set<std::string> nodes;
        std::shared_ptr<const GpuPool> built;
    };
    void applyNode(const kube::CompactPtr &object, bool deleted);
    void removePod(const std::string &key);
    void upsertPod(PodContribution next);
    void applyMachineSet(const kube::CompactMachineSet &set, bool deleted);

    void updateNode(const std::string &name, NodeEntry &entry, NodeFacts facts);
    void setMembership(const std::string &name, NodeEntry &entry, PoolMembership membership);
    void reassignAllNodes();

    void addContribution(const PodContribution &pod, bool keepSlots);
    void removeContribution(const PodContribution &pod, bool keepSlots);
    void markPending(const std::string &pool);

    void markNode(const std::string &name);
    void markPool(const std::string &pool);
    void refreshAgedNodes(SystemTime now);
    void resolvePending();
    bool publishedWithoutNodes(const std::string &name) const;
    std::shared_ptr<const GpuPool> buildPool(const std::string &name, const PoolState &state) const;

    Clock m_clock;
    std::map<std::string, NodeEntry> m_nodes;               ///< by name
    std::map<std::string, MachineSetPool> m_machineSets;    ///< by namespace/name
    PodDirectory m_pods;                                    ///< pods that hold or wait for GPUs
    std::map<std::string, std::set<std::string>> m_holders; ///< node name → keys of pods holding GPUs there
    PendingDemand m_pending;
    std::map<std::string, PoolState> m_pools;
    TeamLedger m_teams;
    SelectorIndex m_selectors;
    GpuReadingStore m_readings;
    std::set<std::string> m_agingNodes; ///< nodes whose state depends on their age

    std::set<std::string> m_dirtyNodes;
    std::set<std::string> m_dirtyPools;
    bool m_teamsDirty = false;
    bool m_unassignedDirty = false;
    bool m_pendingStale = false; ///< pools or labels changed: pending pods may wait for another pool
    std::shared_ptr<const PoolsSnapshot> m_snapshot;
    std::uint64_t m_generation = 0;
};

} // namespace gantry::fleet

#pragma once

#include "backend/fleet/deployment.h"
#include "backend/kube/objectstore.h"
#include "backend/metrics/readings.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

namespace gantry::fleet {

/// Keeps the deployments (InferenceServices with their replicas and scaling
/// policy) up to date from the object store's change batches and the metrics
/// layer's readings. Incremental: a batch rebuilds only the deployments it
/// touches, and the others keep their shared_ptr from one snapshot to the next,
/// so views can diff by pointer. Pods map to their InferenceService by the
/// serving.kserve.io/inferenceservice label in the same namespace; pods that
/// arrive before their InferenceService wait and attach when it appears.
/// Not thread-safe: one thread applies batches and takes snapshots.
class DeploymentTracker
{
public:
    DeploymentTracker() = default;

    /// Applies one batch of kind InferenceService, Pod or LocalModelCache; other kinds are ignored.
    void apply(const kube::ChangeBatch &batch);
    /// Replaces the serving figures: each ReplicaReading joins the replica with
    /// its pod's namespace/name; replicas without one lose their figures.
    void applyReadings(const metrics::Readings &readings);

    /// True when something changed since the last snapshot().
    bool dirty() const;
    /// The deployments now; the same pointer again while nothing changed.
    std::shared_ptr<const DeploymentsSnapshot> snapshot();

private:
    using Key = std::pair<std::string, std::string>; ///< namespace, name

    struct Entry
    {
        kube::CompactPtr service;                      ///< nullptr while only its pods are known
        std::map<std::string, kube::CompactPtr> pods;  ///< by pod key
        std::shared_ptr<const Deployment> deployment;  ///< the last build
    };

    void applyService(const kube::CompactPtr &object, bool deleted);
    void applyPod(const kube::CompactPtr &object, bool deleted);
    void applyCache(const kube::CompactPtr &object, bool deleted);
    void detachPod(const std::string &podKey);
    void markServicesUsing(const std::string &storageUri);
    std::shared_ptr<const Deployment> build(const Entry &entry) const;
    const kube::CompactLocalModelCache *cacheFor(const std::string &storageUri) const;

    std::map<Key, Entry> m_entries;
    /// Pod key ("uid", or "namespace/name" without one) → the entry it belongs to.
    std::unordered_map<std::string, Key> m_podOwner;
    /// Pod "namespace/name" → pod key, to join readings.
    std::unordered_map<std::string, std::string> m_podKeyByName;
    std::map<std::string, kube::CompactPtr> m_caches; ///< LocalModelCaches by uid (or name)
    std::unordered_map<std::string, metrics::ReplicaReading> m_readings; ///< by pod "namespace/name"
    std::set<Key> m_stale;
    std::shared_ptr<const DeploymentsSnapshot> m_snapshot;
    bool m_changed = true;
};

} // namespace gantry::fleet

#pragma once

#include "backend/kube/compactobjects.h"

#include <map>
#include <string>

namespace gantry::fleet {

/// What one pod adds to the pool view: GPUs held on a node, or GPUs asked for
/// while it waits to be scheduled. Compared as a whole, so pod updates that
/// change neither (most of them) cost nothing downstream.
struct PodContribution
{
    std::string key; ///< the uid, else "namespace/name"
    std::string namespaceName;
    std::string name;
    std::string inferenceService;
    std::string startTime; ///< orders placement on a node's GPUs
    double gpus = 0;       ///< the nvidia.com/gpu request; unreadable or negative reads as 0
    bool holding = false;  ///< bound to `node` and not finished
    std::string node;
    bool pending = false; ///< not bound, phase Pending
    std::map<std::string, std::string> nodeSelector; ///< only kept while pending

    /// True when the pod matters to the pool view at all.
    bool counts() const { return holding || pending; }
    /// Whole devices the pod occupies on its node.
    int devices() const;
    std::string qualifiedName() const { return namespaceName + "/" + name; }

    bool operator==(const PodContribution &) const = default;
};

PodContribution podContribution(const kube::CompactPod &pod);

/// The key objects are tracked by: the uid, else "namespace/name" for objects without one.
std::string objectKey(const kube::CompactMeta &meta);

} // namespace gantry::fleet

#pragma once

#include "backend/core/rfc3339.h"
#include "backend/kube/compactobjects.h"

#include <optional>
#include <string>
#include <vector>

namespace gantry::fleet {

struct NodeFacts;
struct VllmStartup;

/// One observed (or inferred) moment of a start and what it comes from.
struct TimelineMark
{
    std::optional<SystemTime> at;
    std::string evidence;
    bool inferred = false;

    explicit operator bool() const { return at.has_value(); }
};

/// Every moment of a start that the pod, its events, its node and its log reveal
/// (REFERENCE.md §7), before they are put in order. Missing marks stay empty.
struct PodEvidence
{
    std::optional<SystemTime> created;
    TimelineMark scaleUp;   ///< TriggeredScaleUp, else the node appearing after the pod (inferred)
    TimelineMark scheduled; ///< PodScheduled=True, else the Scheduled event
    bool downloads = false; ///< a storage-initializer or modelcar-init step applies
    std::string initContainer;
    TimelineMark downloadStart, downloadEnd;
    TimelineMark pullStart, pullEnd;
    std::string servingContainer;
    TimelineMark servingStart;
    TimelineMark weightsLoaded;
    TimelineMark ready;
    std::vector<std::string> notes;
};

/// Collects the evidence. `storageUri` says whether a download step applies when
/// the pod does not show its init container yet; `log` may be null.
PodEvidence gatherPodEvidence(const kube::CompactPod &pod, const std::vector<kube::CompactEvent> &events,
                              const std::optional<NodeFacts> &node, const VllmStartup *log,
                              const std::string &storageUri);

/// The serving container's name: kserve-container, else the first that is not a
/// known sidecar (queue-proxy, modelcar, agent, istio-proxy, …), else kserve-container.
std::string servingContainerOf(const kube::CompactPod &pod);

} // namespace gantry::fleet

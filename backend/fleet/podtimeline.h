#pragma once

#include "backend/fleet/coldstart.h"
#include "backend/kube/compactobjects.h"

#include <optional>
#include <string>
#include <vector>

namespace gantry::fleet {

struct NodeFacts;
struct VllmStartup;

/// What a start's timeline needs beyond the pod, its events, its node and its log.
struct TimelineContext
{
    /// The InferenceService's storageUri (it is on the service, not the pod).
    std::string storageUri;
    /// Node-local copies of models known so far (any node; the pod's node is picked out).
    std::vector<WarmCache> warmCaches;
};

/// Derives one replica start (DESIGN.md §4) from Kubernetes evidence: the pod's
/// creation, PodScheduled and Ready conditions, its FailedScheduling /
/// TriggeredScaleUp / Pulling / Pulled events, its init container
/// (storage-initializer or modelcar-init) and serving container times, the
/// node's creation, and the vLLM log markers when `log` is given.
/// Pure: same inputs, same result. Phases not yet reached are absent; the phase
/// in progress has no end. A boundary nobody recorded merges its two neighbours
/// into one inferred span; an end before its start (clock skew) is clamped and noted.
ColdStart deriveColdStart(const kube::CompactPod &pod, const std::vector<kube::CompactEvent> &podEvents,
                          const std::optional<NodeFacts> &node, const VllmStartup *log,
                          const TimelineContext &context = {});

} // namespace gantry::fleet

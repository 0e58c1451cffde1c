#pragma once

#include "backend/core/rfc3339.h"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gantry::fleet {

/// The phases of a replica start (DESIGN.md §4), in the order a start goes through them.
enum class ColdStartPhase { WaitingForCapacity, NodeProvisioning, ImagePull, ModelDownload, WeightLoad, EngineWarmup, Ready };

/// "waiting for capacity", "node provisioning", "image pull", "model download",
/// "weight load", "engine warm-up", "ready".
const char *coldStartPhaseName(ColdStartPhase phase);

/// One bar of a timeline. When evidence between two phases is missing the
/// phases merge: the span then runs from `phase` through `lastPhase` and is inferred.
struct PhaseSpan
{
    ColdStartPhase phase = ColdStartPhase::WaitingForCapacity;
    SystemTime start;
    std::optional<SystemTime> end; ///< nullopt while the phase is in progress (and for Ready)
    bool inferred = false;         ///< a boundary was not observed but taken from a neighbour
    /// What the boundaries come from, e.g. "event Pulling → event Pulled",
    /// "initContainerStatuses storage-initializer", "log: Loading weights took".
    std::string evidence;
    ColdStartPhase lastPhase = ColdStartPhase::WaitingForCapacity; ///< == phase unless merged

    bool merged() const { return lastPhase != phase; }
    /// end − start in seconds; 0 while open.
    double seconds() const;
};

/// One replica (pod) start, from creation to Ready.
struct ColdStart
{
    std::string podNamespace, podName, podUid, inferenceService, node;
    /// "hub", "object store", "shared volume", "OCI image", "node cache" or "unknown"
    /// (the words of fleet::weightSourceName).
    std::string weightSource;
    SystemTime created;
    std::optional<SystemTime> ready;
    std::vector<PhaseSpan> phases; ///< chronological, never overlapping
    bool complete = false;         ///< Ready was reached
    bool fromLog = false;          ///< vLLM log lines placed a boundary
    /// Why parts are missing or adjusted (clock skew clamped, restarts, failed downloads …).
    std::vector<std::string> notes;

    /// Seconds from creation to Ready, or to `now` while in progress (never negative).
    double totalSeconds(SystemTime now) const;
    /// The span of `phase` that is not merged with another, if any.
    const PhaseSpan *span(ColdStartPhase phase) const;
};

/// Figures over a set of durations, in seconds.
struct PhaseStats
{
    std::size_t count = 0;
    double p50 = 0, p95 = 0, max = 0;
};

/// Statistics of the starts of one InferenceService (or, with empty names, of the whole fleet).
struct ColdStartStats
{
    std::string inferenceService, namespaceName;
    std::size_t count = 0; ///< completed starts in the window
    PhaseStats total;
    /// Per phase, over the spans that are not merged (merged bars would blur both phases).
    std::map<ColdStartPhase, PhaseStats> phases;
    /// Total start time by where the weights came from: the comparison operators need.
    std::map<std::string, PhaseStats> totalByWeightSource;
};

/// A node that holds a model's weights locally.
struct WarmCache
{
    std::string node, modelUri;
    std::string via; ///< "prewarm job <name>", "LocalModelCache <name>" or "earlier load by <pod>"
    SystemTime since;
};

/// Everything the cold-start views show, immutable once published.
struct ColdStartsSnapshot
{
    std::vector<std::shared_ptr<const ColdStart>> starts; ///< by creation time
    std::vector<ColdStartStats> stats; ///< the fleet first (empty names), then per service by namespace/name
    std::vector<WarmCache> warmCaches; ///< by node, then model
};

} // namespace gantry::fleet

#pragma once

// Cold-start snapshots for the widget tests, filled by hand the way the
// ColdStartTracker fills them, with statistics from the backend's own function.

#include "backend/core/rfc3339.h"
#include "backend/fleet/coldstart.h"
#include "backend/fleet/coldstartstats.h"
#include "backend/fleet/fleet.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gantry::test {

using fleet::ColdStartPhase;

inline SystemTime clusterTime(double secondsAfterStart)
{
    static const SystemTime origin = *parseRfc3339("2026-11-23T14:00:00Z");
    return origin + std::chrono::duration_cast<SystemTime::duration>(std::chrono::duration<double>(secondsAfterStart));
}

/// One phase of a start, laid end to end with the previous one.
struct Step
{
    ColdStartPhase phase;
    double seconds; ///< negative: still running
    std::string evidence;
    bool inferred = false;
    std::optional<ColdStartPhase> lastPhase = {}; ///< set for a merged span
};

struct StartSpec
{
    std::string service, pod, uid, node, source;
    std::string podNamespace = "llm-serving";
    double created = 0; ///< seconds after 14:00:00Z
    std::vector<Step> steps;
    std::vector<std::string> notes = {};
};

/// A start from its phases; complete unless a step is still running.
inline std::shared_ptr<fleet::ColdStart> makeStart(const StartSpec &spec)
{
    auto start = std::make_shared<fleet::ColdStart>();
    start->podNamespace = spec.podNamespace;
    start->podName = spec.pod;
    start->podUid = spec.uid;
    start->inferenceService = spec.service;
    start->node = spec.node;
    start->weightSource = spec.source;
    start->created = clusterTime(spec.created);
    start->notes = spec.notes;
    double cursor = spec.created;
    bool open = false;
    for (const Step &step : spec.steps) {
        fleet::PhaseSpan span;
        span.phase = step.phase;
        span.lastPhase = step.lastPhase.value_or(step.phase);
        span.inferred = step.inferred;
        span.evidence = step.evidence;
        span.start = clusterTime(cursor);
        if (step.seconds >= 0) {
            cursor += step.seconds;
            span.end = clusterTime(cursor);
        } else {
            open = true;
        }
        start->phases.push_back(span);
    }
    if (!open) {
        fleet::PhaseSpan ready;
        ready.phase = ready.lastPhase = ColdStartPhase::Ready;
        ready.start = clusterTime(cursor);
        ready.evidence = "condition Ready";
        start->phases.push_back(ready);
        start->ready = clusterTime(cursor);
        start->complete = true;
    }
    return start;
}

inline std::shared_ptr<fleet::ColdStartsSnapshot> coldStartsOf(std::vector<std::shared_ptr<fleet::ColdStart>> starts, SystemTime at)
{
    std::stable_sort(starts.begin(), starts.end(), [](const auto &a, const auto &b) { return a->created < b->created; });
    auto snapshot = std::make_shared<fleet::ColdStartsSnapshot>();
    for (auto &start : starts)
        snapshot->starts.push_back(start);
    snapshot->stats = fleet::coldStartStats(snapshot->starts, at, std::chrono::hours(6));
    return snapshot;
}

inline std::shared_ptr<fleet::FleetSnapshot> fleetOf(std::shared_ptr<const fleet::ColdStartsSnapshot> coldStarts, SystemTime at,
                                                     std::uint64_t generation = 1)
{
    auto snapshot = std::make_shared<fleet::FleetSnapshot>();
    snapshot->generation = generation;
    snapshot->at = at;
    snapshot->coldStarts = std::move(coldStarts);
    return snapshot;
}

/// The morning of a scale-up, 42 minutes in: two chat replicas pull 16 GB from the
/// hub over a shared 1 Gb/s link (~20 min each), two more come up from the node
/// cache in under two minutes, mistral loads from S3 and has a hub start in
/// progress, reasoning reads 141 GB from a shared volume, qwen ships as an OCI
/// image, and one qwen start lost its pull events (an inferred, merged span).
inline std::vector<std::shared_ptr<fleet::ColdStart>> realisticStarts()
{
    const std::string scheduled = "event FailedScheduling → condition PodScheduled";
    const std::string pulled = "event Pulling → event Pulled";
    const std::string initContainer = "initContainerStatuses storage-initializer";
    const std::string weights = "container kserve-container started → log: Loading weights took";
    const std::string warmup = "log: Loading weights took → condition Ready";
    const std::string scaleUp = "event TriggeredScaleUp → node Ready";
    return {
        makeStart({"chat", "chat-predictor-6f8d9c7b5-k2x9q", "uid-chat-1", "gpu-a100-03", "hub", "llm-serving", 0,
                   {{ColdStartPhase::WaitingForCapacity, 4, scheduled},
                    {ColdStartPhase::ImagePull, 66, pulled},
                    {ColdStartPhase::ModelDownload, 1220, initContainer},
                    {ColdStartPhase::WeightLoad, 41, weights},
                    {ColdStartPhase::EngineWarmup, 54, warmup}}}),
        makeStart({"chat", "chat-predictor-6f8d9c7b5-w7m4t", "uid-chat-2", "gpu-a100-07", "hub", "llm-serving", 30,
                   {{ColdStartPhase::WaitingForCapacity, 18, scheduled},
                    {ColdStartPhase::NodeProvisioning, 272, scaleUp},
                    {ColdStartPhase::ImagePull, 64, pulled},
                    {ColdStartPhase::ModelDownload, 1195, initContainer},
                    {ColdStartPhase::WeightLoad, 39, weights},
                    {ColdStartPhase::EngineWarmup, 51, warmup}}}),
        makeStart({"reasoning", "reasoning-predictor-5b7c8d9f6-q4n8r", "uid-reasoning-1", "gpu-h100-02", "shared volume", "research", 120,
                   {{ColdStartPhase::WaitingForCapacity, 12, scheduled},
                    {ColdStartPhase::NodeProvisioning, 348, scaleUp},
                    {ColdStartPhase::ImagePull, 71, pulled},
                    {ColdStartPhase::WeightLoad, 545, weights},
                    {ColdStartPhase::EngineWarmup, 152, warmup}}}),
        makeStart({"mistral", "mistral-predictor-7d6c5b4a3-h5j2k", "uid-mistral-1", "gpu-a100-05", "object store", "llm-serving", 300,
                   {{ColdStartPhase::WaitingForCapacity, 3, scheduled},
                    {ColdStartPhase::ImagePull, 61, pulled},
                    {ColdStartPhase::ModelDownload, 242, initContainer},
                    {ColdStartPhase::WeightLoad, 36, weights},
                    {ColdStartPhase::EngineWarmup, 48, warmup}}}),
        makeStart({"qwen", "qwen-predictor-8e9f0a1b2-c3d4e", "uid-qwen-1", "gpu-l40s-01", "OCI image", "llm-serving", 480,
                   {{ColdStartPhase::WaitingForCapacity, 3, scheduled},
                    {ColdStartPhase::ImagePull, 418, pulled},
                    {ColdStartPhase::WeightLoad, 58, weights},
                    {ColdStartPhase::EngineWarmup, 44, warmup}}}),
        makeStart({"qwen", "qwen-predictor-8e9f0a1b2-f5g6h", "uid-qwen-2", "gpu-l40s-02", "OCI image", "llm-serving", 720,
                   {{ColdStartPhase::WaitingForCapacity, 4, scheduled},
                    {ColdStartPhase::ImagePull, 502, "condition PodScheduled → log: Loading weights took", true, ColdStartPhase::WeightLoad},
                    {ColdStartPhase::EngineWarmup, 49, warmup}},
                   {"Pulling and Pulled events expired before they were seen; image pull and weight load are merged"}}),
        makeStart({"chat", "chat-predictor-6f8d9c7b5-p3z8v", "uid-chat-3", "gpu-a100-03", "node cache", "llm-serving", 1800,
                   {{ColdStartPhase::WaitingForCapacity, 2, scheduled},
                    {ColdStartPhase::ImagePull, 1, "event Pulled (already present)"},
                    {ColdStartPhase::WeightLoad, 52, weights},
                    {ColdStartPhase::EngineWarmup, 45, warmup}}}),
        makeStart({"chat", "chat-predictor-6f8d9c7b5-r9c2d", "uid-chat-4", "gpu-a100-07", "node cache", "llm-serving", 1860,
                   {{ColdStartPhase::WaitingForCapacity, 3, scheduled},
                    {ColdStartPhase::ImagePull, 1, "event Pulled (already present)"},
                    {ColdStartPhase::WeightLoad, 27, weights},
                    {ColdStartPhase::EngineWarmup, 41, warmup}}}),
        makeStart({"mistral", "mistral-predictor-7d6c5b4a3-n8m1x", "uid-mistral-2", "gpu-a100-08", "hub", "llm-serving", 2160,
                   {{ColdStartPhase::WaitingForCapacity, 5, scheduled},
                    {ColdStartPhase::ImagePull, 52, pulled},
                    {ColdStartPhase::ModelDownload, -1, initContainer}}}),
    };
}

/// 14:42:00Z, six minutes into the mistral hub download.
inline SystemTime realisticNow()
{
    return clusterTime(42 * 60);
}

inline std::shared_ptr<fleet::FleetSnapshot> realisticSnapshot()
{
    return fleetOf(coldStartsOf(realisticStarts(), realisticNow()), realisticNow());
}

} // namespace gantry::test

#include "backend/fleet/podtimeline.h"

#include "backend/fleet/nodefacts.h"
#include "backend/fleet/podevidence.h"
#include "backend/fleet/vllmlogparser.h"
#include "backend/fleet/weightsourceevidence.h"

#include <cmath>

namespace gantry::fleet {

namespace {

struct Slot
{
    ColdStartPhase phase;
    TimelineMark start, end;
};

std::vector<Slot> slotsOf(const PodEvidence &evidence, const TimelineMark &created)
{
    std::vector<Slot> slots;
    const bool provisioning = static_cast<bool>(evidence.scaleUp);
    slots.push_back({ColdStartPhase::WaitingForCapacity, created, provisioning ? evidence.scaleUp : evidence.scheduled});
    if (provisioning)
        slots.push_back({ColdStartPhase::NodeProvisioning, evidence.scaleUp, evidence.scheduled});
    // Kubelet runs init containers to completion before it pulls the serving image.
    if (evidence.downloads)
        slots.push_back({ColdStartPhase::ModelDownload, evidence.downloadStart, evidence.downloadEnd});
    slots.push_back({ColdStartPhase::ImagePull, evidence.pullStart, evidence.pullEnd});
    slots.push_back({ColdStartPhase::WeightLoad, evidence.servingStart, evidence.weightsLoaded});
    slots.push_back({ColdStartPhase::EngineWarmup, evidence.weightsLoaded, evidence.ready});
    slots.push_back({ColdStartPhase::Ready, evidence.ready, {}});
    // Phases after the last one with any evidence have not been reached yet.
    std::size_t reached = 0;
    for (std::size_t i = 0; i < slots.size(); ++i) {
        if (slots[i].start || slots[i].end)
            reached = i + 1;
    }
    slots.resize(reached);
    return slots;
}

std::string joined(const std::string &from, const std::string &to)
{
    if (to.empty() || from == to)
        return from;
    return from + " → " + to;
}

// Puts the marks in phase order; missing boundaries are taken from neighbours.
std::vector<PhaseSpan> assemble(const std::vector<Slot> &slots)
{
    std::vector<PhaseSpan> spans;
    for (const Slot &slot : slots) {
        if (!spans.empty() && !spans.back().end && slot.phase != ColdStartPhase::Ready) {
            PhaseSpan &previous = spans.back();
            if (!slot.start) {
                // Nothing marks where the previous phase ended and this one began: one bar for both.
                previous.lastPhase = slot.phase;
                previous.inferred = true;
                previous.end = slot.end.at;
                previous.evidence = joined(previous.evidence, slot.end.evidence);
                continue;
            }
            previous.end = slot.start.at;
            previous.inferred = true;
            previous.evidence = joined(previous.evidence, slot.start.evidence + " (next phase)");
        }
        PhaseSpan span;
        span.phase = slot.phase;
        span.lastPhase = slot.phase;
        if (slot.start) {
            span.start = *slot.start.at;
            span.inferred = slot.start.inferred || slot.end.inferred;
            span.evidence = slot.start.evidence;
        } else if (!spans.empty() && spans.back().end) {
            // The previous phase's end is this one's start.
            span.start = *spans.back().end;
            span.inferred = true;
            span.evidence = "end of " + std::string(coldStartPhaseName(spans.back().lastPhase));
        } else {
            continue; // cannot happen: the first slot always starts at creation
        }
        if (slot.phase == ColdStartPhase::Ready) {
            if (!spans.empty() && !spans.back().end)
                spans.back().end = span.start;
            spans.push_back(std::move(span));
            continue;
        }
        span.end = slot.end.at;
        span.evidence = joined(span.evidence, slot.end.evidence);
        spans.push_back(std::move(span));
    }
    return spans;
}

std::string skewText(SystemTime later, SystemTime earlier)
{
    const double seconds = std::chrono::duration<double>(later - earlier).count();
    return std::to_string(static_cast<long long>(std::llround(seconds))) + " s";
}

// Spans never run backwards or overlap: a boundary before the one it follows is clamped.
void clampSkew(ColdStart &start)
{
    SystemTime cursor = start.created;
    ColdStartPhase previous = ColdStartPhase::WaitingForCapacity;
    bool first = true;
    for (PhaseSpan &span : start.phases) {
        if (span.start < cursor) {
            start.notes.push_back("clock skew: " + std::string(coldStartPhaseName(span.phase)) + " starts "
                                  + skewText(cursor, span.start) + " before "
                                  + (first ? std::string("the pod was created") : "the end of " + std::string(coldStartPhaseName(previous)))
                                  + "; clamped");
            span.start = cursor;
        }
        if (span.end && *span.end < span.start) {
            start.notes.push_back("clock skew: " + std::string(coldStartPhaseName(span.lastPhase)) + " ends "
                                  + skewText(span.start, *span.end) + " before it starts; clamped");
            span.end = span.start;
        }
        cursor = span.end ? *span.end : span.start;
        previous = span.lastPhase;
        first = false;
    }
    if (start.ready && !start.phases.empty() && start.phases.back().phase == ColdStartPhase::Ready)
        start.ready = start.phases.back().start;
}

} // namespace

ColdStart deriveColdStart(const kube::CompactPod &pod, const std::vector<kube::CompactEvent> &podEvents,
                          const std::optional<NodeFacts> &node, const VllmStartup *log, const TimelineContext &context)
{
    PodEvidence evidence = gatherPodEvidence(pod, podEvents, node, log, context.storageUri);
    ColdStart start;
    start.podNamespace = pod.meta.namespaceName;
    start.podName = pod.meta.name;
    start.podUid = pod.meta.uid;
    start.inferenceService = pod.inferenceService;
    start.node = pod.nodeName;
    start.notes = std::move(evidence.notes);

    TimelineMark created{evidence.created, "pod creationTimestamp", false};
    if (!created) {
        // Without a creation time the earliest thing seen stands in for it.
        for (const TimelineMark *mark : {&evidence.scaleUp, &evidence.scheduled, &evidence.downloadStart,
                                         &evidence.pullStart, &evidence.servingStart, &evidence.ready}) {
            if (*mark && (!created.at || *mark->at < *created.at))
                created = TimelineMark{mark->at, "earliest evidence", true};
        }
        start.notes.push_back("no readable creationTimestamp");
    }
    if (!created)
        return start; // nothing at all to place on a time axis
    start.created = *created.at;
    start.phases = assemble(slotsOf(evidence, created));
    if (evidence.ready) {
        start.ready = evidence.ready.at;
        start.complete = true;
    }
    start.fromLog = (evidence.weightsLoaded && evidence.weightsLoaded.evidence.starts_with("log:"))
        || (evidence.ready && evidence.ready.evidence.starts_with("log:"));
    clampSkew(start);

    // Where the weights came from, as of when the pod began fetching them.
    std::optional<SystemTime> reference;
    if (const PhaseSpan *download = start.span(ColdStartPhase::ModelDownload))
        reference = download->start;
    else if (evidence.servingStart)
        reference = evidence.servingStart.at;
    else
        reference = evidence.scheduled.at;
    const WeightSourceDecision decision = decideWeightSource(context.storageUri, pod.localModel, pod.nodeName, reference,
                                                             context.warmCaches, pod.meta.name);
    start.weightSource = decision.source;
    if (decision.source == "node cache")
        start.notes.push_back("weights from the node cache: " + decision.evidence);
    return start;
}

} // namespace gantry::fleet

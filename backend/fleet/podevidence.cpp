#include "backend/fleet/podevidence.h"

#include "backend/fleet/kubeletmessages.h"
#include "backend/fleet/nodefacts.h"
#include "backend/fleet/vllmlogparser.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace gantry::fleet {

namespace {

constexpr std::string_view servingName = "kserve-container";
constexpr std::array<std::string_view, 7> sidecars = {"queue-proxy", "modelcar", "agent", "istio-proxy",
                                                      "linkerd-proxy", "kserve-agent", "router"};

// "spec.containers{name}" or "spec.initContainers{name}" → name.
std::string containerOfFieldPath(const std::string &fieldPath)
{
    const std::size_t open = fieldPath.find('{');
    const std::size_t close = fieldPath.rfind('}');
    if (open == std::string::npos || close == std::string::npos || close < open)
        return {};
    return fieldPath.substr(open + 1, close - open - 1);
}

std::optional<SystemTime> timeOf(const std::string &text)
{
    return text.empty() ? std::nullopt : parseRfc3339(text);
}

TimelineMark mark(std::optional<SystemTime> at, std::string evidence, bool inferred = false)
{
    if (!at)
        return {};
    return TimelineMark{at, std::move(evidence), inferred};
}

// The earliest event of `reason` for `container` ("" = any container, or an event without a fieldPath).
const kube::CompactEvent *earliest(const std::vector<kube::CompactEvent> &events, std::string_view reason,
                                   const std::string &container, bool allowUnattributed)
{
    const kube::CompactEvent *best = nullptr;
    std::optional<SystemTime> bestTime;
    for (const kube::CompactEvent &event : events) {
        if (event.reason != reason)
            continue;
        const std::string of = containerOfFieldPath(event.involvedFieldPath);
        if (!container.empty() && of != container && !(allowUnattributed && of.empty()))
            continue;
        const auto time = timeOf(event.timestamp);
        if (!time)
            continue;
        if (!best || *time < *bestTime) {
            best = &event;
            bestTime = time;
        }
    }
    return best;
}

const kube::CompactContainerState *findContainer(const std::vector<kube::CompactContainerState> &states,
                                                 std::string_view name)
{
    for (const kube::CompactContainerState &state : states) {
        if (state.name == name)
            return &state;
    }
    return nullptr;
}

bool uriNeedsDownload(const std::string &uri)
{
    if (uri.empty())
        return false;
    return !uri.starts_with("pvc://");
}

std::string seconds(double value)
{
    return std::to_string(static_cast<long long>(std::llround(value))) + " s";
}

void gatherScheduling(PodEvidence &evidence, const kube::CompactPod &pod, const std::vector<kube::CompactEvent> &events,
                      const std::optional<NodeFacts> &node)
{
    if (const auto it = pod.conditions.find("PodScheduled"); it != pod.conditions.end() && it->second.status == "True")
        evidence.scheduled = mark(timeOf(it->second.lastTransitionTime), "PodScheduled condition");
    if (!evidence.scheduled) {
        if (const kube::CompactEvent *event = earliest(events, "Scheduled", {}, true))
            evidence.scheduled = mark(timeOf(event->timestamp), "event Scheduled");
    }
    if (const kube::CompactEvent *event = earliest(events, "TriggeredScaleUp", {}, true)) {
        const auto at = timeOf(event->timestamp);
        const bool nodeOlder = node && node->createdAt && at && *node->createdAt < *at - std::chrono::seconds(1);
        if (nodeOlder) {
            evidence.notes.push_back("scale-up triggered, but the pod went to " + node->name + ", which existed before it");
        } else {
            evidence.scaleUp = mark(at, "event TriggeredScaleUp");
            for (const ScaleUpGroup &group : parseScaleUpMessage(event->message))
                evidence.notes.push_back("node group " + group.group + " grew " + std::to_string(group.from) + "→"
                                         + std::to_string(group.to) + " (max " + std::to_string(group.max) + ")");
        }
    } else if (node && node->createdAt && evidence.created && evidence.scheduled && *node->createdAt > *evidence.created
               && *node->createdAt < *evidence.scheduled.at) {
        // The scale-up event expired (or another pod triggered it): the node's birth shows it.
        evidence.scaleUp = mark(node->createdAt, "node " + node->name + " creationTimestamp", true);
    }
}

void gatherDownload(PodEvidence &evidence, const kube::CompactPod &pod, const std::vector<kube::CompactEvent> &events,
                    const VllmStartup *log, const std::string &storageUri)
{
    const kube::CompactContainerState *init = findContainer(pod.initContainers, "storage-initializer");
    if (!init)
        init = findContainer(pod.initContainers, "modelcar-init");
    evidence.initContainer = init ? init->name : std::string();
    evidence.downloads = init || uriNeedsDownload(storageUri);
    if (!evidence.downloads)
        return;
    const std::string source = init ? "initContainerStatuses " + init->name : std::string();
    if (init) {
        evidence.downloadStart = mark(timeOf(init->startedAt), source);
        if (init->state == "terminated" && init->exitCode.value_or(-1) == 0)
            evidence.downloadEnd = mark(timeOf(init->finishedAt), source);
        else if (init->state == "terminated")
            evidence.notes.push_back(init->name + " ended with exit code "
                                     + (init->exitCode ? std::to_string(*init->exitCode) : std::string("?"))
                                     + (init->reason.empty() ? "" : " (" + init->reason + ")"));
        if (init->restartCount > 0)
            evidence.notes.push_back(init->name + " restarted " + std::to_string(init->restartCount)
                                     + " times; the download is measured from its latest start");
    }
    // A modelcar's download is the pull of the model image for its init container.
    if (evidence.initContainer == "modelcar-init") {
        if (const kube::CompactEvent *pulling = earliest(events, "Pulling", "modelcar-init", false)) {
            const auto at = timeOf(pulling->timestamp);
            if (at && (!evidence.downloadStart || *at < *evidence.downloadStart.at))
                evidence.downloadStart = mark(at, "event Pulling modelcar-init");
        }
        if (!evidence.downloadEnd) {
            if (const kube::CompactEvent *pulled = earliest(events, "Pulled", "modelcar-init", false))
                evidence.downloadEnd = mark(timeOf(pulled->timestamp), "event Pulled modelcar-init");
        }
    }
    if (log && !evidence.downloadStart && log->storageInitializing)
        evidence.downloadStart = mark(log->storageInitializing->at, "log: storage-initializer Initializing");
    if (log && !evidence.downloadEnd && log->storageDownloaded)
        evidence.downloadEnd = mark(log->storageDownloaded->at, "log: Model downloaded in");
}

void gatherPull(PodEvidence &evidence, const std::vector<kube::CompactEvent> &events)
{
    const std::string &serving = evidence.servingContainer;
    const kube::CompactEvent *pulled = earliest(events, "Pulled", serving, true);
    const kube::CompactEvent *pulling = earliest(events, "Pulling", serving, true);
    const auto pulledAt = pulled ? timeOf(pulled->timestamp) : std::nullopt;
    const auto pullingAt = pulling ? timeOf(pulling->timestamp) : std::nullopt;
    if (pulledAt) {
        const PulledMessage message = parsePulledMessage(pulled->message);
        evidence.pullEnd = mark(pulledAt, "event Pulled");
        if (message.alreadyPresent) {
            evidence.pullStart = mark(pulledAt, "event Pulled (image already present)");
            evidence.pullEnd.evidence = evidence.pullStart.evidence;
        } else if (pullingAt && *pullingAt <= *pulledAt) {
            evidence.pullStart = mark(pullingAt, "event Pulling");
        } else if (const auto took = message.secondsIncludingWaiting ? message.secondsIncludingWaiting : message.seconds) {
            evidence.pullStart = mark(*pulledAt - std::chrono::duration_cast<SystemTime::duration>(std::chrono::duration<double>(*took)),
                                      "event Pulled message (" + seconds(*took) + ")");
        }
    } else if (pullingAt) {
        evidence.pullStart = mark(pullingAt, "event Pulling");
    }
    for (const char *failure : {"Failed", "ErrImagePull", "BackOff"}) {
        if (const kube::CompactEvent *event = earliest(events, failure, serving, true))
            evidence.notes.push_back(std::string("event ") + failure + ": " + event->message);
    }
}

void gatherServing(PodEvidence &evidence, const kube::CompactPod &pod, const std::vector<kube::CompactEvent> &events,
                   const VllmStartup *log)
{
    const std::string &serving = evidence.servingContainer;
    if (const kube::CompactContainerState *state = findContainer(pod.containers, serving)) {
        evidence.servingStart = mark(timeOf(state->startedAt), "containerStatuses " + serving);
        if (state->restartCount > 0)
            evidence.notes.push_back(serving + " restarted " + std::to_string(state->restartCount)
                                     + " times; the weight load is measured from its latest start");
    }
    if (!evidence.servingStart) {
        if (const kube::CompactEvent *started = earliest(events, "Started", serving, false))
            evidence.servingStart = mark(timeOf(started->timestamp), "event Started");
    }
    if (log && !evidence.servingStart && log->firstTimestamp)
        evidence.servingStart = mark(log->firstTimestamp, "log: first line");
    if (log) {
        if (log->weightsLoaded)
            evidence.weightsLoaded = mark(log->weightsLoaded->at, "log: Loading weights took");
        else if (log->modelLoaded)
            evidence.weightsLoaded = mark(log->modelLoaded->at, "log: Model loading took");
    }
    if (const auto it = pod.conditions.find("Ready"); it != pod.conditions.end() && it->second.status == "True")
        evidence.ready = mark(timeOf(it->second.lastTransitionTime), "Ready condition");
    if (!evidence.ready) {
        if (const auto it = pod.conditions.find("ContainersReady"); it != pod.conditions.end() && it->second.status == "True")
            evidence.ready = mark(timeOf(it->second.lastTransitionTime), "ContainersReady condition");
    }
    if (!evidence.ready && log && log->applicationStartup && log->applicationStartup->at)
        evidence.ready = mark(log->applicationStartup->at, "log: Application startup complete.", true);
}

} // namespace

std::string servingContainerOf(const kube::CompactPod &pod)
{
    if (findContainer(pod.containers, servingName))
        return std::string(servingName);
    for (const kube::CompactContainerState &state : pod.containers) {
        if (std::find(sidecars.begin(), sidecars.end(), state.name) == sidecars.end())
            return state.name;
    }
    return std::string(servingName);
}

PodEvidence gatherPodEvidence(const kube::CompactPod &pod, const std::vector<kube::CompactEvent> &events,
                              const std::optional<NodeFacts> &node, const VllmStartup *log,
                              const std::string &storageUri)
{
    PodEvidence evidence;
    evidence.created = timeOf(pod.meta.creationTimestamp);
    evidence.servingContainer = servingContainerOf(pod);
    gatherScheduling(evidence, pod, events, node);
    gatherDownload(evidence, pod, events, log, storageUri);
    gatherPull(evidence, events);
    gatherServing(evidence, pod, events, log);
    return evidence;
}

} // namespace gantry::fleet

#include "backend/fleet/replicastate.h"

#include <algorithm>
#include <limits>

namespace gantry::fleet {

namespace {

// Waiting reasons of a normal start; any other waiting reason means trouble.
bool startingUp(const std::string &reason)
{
    return reason == "ContainerCreating" || reason == "PodInitializing";
}

bool conditionTrue(const kube::CompactPod &pod, const char *type)
{
    const auto found = pod.conditions.find(type);
    return found != pod.conditions.end() && found->second.status == "True";
}

// The first container, init containers before the others, for which `pick` gives a reason.
template<typename Pick>
std::string firstReason(const kube::CompactPod &pod, Pick pick)
{
    for (const auto *containers : {&pod.initContainers, &pod.containers}) {
        for (const kube::CompactContainerState &container : *containers) {
            if (std::string reason = pick(container, containers == &pod.initContainers); !reason.empty())
                return reason;
        }
    }
    return {};
}

} // namespace

std::string replicaStateReason(const kube::CompactPod &pod)
{
    if (conditionTrue(pod, "Ready"))
        return {};
    std::string reason = firstReason(pod, [](const kube::CompactContainerState &container, bool) {
        return container.state == "waiting" && !startingUp(container.reason) ? container.reason : std::string();
    });
    if (!reason.empty())
        return reason;
    reason = firstReason(pod, [](const kube::CompactContainerState &container, bool init) {
        if (container.state != "terminated")
            return std::string();
        // An init container that completed did its job; a serving container should not stop at all.
        const bool failed = container.exitCode.value_or(0) != 0 || container.reason != "Completed";
        if (init && !failed)
            return std::string();
        return container.reason.empty() ? std::string("Error") : container.reason;
    });
    if (!reason.empty())
        return reason;
    if (pod.phase == "Failed" || pod.phase == "Succeeded")
        return pod.phase;
    if (const auto scheduled = pod.conditions.find("PodScheduled");
        scheduled != pod.conditions.end() && scheduled->second.status == "False")
        return scheduled->second.reason.empty() ? std::string("Unschedulable") : scheduled->second.reason;
    reason = firstReason(pod, [](const kube::CompactContainerState &container, bool) {
        return container.state == "waiting" ? container.reason : std::string();
    });
    if (!reason.empty())
        return reason;
    if (const auto ready = pod.conditions.find("Ready"); ready != pod.conditions.end() && !ready->second.reason.empty())
        return ready->second.reason;
    // Running says nothing about serving: name what is missing instead.
    if (pod.phase == "Running")
        return "NotReady";
    return pod.phase.empty() ? std::string("Unknown") : pod.phase;
}

Replica deriveReplica(const kube::CompactPod &pod)
{
    Replica replica;
    replica.name = pod.meta.name;
    replica.namespaceName = pod.meta.namespaceName;
    replica.uid = pod.meta.uid;
    replica.node = pod.nodeName;
    replica.gpus = pod.gpuRequest;
    replica.phase = pod.phase;
    replica.ready = conditionTrue(pod, "Ready");
    // Summed wide and clamped: a garbage restartCount must not overflow.
    long long restarts = 0;
    for (const auto *containers : {&pod.initContainers, &pod.containers}) {
        for (const kube::CompactContainerState &container : *containers)
            restarts += std::max(container.restartCount, 0);
    }
    replica.restarts = static_cast<int>(std::min<long long>(restarts, std::numeric_limits<int>::max()));
    replica.createdAt = parseRfc3339(pod.meta.creationTimestamp);
    if (replica.ready)
        replica.readySince = parseRfc3339(pod.conditions.at("Ready").lastTransitionTime);
    replica.stateReason = replicaStateReason(pod);
    return replica;
}

} // namespace gantry::fleet

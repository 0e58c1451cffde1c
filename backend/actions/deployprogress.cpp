#include "backend/actions/deployprogress.h"

#include <algorithm>
#include <set>

namespace gantry::actions {

namespace {

// Waiting reasons a container does not recover from without a change.
const std::set<std::string> &stuckWaitingReasons()
{
    static const std::set<std::string> reasons = { "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
        "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError" };
    return reasons;
}

// Ready=False reasons from KServe and Knative that mean it gave up, not "still starting".
const std::set<std::string> &failedReadyReasons()
{
    static const std::set<std::string> reasons = { "RevisionFailed", "ProgressDeadlineExceeded", "ModelLoadFailed",
        "InvalidPredictorSpec", "NoSupportingRuntime", "RuntimeNotRecognized", "RuntimeDisabled", "ContainerMissing" };
    return reasons;
}

void checkContainers(const std::string &pod, const std::vector<kube::CompactContainerState> &containers, bool init,
    DeployProgress &progress)
{
    for (const kube::CompactContainerState &container : containers) {
        const bool stuck = container.state == "waiting" && stuckWaitingReasons().count(container.reason);
        // An init container (the storage-initializer) that exits non-zero stops the pod.
        const bool initFailed = init && container.state == "terminated" && container.exitCode.value_or(0) != 0;
        if (!stuck && !initFailed)
            continue;
        const std::string reason = container.reason.empty() ? "Error" : container.reason;
        progress.podProblems.push_back(pod + ": " + container.name + " " + reason);
        if (progress.state != DeployProgress::State::Failed) {
            progress.state = DeployProgress::State::Failed;
            progress.reason = reason;
            progress.message = "container " + container.name + " of " + pod + " is in " + reason;
        }
    }
}

} // namespace

const char *deployStateName(DeployProgress::State state)
{
    switch (state) {
    case DeployProgress::State::NotFound:
        return "not found";
    case DeployProgress::State::Pending:
        return "pending";
    case DeployProgress::State::Progressing:
        return "progressing";
    case DeployProgress::State::Ready:
        return "ready";
    case DeployProgress::State::Failed:
        return "failed";
    }
    return "unknown";
}

DeployProgress assessDeployment(const DeploySnapshot &snapshot)
{
    DeployProgress progress;
    if (!snapshot.service) {
        progress.state = DeployProgress::State::NotFound;
        progress.summary = "the InferenceService does not exist";
        return progress;
    }
    const kube::CompactInferenceService &service = *snapshot.service;
    progress.replicas = static_cast<int>(snapshot.pods.size());
    progress.state = snapshot.pods.empty() ? DeployProgress::State::Pending : DeployProgress::State::Progressing;

    for (const kube::CompactPod &pod : snapshot.pods) {
        const auto ready = pod.conditions.find("Ready");
        if (ready != pod.conditions.end() && ready->second.status == "True")
            ++progress.readyReplicas;
        checkContainers(pod.meta.name, pod.initContainers, true, progress);
        checkContainers(pod.meta.name, pod.containers, false, progress);
        const auto scheduled = pod.conditions.find("PodScheduled");
        if (scheduled != pod.conditions.end() && scheduled->second.status == "False") {
            progress.waitingForCapacity = true;
            std::string message = scheduled->second.reason;
            // The newest FailedScheduling event says why (e.g. "0/2 nodes are available: …").
            const kube::CompactEvent *latest = nullptr;
            for (const kube::CompactEvent &event : snapshot.events) {
                if (event.involvedName == pod.meta.name && event.reason == "FailedScheduling"
                    && (!latest || event.timestamp >= latest->timestamp))
                    latest = &event;
            }
            if (latest)
                message = latest->message;
            progress.podProblems.push_back(pod.meta.name + ": FailedScheduling: " + message);
            if (progress.reason.empty()) {
                progress.reason = "FailedScheduling";
                progress.message = message;
            }
        }
    }

    const auto ready = service.conditions.find("Ready");
    if (ready != service.conditions.end() && ready->second.status == "True") {
        progress.state = DeployProgress::State::Ready;
        progress.reason.clear();
        progress.message.clear();
    } else if (ready != service.conditions.end() && ready->second.status == "False"
        && progress.state != DeployProgress::State::Failed) {
        if (failedReadyReasons().count(ready->second.reason))
            progress.state = DeployProgress::State::Failed;
        if (progress.reason.empty() || progress.state == DeployProgress::State::Failed) {
            progress.reason = ready->second.reason;
            progress.message = snapshot.readyMessage.empty() ? ready->second.message : snapshot.readyMessage;
        }
    }

    std::string summary = std::string(deployStateName(progress.state)) + ": " + std::to_string(progress.readyReplicas)
        + "/" + std::to_string(progress.replicas) + " replicas ready";
    if (progress.state != DeployProgress::State::Ready && !progress.reason.empty())
        summary += "; " + progress.reason + (progress.message.empty() ? "" : ": " + progress.message);
    progress.summary = summary;
    return progress;
}

} // namespace gantry::actions

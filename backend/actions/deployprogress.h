#pragma once

#include "backend/kube/compactobjects.h"

#include <optional>
#include <string>
#include <vector>

namespace gantry::actions {

/// Where a new InferenceService stands on its way to Ready.
struct DeployProgress {
    enum class State {
        NotFound, ///< the service does not exist (yet, or any more)
        Pending, ///< exists, no replica and no verdict yet
        Progressing, ///< replicas are being scheduled, pulled, loaded
        Ready, ///< Ready=True
        Failed, ///< a replica cannot start (CrashLoopBackOff, image or model errors) or KServe gave up
    };
    State state = State::Pending;
    int replicas = 0;
    int readyReplicas = 0;
    bool waitingForCapacity = false; ///< a replica is unschedulable (FailedScheduling)
    std::string reason; ///< the failing or blocking reason: "CrashLoopBackOff", "RevisionMissing", …
    std::string message; ///< its message when known
    std::vector<std::string> podProblems; ///< "<pod>: <container> CrashLoopBackOff", "<pod>: FailedScheduling: …"
    std::string summary; ///< one line for a status bar

    /// Ready or Failed: following can stop.
    bool finished() const { return state == State::Ready || state == State::Failed; }
    bool operator==(const DeployProgress &) const = default;
};

/// What the assessment looks at, from the console's store or from the API.
struct DeploySnapshot {
    std::optional<kube::CompactInferenceService> service;
    /// The Ready condition's message; "" = take the compact condition's own.
    std::string readyMessage;
    std::vector<kube::CompactPod> pods; ///< the service's replicas
    std::vector<kube::CompactEvent> events; ///< events about those pods (FailedScheduling is read)
};

/// Judges a snapshot; pure, any thread.
DeployProgress assessDeployment(const DeploySnapshot &snapshot);

const char *deployStateName(DeployProgress::State state);

} // namespace gantry::actions

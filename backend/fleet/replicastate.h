#pragma once

#include "backend/fleet/deployment.h"
#include "backend/kube/compactobjects.h"

#include <string>

namespace gantry::fleet {

/// The replica a pod is: where it runs, whether it serves, how often it
/// restarted and, when it does not serve, why. The serving figures stay empty
/// (they come from metrics). Unreadable timestamps become nullopt.
Replica deriveReplica(const kube::CompactPod &pod);

/// Why `pod` is not serving, the most telling evidence first: a failing
/// container (CrashLoopBackOff, ImagePullBackOff, …), one that terminated
/// abnormally (OOMKilled, Error), a finished pod (its phase), the scheduler's
/// reason (Unschedulable), start-up (PodInitializing, ContainerCreating), then
/// the Ready condition's reason (ContainersNotReady), else "NotReady" for a
/// running pod and the phase for the others. "" when the pod is ready.
std::string replicaStateReason(const kube::CompactPod &pod);

} // namespace gantry::fleet

#include "backend/fleet/podcontribution.h"

#include "backend/fleet/gpuslots.h"
#include "backend/fleet/nodefacts.h"

#include <algorithm>
#include <cmath>

namespace gantry::fleet {

int PodContribution::devices() const
{
    // A fractional request still occupies a whole device (time-slicing advertises replicas as whole GPUs).
    return static_cast<int>(std::min<double>(std::ceil(gpus), GpuSlots::maxDevices));
}

PodContribution podContribution(const kube::CompactPod &pod)
{
    PodContribution contribution;
    contribution.key = objectKey(pod.meta);
    contribution.namespaceName = pod.meta.namespaceName;
    contribution.name = pod.meta.name;
    contribution.gpus = sanitizeGpuCount(pod.gpuRequest);
    if (contribution.gpus == 0)
        return contribution;
    contribution.inferenceService = pod.inferenceService;
    contribution.startTime = pod.startTime.empty() ? pod.meta.creationTimestamp : pod.startTime;
    const bool finished = pod.phase == "Succeeded" || pod.phase == "Failed";
    if (!pod.nodeName.empty()) {
        contribution.holding = !finished;
        contribution.node = contribution.holding ? pod.nodeName : std::string();
    } else if (pod.phase == "Pending") {
        contribution.pending = true;
        contribution.nodeSelector = pod.nodeSelector;
    }
    return contribution;
}

std::string objectKey(const kube::CompactMeta &meta)
{
    return meta.uid.empty() ? meta.namespaceName + "/" + meta.name : meta.uid;
}

} // namespace gantry::fleet

#include "widgets/models/deploymentrow.h"
#include "widgets/models/servingcolours.h"

#include "backend/fleet/coldstart.h"
#include "backend/fleet/fleet.h"
#include "backend/fleet/gpupool.h"

#include <tuple>
#include <unordered_map>

namespace gantry {

namespace {

std::string keyOf(const std::string &namespaceName, const std::string &name)
{
    return namespaceName + '/' + name;
}

struct GpuTally
{
    int found = 0;
    int reading = 0;
    double sum = 0;
};

/// GPU figures per deployment key. A GPU belongs to a deployment through its
/// pod's inferenceservice label, else through the pod being one of its replicas.
std::unordered_map<std::string, GpuTally> tallyGpus(const fleet::FleetSnapshot &snapshot)
{
    std::unordered_map<std::string, GpuTally> tallies;
    if (!snapshot.pools || !snapshot.deployments)
        return tallies;
    std::unordered_map<std::string, std::string> deploymentOfPod;
    for (const auto &deployment : snapshot.deployments->deployments) {
        for (const fleet::Replica &replica : deployment->replicas)
            deploymentOfPod.emplace(keyOf(replica.namespaceName, replica.name), keyOf(deployment->namespaceName, deployment->name));
    }
    for (const auto &pool : snapshot.pools->pools) {
        for (const auto &node : pool->nodes) {
            for (const fleet::Gpu &gpu : node->gpus) {
                if (gpu.podName.empty() && gpu.inferenceService.empty())
                    continue;
                std::string key;
                if (!gpu.inferenceService.empty()) {
                    key = keyOf(gpu.podNamespace, gpu.inferenceService);
                } else {
                    const auto it = deploymentOfPod.find(keyOf(gpu.podNamespace, gpu.podName));
                    if (it == deploymentOfPod.end())
                        continue;
                    key = it->second;
                }
                GpuTally &tally = tallies[key];
                ++tally.found;
                if (gpu.utilizationPercent) {
                    ++tally.reading;
                    tally.sum += *gpu.utilizationPercent;
                }
            }
        }
    }
    return tallies;
}

} // namespace

bool DeploymentRow::before(const DeploymentRow &other) const
{
    return std::tie(deployment->namespaceName, deployment->name)
           < std::tie(other.deployment->namespaceName, other.deployment->name);
}

bool DeploymentRow::sameAs(const DeploymentRow &other) const
{
    const bool sameDeployment = deployment == other.deployment || *deployment == *other.deployment;
    return sameDeployment && gpusFound == other.gpusFound && gpusReading == other.gpusReading
           && gpuUtilizationPercent == other.gpuUtilizationPercent && coldStartCreated == other.coldStartCreated
           && coldStartReady == other.coldStartReady && coldStartComplete == other.coldStartComplete
           && coldStartPod == other.coldStartPod && coldStartP95 == other.coldStartP95
           && coldStartCount == other.coldStartCount;
}

std::optional<double> DeploymentRow::coldStartSeconds(SystemTime now) const
{
    if (!coldStartCreated)
        return std::nullopt;
    const SystemTime end = coldStartReady ? *coldStartReady : now;
    const double seconds = std::chrono::duration<double>(end - *coldStartCreated).count();
    return seconds < 0 ? 0 : seconds;
}

std::vector<DeploymentRow> deploymentRows(const fleet::FleetSnapshot &snapshot)
{
    std::vector<DeploymentRow> rows;
    if (!snapshot.deployments)
        return rows;

    const auto gpus = tallyGpus(snapshot);

    std::unordered_map<std::string, const fleet::ColdStart *> lastStart;
    std::unordered_map<std::string, const fleet::ColdStartStats *> stats;
    if (snapshot.coldStarts) {
        // Starts are by creation time, so the last one seen per service is the most recent.
        for (const auto &start : snapshot.coldStarts->starts)
            lastStart[keyOf(start->podNamespace, start->inferenceService)] = start.get();
        for (const fleet::ColdStartStats &entry : snapshot.coldStarts->stats) {
            if (!entry.inferenceService.empty())
                stats[keyOf(entry.namespaceName, entry.inferenceService)] = &entry;
        }
    }

    rows.reserve(snapshot.deployments->deployments.size());
    for (const auto &deployment : snapshot.deployments->deployments) {
        DeploymentRow row;
        row.deployment = deployment;
        row.rowKey = keyOf(deployment->namespaceName, deployment->name);
        if (const auto it = gpus.find(row.rowKey); it != gpus.end()) {
            row.gpusFound = it->second.found;
            row.gpusReading = it->second.reading;
            if (it->second.reading > 0)
                row.gpuUtilizationPercent = it->second.sum / it->second.reading;
        }
        if (const auto it = lastStart.find(row.rowKey); it != lastStart.end()) {
            row.coldStartCreated = it->second->created;
            row.coldStartReady = it->second->ready;
            row.coldStartComplete = it->second->complete;
            row.coldStartPod = it->second->podName;
        }
        if (const auto it = stats.find(row.rowKey); it != stats.end() && it->second->count > 0) {
            row.coldStartP95 = it->second->total.p95;
            row.coldStartCount = it->second->count;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace gantry

namespace gantry {

bool isFailureReason(const std::string &reason)
{
    return reason == "CrashLoopBackOff" || reason == "ImagePullBackOff" || reason == "ErrImagePull"
           || reason == "OOMKilled" || reason == "Error" || reason == "Failed"
           || reason == "CreateContainerConfigError" || reason == "InvalidImageName";
}

int deploymentSeverity(const fleet::Deployment &deployment)
{
    using servingcolours::Severity;
    for (const fleet::Replica &replica : deployment.replicas) {
        if (isFailureReason(replica.stateReason))
            return static_cast<int>(Severity::Critical);
    }
    if (deployment.ready)
        return static_cast<int>(Severity::Good);
    if (!deployment.lastFailure.empty())
        return static_cast<int>(Severity::Critical);
    return static_cast<int>(Severity::Warning);
}

} // namespace gantry

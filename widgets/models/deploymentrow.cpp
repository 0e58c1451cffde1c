#include "widgets/models/deploymentrow.h"
#include "widgets/models/servingcolours.h"

#include "backend/fleet/coldstart.h"
#include "backend/fleet/fleet.h"
#include "backend/fleet/gpupool.h"

#include <functional>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace gantry {

namespace {

std::string keyOf(const std::string &namespaceName, const std::string &name)
{
    return namespaceName + '/' + name;
}

/// (namespace, name) pointing into the snapshot, so the joins below, run over
/// every GPU and every start of a large fleet per snapshot, allocate nothing per item.
using NameRef = std::pair<std::string_view, std::string_view>;

struct NameRefHash
{
    std::size_t operator()(const NameRef &ref) const
    {
        const std::size_t first = std::hash<std::string_view>{}(ref.first);
        return first ^ (std::hash<std::string_view>{}(ref.second) + 0x9e3779b97f4a7c15ull + (first << 6) + (first >> 2));
    }
};

template<typename Value>
using ByName = std::unordered_map<NameRef, Value, NameRefHash>;

struct GpuTally
{
    int found = 0;
    int reading = 0;
    double sum = 0;
};

/// GPU figures per deployment (namespace, name). A GPU belongs to a deployment
/// through its pod's inferenceservice label, else through the pod being one of
/// its replicas (that map is built only when some GPU lacks the label).
ByName<GpuTally> tallyGpus(const fleet::FleetSnapshot &snapshot)
{
    ByName<GpuTally> tallies;
    if (!snapshot.pools || !snapshot.deployments)
        return tallies;
    std::optional<ByName<NameRef>> deploymentOfPod;
    const auto ownerOf = [&](const fleet::Gpu &gpu) -> const NameRef * {
        if (!deploymentOfPod) {
            deploymentOfPod.emplace();
            for (const auto &deployment : snapshot.deployments->deployments) {
                for (const fleet::Replica &replica : deployment->replicas)
                    deploymentOfPod->emplace(NameRef(replica.namespaceName, replica.name),
                                             NameRef(deployment->namespaceName, deployment->name));
            }
        }
        const auto it = deploymentOfPod->find(NameRef(gpu.podNamespace, gpu.podName));
        return it == deploymentOfPod->end() ? nullptr : &it->second;
    };
    for (const auto &pool : snapshot.pools->pools) {
        for (const auto &node : pool->nodes) {
            for (const fleet::Gpu &gpu : node->gpus) {
                if (gpu.podName.empty() && gpu.inferenceService.empty())
                    continue;
                NameRef key(gpu.podNamespace, gpu.inferenceService);
                if (gpu.inferenceService.empty()) {
                    const NameRef *owner = ownerOf(gpu);
                    if (!owner)
                        continue;
                    key = *owner;
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

    ByName<const fleet::ColdStart *> lastStart;
    ByName<const fleet::ColdStartStats *> stats;
    if (snapshot.coldStarts) {
        // Starts are by creation time, so the last one seen per service is the most recent.
        lastStart.reserve(snapshot.deployments->deployments.size());
        for (const auto &start : snapshot.coldStarts->starts)
            lastStart[NameRef(start->podNamespace, start->inferenceService)] = start.get();
        for (const fleet::ColdStartStats &entry : snapshot.coldStarts->stats) {
            if (!entry.inferenceService.empty())
                stats[NameRef(entry.namespaceName, entry.inferenceService)] = &entry;
        }
    }

    rows.reserve(snapshot.deployments->deployments.size());
    for (const auto &deployment : snapshot.deployments->deployments) {
        DeploymentRow row;
        row.deployment = deployment;
        row.rowKey = keyOf(deployment->namespaceName, deployment->name);
        const NameRef name(deployment->namespaceName, deployment->name);
        if (const auto it = gpus.find(name); it != gpus.end()) {
            row.gpusFound = it->second.found;
            row.gpusReading = it->second.reading;
            if (it->second.reading > 0)
                row.gpuUtilizationPercent = it->second.sum / it->second.reading;
        }
        if (const auto it = lastStart.find(name); it != lastStart.end()) {
            row.coldStartCreated = it->second->created;
            row.coldStartReady = it->second->ready;
            row.coldStartComplete = it->second->complete;
            row.coldStartPod = it->second->podName;
        }
        if (const auto it = stats.find(name); it != stats.end() && it->second->count > 0) {
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

#pragma once

#include "backend/fleet/deployment.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gantry::fleet {
struct FleetSnapshot;
}

namespace gantry {

/// One row of the deployments table: the deployment plus what the table joins
/// to it from the other parts of the snapshot (its GPUs' utilization from the
/// pools, its last cold start from the cold starts).
struct DeploymentRow
{
    std::shared_ptr<const fleet::Deployment> deployment;
    std::string rowKey; ///< "namespace/name"

    int gpusFound = 0;   ///< GPUs of the pools held by this deployment's pods
    int gpusReading = 0; ///< those with a utilization reading
    std::optional<double> gpuUtilizationPercent; ///< mean over gpusReading

    std::optional<SystemTime> coldStartCreated; ///< of the most recent start
    std::optional<SystemTime> coldStartReady;
    bool coldStartComplete = false;
    std::string coldStartPod;
    std::optional<double> coldStartP95; ///< over the stats window, seconds
    std::size_t coldStartCount = 0;

    const std::string &key() const { return rowKey; }
    bool before(const DeploymentRow &other) const;
    bool sameAs(const DeploymentRow &other) const;
    /// Seconds the last start took, or has taken so far at `now`.
    std::optional<double> coldStartSeconds(SystemTime now) const;
};

/// The rows of `snapshot`, in its order, with the GPU and cold-start joins.
std::vector<DeploymentRow> deploymentRows(const fleet::FleetSnapshot &snapshot);

} // namespace gantry

namespace gantry {

/// How healthy a deployment looks: Good when Ready, Critical when a replica
/// fails (CrashLoopBackOff, ImagePullBackOff, OOMKilled, Error) or the last
/// failure is recorded while not Ready, Warning while it is getting there.
int deploymentSeverity(const fleet::Deployment &deployment);
/// Whether a replica's stateReason means it is failing rather than starting.
bool isFailureReason(const std::string &reason);

} // namespace gantry

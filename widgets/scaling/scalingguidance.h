#pragma once

#include "backend/fleet/coldstart.h"
#include "backend/fleet/deployment.h"

#include <QString>

#include <optional>
#include <string_view>

namespace gantry {

/// How loaded the busiest ready replica of a deployment is right now.
struct ReplicaLoad
{
    double running = 0; ///< concurrent requests on the busiest ready replica
    bool queued = false; ///< requests were waiting at the same time
};

/// The load of `deployment`'s busiest ready replica; nullopt when no ready replica reports metrics.
std::optional<ReplicaLoad> busiestReplicaLoad(const fleet::Deployment &deployment);

/// The higher of two loads (a queue seen with either counts).
ReplicaLoad peakLoad(const std::optional<ReplicaLoad> &previous, const ReplicaLoad &now);

/// The cold-start statistics of one InferenceService, or nullptr when it has none.
const fleet::ColdStartStats *coldStartStatsOf(const fleet::ColdStartsSnapshot &snapshot, std::string_view namespaceName,
                                              std::string_view name);

/// The advice beside the target field, e.g. "Each replica has handled up to ~22 concurrent
/// requests at once. A new replica takes p95 4m10s to serve (12 starts)." Says what is not
/// known when metrics or cold starts are missing, so an operator knows why it is silent.
QString scalingGuidance(const std::optional<ReplicaLoad> &peak, const fleet::ColdStartStats *stats);

} // namespace gantry

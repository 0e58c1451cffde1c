#include "widgets/scaling/scalingguidance.h"

#include "widgets/coldstarts/durationtext.h"
#include "widgets/models/servingformat.h"

#include <QCoreApplication>

#include <algorithm>

namespace gantry {

std::optional<ReplicaLoad> busiestReplicaLoad(const fleet::Deployment &deployment)
{
    std::optional<ReplicaLoad> busiest;
    for (const fleet::Replica &replica : deployment.replicas) {
        if (!replica.ready || !replica.requestsRunning)
            continue;
        const bool queued = replica.requestsWaiting.value_or(0) > 0;
        if (!busiest || *replica.requestsRunning > busiest->running)
            busiest = ReplicaLoad{*replica.requestsRunning, queued || (busiest && busiest->queued)};
        else
            busiest->queued = busiest->queued || queued;
    }
    return busiest;
}

ReplicaLoad peakLoad(const std::optional<ReplicaLoad> &previous, const ReplicaLoad &now)
{
    if (!previous)
        return now;
    return {std::max(previous->running, now.running), previous->queued || now.queued};
}

const fleet::ColdStartStats *coldStartStatsOf(const fleet::ColdStartsSnapshot &snapshot, std::string_view namespaceName,
                                              std::string_view name)
{
    const auto it = std::find_if(snapshot.stats.begin(), snapshot.stats.end(), [&](const fleet::ColdStartStats &stats) {
        return stats.namespaceName == namespaceName && stats.inferenceService == name;
    });
    return it != snapshot.stats.end() && it->count > 0 ? &*it : nullptr;
}

QString scalingGuidance(const std::optional<ReplicaLoad> &peak, const fleet::ColdStartStats *stats)
{
    QString capacity;
    if (!peak) {
        capacity = QCoreApplication::translate("ScalingGuidance",
                                               "No ready replica reports serving metrics yet, so how much one replica "
                                               "handles is not known.");
    } else {
        capacity = QCoreApplication::translate("ScalingGuidance",
                                               "Each replica has handled up to ~%1 concurrent requests at once")
                       .arg(servingformat::count(peak->running));
        capacity += peak->queued ? QCoreApplication::translate("ScalingGuidance",
                                                               ", with requests queuing: about its limit.")
                                 : QStringLiteral(".");
    }
    QString startUp;
    if (!stats) {
        startUp = QCoreApplication::translate("ScalingGuidance",
                                              "No start of this model completed recently, so how long a new replica "
                                              "takes to serve is not known.");
    } else {
        startUp = QCoreApplication::translate("ScalingGuidance", "A new replica takes p95 %1 to serve (%2).")
                      .arg(formatDuration(stats->total.p95), startCountText(static_cast<long long>(stats->count)));
    }
    return capacity + QLatin1Char(' ') + startUp;
}

} // namespace gantry

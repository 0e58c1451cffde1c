#include "backend/fleet/fleetjson.h"

#include "backend/fleet/coldstart.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/gpupool.h"
#include "backend/fleet/notableevents.h"

namespace gantry::fleet {

namespace {

using nlohmann::json;

json optional(const std::optional<double> &value)
{
    return value ? json(*value) : json(nullptr);
}

json time(const std::optional<SystemTime> &value)
{
    return value ? json(formatRfc3339(*value)) : json(nullptr);
}

json text(const std::string &value)
{
    return value.empty() ? json(nullptr) : json(value);
}

json gpuJson(const Gpu &gpu)
{
    return {{"index", gpu.index},
            {"allocated", gpu.allocated},
            {"pod", gpu.podName.empty() ? json(nullptr) : json(gpu.podNamespace + "/" + gpu.podName)},
            {"inferenceService", text(gpu.inferenceService)},
            {"uuid", text(gpu.uuid)},
            {"modelName", text(gpu.modelName)},
            {"utilizationPercent", optional(gpu.utilizationPercent)},
            {"memoryUsedMiB", optional(gpu.memoryUsedMiB)},
            {"memoryTotalMiB", optional(gpu.memoryTotalMiB)},
            {"powerWatts", optional(gpu.powerWatts)},
            {"temperatureCelsius", optional(gpu.temperatureCelsius)}};
}

json nodeJson(const FleetNode &node)
{
    json gpus = json::array();
    for (const Gpu &gpu : node.gpus)
        gpus.push_back(gpuJson(gpu));
    return {{"name", node.name},
            {"state", nodeStateName(node.state)},
            {"stateReason", text(node.stateReason)},
            {"gpuProduct", text(node.gpuProduct)},
            {"gpuMemoryMiB", optional(node.gpuMemoryMiB)},
            {"gpuCapacity", node.gpuCapacity},
            {"gpuAllocatable", node.gpuAllocatable},
            {"gpuAllocated", node.gpuAllocated},
            {"createdAt", time(node.createdAt)},
            {"readySince", time(node.readySince)},
            {"gpus", gpus}};
}

json poolsJson(const PoolsSnapshot &pools)
{
    json list = json::array();
    for (const auto &pool : pools.pools) {
        json nodes = json::array();
        for (const auto &node : pool->nodes)
            nodes.push_back(nodeJson(*node));
        list.push_back({{"name", pool->name},
                        {"source", pool->source},
                        {"gpuProduct", text(pool->gpuProduct)},
                        {"nodeCounts",
                         {{"ready", pool->nodesReady},
                          {"notReady", pool->nodesNotReady},
                          {"provisioning", pool->nodesProvisioning},
                          {"cordoned", pool->nodesCordoned},
                          {"unknown", pool->nodesUnknown},
                          {"desired", pool->desiredNodes ? json(*pool->desiredNodes) : json(nullptr)}}},
                        {"gpus",
                         {{"total", pool->gpusTotal},
                          {"allocatable", pool->gpusAllocatable},
                          {"allocated", pool->gpusAllocated},
                          {"pendingDemand", pool->pendingGpuDemand}}},
                        {"meanUtilizationPercent", optional(pool->meanUtilizationPercent)},
                        {"nodes", nodes}});
    }
    return list;
}

json teamsJson(const PoolsSnapshot &pools)
{
    json list = json::array();
    for (const TeamAllocation &team : pools.teams)
        list.push_back({{"namespace", team.namespaceName}, {"gpusAllocated", team.gpusAllocated}, {"gpusPending", team.gpusPending}});
    return list;
}

json policyValue(const PolicyValue &value)
{
    if (!value.applies())
        return nullptr;
    return {{"value", value.value}, {"source", value.source}};
}

json scalingJson(const ScalingPolicy &policy)
{
    return {{"mode", policy.mode},
            {"modeSource", text(policy.modeSource)},
            {"settings",
             {{"autoscalerClass", policyValue(policy.autoscalerClass)},
              {"metric", policyValue(policy.metric)},
              {"target", policyValue(policy.target)},
              {"targetUtilizationPercent", policyValue(policy.targetUtilizationPercent)},
              {"minReplicas", policyValue(policy.minReplicas)},
              {"maxReplicas", policyValue(policy.maxReplicas)},
              {"initialScale", policyValue(policy.initialScale)},
              {"scaleDownDelay", policyValue(policy.scaleDownDelay)},
              {"scaleToZeroRetention", policyValue(policy.scaleToZeroRetention)},
              {"window", policyValue(policy.window)}}},
            {"problems", policy.problems}};
}

json servingJson(const std::optional<double> &running, const std::optional<double> &waiting,
                 const std::optional<double> &kvCache, const std::optional<double> &ttft,
                 const std::optional<double> &tokens)
{
    return {{"requestsRunning", optional(running)},
            {"requestsWaiting", optional(waiting)},
            {"kvCacheUsage", optional(kvCache)},
            {"ttftP95Seconds", optional(ttft)},
            {"generationTokensPerSecond", optional(tokens)}};
}

json deploymentJson(const Deployment &deployment)
{
    json conditions = json::array();
    for (const auto &condition : deployment.conditions)
        conditions.push_back({{"type", condition.type},
                              {"status", condition.status},
                              {"reason", text(condition.reason)},
                              {"message", text(condition.message)}});
    json replicas = json::array();
    for (const Replica &replica : deployment.replicas)
        replicas.push_back({{"name", replica.name},
                            {"uid", replica.uid},
                            {"node", text(replica.node)},
                            {"gpus", replica.gpus},
                            {"phase", text(replica.phase)},
                            {"ready", replica.ready},
                            {"restarts", replica.restarts},
                            {"createdAt", time(replica.createdAt)},
                            {"readySince", time(replica.readySince)},
                            {"stateReason", text(replica.stateReason)},
                            {"serving", servingJson(replica.requestsRunning, replica.requestsWaiting, replica.kvCacheUsage,
                                                    replica.ttftP95Seconds, replica.generationTokensPerSecond)}});
    return {{"namespace", deployment.namespaceName},
            {"name", deployment.name},
            {"uid", deployment.uid},
            {"mode", deployment.mode},
            {"weightSource", weightSourceName(deployment.weightSource)},
            {"localModelCache", text(deployment.localModelCache)},
            {"storageUri", text(deployment.storageUri)},
            {"runtime", text(deployment.runtime)},
            {"modelFormat", text(deployment.modelFormat)},
            {"gpusPerReplica", deployment.gpusPerReplica},
            {"replicaCounts", {{"ready", deployment.readyReplicas}, {"desired", deployment.desiredReplicas}}},
            {"scaling", scalingJson(deployment.scaling)},
            {"ready", deployment.ready},
            {"conditions", conditions},
            {"url", text(deployment.url)},
            {"modelState", text(deployment.modelState)},
            {"modelTransition", text(deployment.modelTransition)},
            {"lastFailure", text(deployment.lastFailure)},
            {"serving", servingJson(deployment.requestsRunning, deployment.requestsWaiting, deployment.kvCacheUsage,
                                    deployment.ttftP95Seconds, deployment.generationTokensPerSecond)},
            {"replicas", replicas}};
}

json statsJson(const PhaseStats &stats)
{
    return {{"count", stats.count}, {"p50", stats.p50}, {"p95", stats.p95}, {"max", stats.max}};
}

json coldStartsJson(const ColdStartsSnapshot &coldStarts, SystemTime now)
{
    json starts = json::array();
    for (const auto &start : coldStarts.starts) {
        json phases = json::array();
        for (const PhaseSpan &span : start->phases)
            phases.push_back({{"phase", coldStartPhaseName(span.phase)},
                              {"lastPhase", coldStartPhaseName(span.lastPhase)},
                              {"start", formatRfc3339(span.start)},
                              {"end", time(span.end)},
                              {"seconds", span.end ? json(span.seconds()) : json(nullptr)},
                              {"inferred", span.inferred},
                              {"evidence", text(span.evidence)}});
        starts.push_back({{"namespace", start->podNamespace},
                          {"pod", start->podName},
                          {"uid", start->podUid},
                          {"inferenceService", text(start->inferenceService)},
                          {"node", text(start->node)},
                          {"weightSource", start->weightSource},
                          {"created", formatRfc3339(start->created)},
                          {"ready", time(start->ready)},
                          {"complete", start->complete},
                          {"fromLog", start->fromLog},
                          {"totalSeconds", start->totalSeconds(now)},
                          {"notes", start->notes},
                          {"phases", phases}});
    }
    json stats = json::array();
    for (const ColdStartStats &entry : coldStarts.stats) {
        json phases = json::object();
        for (const auto &[phase, figures] : entry.phases)
            phases[coldStartPhaseName(phase)] = statsJson(figures);
        json bySource = json::object();
        for (const auto &[source, figures] : entry.totalByWeightSource)
            bySource[source] = statsJson(figures);
        stats.push_back({{"namespace", text(entry.namespaceName)},
                         {"inferenceService", text(entry.inferenceService)},
                         {"count", entry.count},
                         {"total", statsJson(entry.total)},
                         {"phases", phases},
                         {"totalByWeightSource", bySource}});
    }
    json warm = json::array();
    for (const WarmCache &cache : coldStarts.warmCaches)
        warm.push_back({{"node", cache.node}, {"modelUri", cache.modelUri}, {"via", cache.via}, {"since", formatRfc3339(cache.since)}});
    return {{"starts", starts}, {"stats", stats}, {"warmCaches", warm}};
}

json eventsJson(const EventsSnapshot &events)
{
    json list = json::array();
    for (const auto &event : events.events)
        list.push_back({{"time", time(event->time)},
                        {"type", event->type},
                        {"reason", event->reason},
                        {"category", eventCategoryName(event->category)},
                        {"message", event->message},
                        {"object",
                         {{"kind", text(event->objectKind)},
                          {"namespace", text(event->objectNamespace)},
                          {"name", text(event->objectName)}}},
                        {"source", text(event->source)},
                        {"count", event->count}});
    return list;
}

json freshnessJson(const FleetSnapshot &snapshot, const DumpContext &context)
{
    json kinds = json::array();
    for (const kube::KindStatus &kind : context.kinds) {
        const auto since = kind.status.since.time_since_epoch().count() == 0 ? std::optional<SystemTime>()
                                                                               : std::optional<SystemTime>(kind.status.since);
        kinds.push_back({{"kind", kube::objectKindName(kind.kind)},
                         {"state", kube::informerStateName(kind.status.state)},
                         {"since", time(since)},
                         {"objects", kind.objects},
                         {"lists", kind.status.lists},
                         {"error", text(kind.status.lastError)}});
    }
    return {{"synced", context.synced},
            {"kinds", kinds},
            {"metrics",
             {{"source", text(snapshot.metricsSource)},
              {"at", time(snapshot.metricsAt)},
              {"errors", snapshot.metricsErrors}}}};
}

} // namespace

nlohmann::json dumpDocument(const FleetSnapshot &snapshot, const DumpContext &context)
{
    static const PoolsSnapshot noPools;
    static const DeploymentsSnapshot noDeployments;
    static const ColdStartsSnapshot noColdStarts;
    static const EventsSnapshot noEvents;
    const PoolsSnapshot &pools = snapshot.pools ? *snapshot.pools : noPools;
    return {{"kind", "GantryDump"},
            {"schemaVersion", dumpSchemaVersion},
            {"generatedAt", formatRfc3339(snapshot.at)},
            {"generation", snapshot.generation},
            {"connection",
             {{"context", text(context.contextName)},
              {"cluster", text(context.clusterName)},
              {"server", text(context.server)},
              {"namespace", text(context.namespaceName)},
              {"insecureTls", context.insecureTls}}},
            {"freshness", freshnessJson(snapshot, context)},
            {"pools", poolsJson(pools)},
            {"teams", teamsJson(pools)},
            {"unassignedPendingGpuDemand", pools.unassignedPendingGpuDemand},
            {"deployments",
             [&] {
                 json list = json::array();
                 for (const auto &deployment : (snapshot.deployments ? *snapshot.deployments : noDeployments).deployments)
                     list.push_back(deploymentJson(*deployment));
                 return list;
             }()},
            {"coldStarts", coldStartsJson(snapshot.coldStarts ? *snapshot.coldStarts : noColdStarts, snapshot.at)},
            {"events", eventsJson(snapshot.events ? *snapshot.events : noEvents)}};
}

} // namespace gantry::fleet

#include "backend/fleet/deploymenttracker.h"

#include "backend/fleet/replicastate.h"
#include "backend/fleet/scalingpolicy.h"

#include <algorithm>

namespace gantry::fleet {

namespace {

std::string podKeyOf(const kube::CompactMeta &meta)
{
    return meta.uid.empty() ? meta.namespaceName + "/" + meta.name : meta.uid;
}

bool sameFigures(const metrics::ReplicaReading &a, const metrics::ReplicaReading &b)
{
    return a.requestsRunning == b.requestsRunning && a.requestsWaiting == b.requestsWaiting
        && a.kvCacheUsage == b.kvCacheUsage && a.ttftP95Seconds == b.ttftP95Seconds
        && a.generationTokensPerSecond == b.generationTokensPerSecond;
}

void addTo(std::optional<double> &sum, const std::optional<double> &value)
{
    if (value)
        sum = sum.value_or(0) + *value;
}

// Sums, the mean KV-cache use and the worst TTFT over the replicas that report them.
void aggregateFigures(Deployment &deployment)
{
    std::optional<double> kvSum;
    int kvCount = 0;
    for (const Replica &replica : deployment.replicas) {
        addTo(deployment.requestsRunning, replica.requestsRunning);
        addTo(deployment.requestsWaiting, replica.requestsWaiting);
        addTo(deployment.generationTokensPerSecond, replica.generationTokensPerSecond);
        if (replica.ttftP95Seconds)
            deployment.ttftP95Seconds = std::max(deployment.ttftP95Seconds.value_or(*replica.ttftP95Seconds),
                                                 *replica.ttftP95Seconds);
        if (replica.kvCacheUsage) {
            addTo(kvSum, replica.kvCacheUsage);
            ++kvCount;
        }
    }
    if (kvCount > 0)
        deployment.kvCacheUsage = *kvSum / kvCount;
}

} // namespace

void DeploymentTracker::apply(const kube::ChangeBatch &batch)
{
    using Handler = void (DeploymentTracker::*)(const kube::CompactPtr &, bool);
    Handler handler = nullptr;
    switch (batch.kind) {
    case kube::ObjectKind::InferenceService: handler = &DeploymentTracker::applyService; break;
    case kube::ObjectKind::Pod: handler = &DeploymentTracker::applyPod; break;
    case kube::ObjectKind::LocalModelCache: handler = &DeploymentTracker::applyCache; break;
    default: return;
    }
    // Deletions first: a batch that replaces an object by a new one of the same name keeps the new one.
    for (const kube::CompactPtr &object : batch.deleted)
        (this->*handler)(object, true);
    for (const auto *objects : {&batch.added, &batch.modified}) {
        for (const kube::CompactPtr &object : *objects)
            (this->*handler)(object, false);
    }
}

void DeploymentTracker::applyService(const kube::CompactPtr &object, bool deleted)
{
    const auto *service = object ? std::get_if<kube::CompactInferenceService>(object.get()) : nullptr;
    if (!service)
        return;
    const Key key{service->meta.namespaceName, service->meta.name};
    if (deleted) {
        const auto found = m_entries.find(key);
        if (found == m_entries.end() || !found->second.service)
            return;
        // Only the object that was deleted: a newer one of the same name may already be here.
        if (kube::compactMeta(*found->second.service).uid != service->meta.uid)
            return;
        found->second.service = nullptr;
        found->second.deployment = nullptr;
        if (found->second.pods.empty())
            m_entries.erase(found);
    } else {
        m_entries[key].service = object;
    }
    m_stale.insert(key);
    m_changed = true;
}

void DeploymentTracker::applyPod(const kube::CompactPtr &object, bool deleted)
{
    const auto *pod = object ? std::get_if<kube::CompactPod>(object.get()) : nullptr;
    if (!pod)
        return;
    const std::string podKey = podKeyOf(pod->meta);
    detachPod(podKey);
    // A pod without the label is no replica (yet); a relabelled one moves.
    if (deleted || pod->inferenceService.empty())
        return;
    const Key key{pod->meta.namespaceName, pod->inferenceService};
    m_entries[key].pods[podKey] = object;
    m_podOwner[podKey] = key;
    m_podKeyByName[pod->meta.namespaceName + "/" + pod->meta.name] = podKey;
    m_stale.insert(key);
    m_changed = true;
}

void DeploymentTracker::detachPod(const std::string &podKey)
{
    const auto owner = m_podOwner.find(podKey);
    if (owner == m_podOwner.end())
        return;
    const Key key = owner->second;
    m_podOwner.erase(owner);
    if (const auto entry = m_entries.find(key); entry != m_entries.end()) {
        if (const auto pod = entry->second.pods.find(podKey); pod != entry->second.pods.end()) {
            const kube::CompactMeta &meta = kube::compactMeta(*pod->second);
            m_podKeyByName.erase(meta.namespaceName + "/" + meta.name);
            entry->second.pods.erase(pod);
        }
        if (!entry->second.service && entry->second.pods.empty())
            m_entries.erase(entry);
    }
    m_stale.insert(key);
    m_changed = true;
}

void DeploymentTracker::applyCache(const kube::CompactPtr &object, bool deleted)
{
    const auto *cache = object ? std::get_if<kube::CompactLocalModelCache>(object.get()) : nullptr;
    if (!cache)
        return;
    // LocalModelCaches are cluster-scoped: the uid, else the name, identifies one.
    const std::string key = cache->meta.uid.empty() ? cache->meta.name : cache->meta.uid;
    if (const auto old = m_caches.find(key); old != m_caches.end()) {
        markServicesUsing(std::get<kube::CompactLocalModelCache>(*old->second).sourceModelUri);
        m_caches.erase(old);
    }
    if (!deleted)
        m_caches[key] = object;
    markServicesUsing(cache->sourceModelUri);
}

void DeploymentTracker::markServicesUsing(const std::string &storageUri)
{
    if (storageUri.empty())
        return;
    for (const auto &[key, entry] : m_entries) {
        if (entry.service && std::get<kube::CompactInferenceService>(*entry.service).storageUri == storageUri) {
            m_stale.insert(key);
            m_changed = true;
        }
    }
}

const kube::CompactLocalModelCache *DeploymentTracker::cacheFor(const std::string &storageUri) const
{
    if (storageUri.empty())
        return nullptr;
    for (const auto &[key, object] : m_caches) {
        const auto &cache = std::get<kube::CompactLocalModelCache>(*object);
        if (cache.sourceModelUri == storageUri)
            return &cache;
    }
    return nullptr;
}

void DeploymentTracker::applyReadings(const metrics::Readings &readings)
{
    std::unordered_map<std::string, metrics::ReplicaReading> next;
    for (const metrics::ReplicaReading &reading : readings.replicas) {
        if (!reading.podName.empty())
            next[reading.podNamespace + "/" + reading.podName] = reading;
    }
    // Only the deployments whose replicas' figures moved are rebuilt.
    const auto markPod = [this](const std::string &podName) {
        const auto podKey = m_podKeyByName.find(podName);
        if (podKey == m_podKeyByName.end())
            return;
        if (const auto owner = m_podOwner.find(podKey->second); owner != m_podOwner.end()) {
            m_stale.insert(owner->second);
            m_changed = true;
        }
    };
    for (const auto &[podName, reading] : next) {
        const auto old = m_readings.find(podName);
        if (old == m_readings.end() || !sameFigures(old->second, reading))
            markPod(podName);
    }
    for (const auto &[podName, reading] : m_readings) {
        if (!next.contains(podName))
            markPod(podName);
    }
    m_readings = std::move(next);
}

bool DeploymentTracker::dirty() const
{
    return m_changed || !m_snapshot;
}

std::shared_ptr<const DeploymentsSnapshot> DeploymentTracker::snapshot()
{
    if (!dirty())
        return m_snapshot;
    for (const Key &key : m_stale) {
        const auto entry = m_entries.find(key);
        if (entry == m_entries.end())
            continue;
        std::shared_ptr<const Deployment> rebuilt = build(entry->second);
        // An equal result keeps the old pointer, so views see no change where there is none.
        if (!rebuilt || !entry->second.deployment || !(*rebuilt == *entry->second.deployment))
            entry->second.deployment = std::move(rebuilt);
    }
    m_stale.clear();
    m_changed = false;

    auto next = std::make_shared<DeploymentsSnapshot>();
    next->deployments.reserve(m_entries.size());
    for (const auto &[key, entry] : m_entries) {
        if (entry.deployment)
            next->deployments.push_back(entry.deployment);
    }
    if (!m_snapshot || next->deployments != m_snapshot->deployments)
        m_snapshot = std::move(next);
    return m_snapshot;
}

std::shared_ptr<const Deployment> DeploymentTracker::build(const Entry &entry) const
{
    if (!entry.service)
        return nullptr;
    const auto &service = std::get<kube::CompactInferenceService>(*entry.service);
    auto deployment = std::make_shared<Deployment>();
    deployment->name = service.meta.name;
    deployment->namespaceName = service.meta.namespaceName;
    deployment->uid = service.meta.uid;
    deployment->scaling = deriveScalingPolicy(service);
    deployment->mode = deployment->scaling.mode;
    deployment->storageUri = service.storageUri;
    if (const kube::CompactLocalModelCache *cache = cacheFor(service.storageUri)) {
        deployment->weightSource = WeightSource::NodeCache;
        deployment->localModelCache = cache->meta.name;
    } else {
        deployment->weightSource = weightSourceOfUri(service.storageUri);
    }
    deployment->runtime = service.runtime;
    deployment->modelFormat = service.modelFormat;
    deployment->gpusPerReplica = service.gpuLimit;
    for (const auto &[type, condition] : service.conditions)
        deployment->conditions.push_back({type, condition.status, condition.reason, condition.message});
    const auto ready = service.conditions.find("Ready");
    deployment->ready = ready != service.conditions.end() && ready->second.status == "True";
    deployment->url = service.url;
    deployment->modelState = service.activeModelState;
    deployment->modelTransition = service.modelTransitionStatus;
    deployment->lastFailure = service.lastFailureReason;
    if (!service.lastFailureMessage.empty())
        deployment->lastFailure += (deployment->lastFailure.empty() ? "" : ": ") + service.lastFailureMessage;

    for (const auto &[podKey, object] : entry.pods) {
        Replica replica = deriveReplica(std::get<kube::CompactPod>(*object));
        if (const auto reading = m_readings.find(replica.namespaceName + "/" + replica.name);
            reading != m_readings.end()) {
            replica.requestsRunning = reading->second.requestsRunning;
            replica.requestsWaiting = reading->second.requestsWaiting;
            replica.kvCacheUsage = reading->second.kvCacheUsage;
            replica.ttftP95Seconds = reading->second.ttftP95Seconds;
            replica.generationTokensPerSecond = reading->second.generationTokensPerSecond;
        }
        deployment->readyReplicas += replica.ready;
        deployment->desiredReplicas += replica.phase != "Succeeded" && replica.phase != "Failed";
        // A runtime may set the GPUs the InferenceService leaves out: the pods know.
        if (service.gpuLimit == 0)
            deployment->gpusPerReplica = std::max(deployment->gpusPerReplica, replica.gpus);
        deployment->replicas.push_back(std::move(replica));
    }
    std::sort(deployment->replicas.begin(), deployment->replicas.end(),
              [](const Replica &a, const Replica &b) { return a.name < b.name; });
    aggregateFigures(*deployment);
    return deployment;
}

} // namespace gantry::fleet

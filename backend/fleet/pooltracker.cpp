#include "backend/fleet/pooltracker.h"

#include "backend/fleet/poolbuilder.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace gantry::fleet {

namespace {

int deviceCount(const NodeFacts &facts)
{
    return static_cast<int>(std::min<double>(std::floor(facts.gpuCapacity), GpuSlots::maxDevices));
}

// Pods are placed on GPUs in the order they started, so a relist places them as the cluster did.
bool startedBefore(const PodContribution &a, const PodContribution &b)
{
    if (a.startTime.empty() != b.startTime.empty())
        return !a.startTime.empty();
    return std::tie(a.startTime, a.namespaceName, a.name) < std::tie(b.startTime, b.namespaceName, b.name);
}

// Calls `apply(item, object)` for the objects of type T in `lists`; nulls and other kinds are skipped.
template<typename T, typename Apply>
void forEach(std::initializer_list<const std::vector<kube::CompactPtr> *> lists, Apply apply)
{
    for (const auto *list : lists) {
        for (const kube::CompactPtr &object : *list) {
            if (const T *item = object ? std::get_if<T>(object.get()) : nullptr)
                apply(*item, object);
        }
    }
}

} // namespace

PoolTracker::PoolTracker(Clock clock)
    : m_clock(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); }))
{
}

void PoolTracker::apply(const kube::ChangeBatch &batch)
{
    // Deletions first: they free GPUs the batch's newcomers may take.
    switch (batch.kind) {
    case kube::ObjectKind::Node:
        forEach<kube::CompactNode>({&batch.deleted}, [&](const auto &, const auto &object) { applyNode(object, true); });
        forEach<kube::CompactNode>({&batch.added, &batch.modified},
                                   [&](const auto &, const auto &object) { applyNode(object, false); });
        break;
    case kube::ObjectKind::Pod: {
        forEach<kube::CompactPod>({&batch.deleted}, [&](const auto &pod, const auto &) { removePod(objectKey(pod.meta)); });
        std::vector<PodContribution> upserts;
        forEach<kube::CompactPod>({&batch.added, &batch.modified}, [&](const auto &pod, const auto &) {
            // Most pods hold no GPU and never did: nothing to sort or compare.
            PodContribution contribution = podContribution(pod);
            if (contribution.counts() || m_pods.find(contribution.key))
                upserts.push_back(std::move(contribution));
        });
        std::stable_sort(upserts.begin(), upserts.end(), startedBefore);
        for (PodContribution &pod : upserts)
            upsertPod(std::move(pod));
        break;
    }
    case kube::ObjectKind::MachineSet:
        forEach<kube::CompactMachineSet>({&batch.deleted}, [&](const auto &set, const auto &) { applyMachineSet(set, true); });
        forEach<kube::CompactMachineSet>({&batch.added, &batch.modified},
                                         [&](const auto &set, const auto &) { applyMachineSet(set, false); });
        break;
    default:
        break;
    }
}

void PoolTracker::applyNode(const kube::CompactPtr &object, bool deleted)
{
    const auto &node = std::get<kube::CompactNode>(*object);
    if (node.meta.name.empty())
        return;
    const std::string &name = node.meta.name;
    auto found = m_nodes.find(name);
    if (deleted) {
        if (found == m_nodes.end())
            return;
        setMembership(name, found->second, {});
        m_nodes.erase(found);
        m_agingNodes.erase(name);
        return;
    }
    NodeFacts facts = nodeFacts(node, m_clock());
    if (found == m_nodes.end()) {
        found = m_nodes.emplace(name, NodeEntry{}).first;
        NodeEntry &entry = found->second;
        entry.object = object;
        entry.facts = std::move(facts);
        entry.slots.resize(deviceCount(entry.facts));
        // Pods bound before their node was seen take their GPUs now.
        std::vector<const PodContribution *> holders;
        if (const auto bound = m_holders.find(name); bound != m_holders.end()) {
            for (const std::string &key : bound->second) {
                if (const PodContribution *pod = m_pods.find(key))
                    holders.push_back(pod);
            }
        }
        std::sort(holders.begin(), holders.end(),
                  [](const PodContribution *a, const PodContribution *b) { return startedBefore(*a, *b); });
        for (const PodContribution *pod : holders)
            entry.slots.place(pod->key, pod->devices());
        setMembership(name, entry, poolForNode(entry.facts, m_machineSets));
        markNode(name);
    } else {
        found->second.object = object;
        updateNode(name, found->second, std::move(facts));
    }
    if (found->second.facts.reconsiderAt)
        m_agingNodes.insert(name);
    else
        m_agingNodes.erase(name);
}

void PoolTracker::updateNode(const std::string &name, NodeEntry &entry, NodeFacts facts)
{
    if (facts == entry.facts)
        return; // a heartbeat or a field the pool view does not show
    if (facts.labels != entry.facts.labels) {
        // Leave the pool under the old labels, join under the new ones.
        setMembership(name, entry, {});
        entry.facts = std::move(facts);
        setMembership(name, entry, poolForNode(entry.facts, m_machineSets));
    } else {
        entry.facts = std::move(facts);
        setMembership(name, entry, poolForNode(entry.facts, m_machineSets));
    }
    entry.slots.resize(deviceCount(entry.facts));
    markNode(name);
}

void PoolTracker::setMembership(const std::string &name, NodeEntry &entry, PoolMembership membership)
{
    if (membership == entry.membership)
        return;
    const std::string &oldPool = entry.membership.pool;
    if (!oldPool.empty()) {
        m_selectors.remove(oldPool, entry.facts.labels);
        if (auto pool = m_pools.find(oldPool); pool != m_pools.end())
            pool->second.nodes.erase(name);
        markPool(oldPool);
    }
    entry.membership = std::move(membership);
    const std::string &newPool = entry.membership.pool;
    if (!newPool.empty()) {
        m_selectors.add(newPool, entry.facts.labels);
        m_pools[newPool].nodes.insert(name);
        markPool(newPool);
    }
    m_pendingStale = true;
    markNode(name);
}

void PoolTracker::reassignAllNodes()
{
    for (auto &[name, entry] : m_nodes)
        setMembership(name, entry, poolForNode(entry.facts, m_machineSets));
    m_pendingStale = true;
}

void PoolTracker::applyMachineSet(const kube::CompactMachineSet &set, bool deleted)
{
    if (set.meta.name.empty())
        return; // a pool needs a name
    const std::string key = set.meta.namespaceName + "/" + set.meta.name;
    const auto found = m_machineSets.find(key);
    if (deleted) {
        if (found == m_machineSets.end())
            return;
        const std::string pool = found->second.name;
        m_machineSets.erase(found);
        markPool(pool);
        reassignAllNodes();
        return;
    }
    MachineSetPool next = machineSetPool(set);
    if (found != m_machineSets.end() && found->second == next)
        return;
    const bool regroup = found == m_machineSets.end() || found->second.nodeLabels != next.nodeLabels
        || found->second.name != next.name;
    if (found != m_machineSets.end())
        markPool(found->second.name);
    markPool(next.name);
    m_machineSets[key] = std::move(next);
    // Only a change of labels moves nodes between pools; a new size is the pool's own business.
    if (regroup)
        reassignAllNodes();
}

void PoolTracker::removePod(const std::string &key)
{
    if (const PodContribution *old = m_pods.find(key)) {
        const PodContribution copy = *old;
        removeContribution(copy, false);
    }
}

void PoolTracker::upsertPod(PodContribution next)
{
    const PodContribution *old = m_pods.find(next.key);
    if (old ? *old == next : !next.counts())
        return;
    // A pod that keeps its node and its count keeps its devices, whatever else changed.
    const bool keepSlots = old && old->holding && next.holding && old->node == next.node
        && old->devices() == next.devices();
    if (old) {
        const PodContribution copy = *old;
        removeContribution(copy, keepSlots);
    }
    if (next.counts())
        addContribution(next, keepSlots);
}

void PoolTracker::addContribution(const PodContribution &pod, bool keepSlots)
{
    m_pods.byKey[pod.key] = pod;
    m_pods.keyByName[pod.qualifiedName()] = pod.key;
    m_teams.add(pod);
    m_teamsDirty = true;
    if (pod.holding) {
        m_holders[pod.node].insert(pod.key);
        if (auto node = m_nodes.find(pod.node); node != m_nodes.end()) {
            if (!keepSlots)
                node->second.slots.place(pod.key, pod.devices());
            markNode(pod.node);
        }
    } else if (pod.pending) {
        const std::string pool = m_selectors.resolve(pod.nodeSelector, m_machineSets);
        m_pending.add(pod, pool);
        markPending(pool);
    }
}

void PoolTracker::removeContribution(const PodContribution &pod, bool keepSlots)
{
    m_teams.remove(pod);
    m_teamsDirty = true;
    if (pod.holding) {
        if (auto holders = m_holders.find(pod.node); holders != m_holders.end()) {
            holders->second.erase(pod.key);
            if (holders->second.empty())
                m_holders.erase(holders);
        }
        if (auto node = m_nodes.find(pod.node); node != m_nodes.end()) {
            if (!keepSlots)
                node->second.slots.release(pod.key);
            markNode(pod.node);
        }
    } else if (pod.pending) {
        markPending(m_pending.remove(pod.key));
    }
    if (auto name = m_pods.keyByName.find(pod.qualifiedName()); name != m_pods.keyByName.end() && name->second == pod.key)
        m_pods.keyByName.erase(name);
    m_pods.byKey.erase(pod.key);
}

void PoolTracker::markPending(const std::string &pool)
{
    if (pool.empty())
        m_unassignedDirty = true;
    else
        markPool(pool);
}

void PoolTracker::resolvePending()
{
    m_pendingStale = false;
    const auto moved = m_pending.reassign(
        [this](const PodContribution &pod) { return m_selectors.resolve(pod.nodeSelector, m_machineSets); });
    for (const std::string &pool : moved)
        markPending(pool);
}

void PoolTracker::applyReadings(const metrics::Readings &readings)
{
    for (const std::string &node : m_readings.replace(readings.gpus, GpuSlots::maxDevices - 1)) {
        if (m_nodes.contains(node))
            markNode(node);
    }
}

void PoolTracker::markNode(const std::string &name)
{
    m_dirtyNodes.insert(name);
}

void PoolTracker::markPool(const std::string &pool)
{
    if (!pool.empty())
        m_dirtyPools.insert(pool);
}

void PoolTracker::refreshAgedNodes(SystemTime now)
{
    std::vector<std::string> due;
    for (const std::string &name : m_agingNodes) {
        const auto entry = m_nodes.find(name);
        if (entry != m_nodes.end() && entry->second.facts.reconsiderAt && *entry->second.facts.reconsiderAt <= now)
            due.push_back(name);
    }
    for (const std::string &name : due) {
        NodeEntry &entry = m_nodes.at(name);
        const auto *node = std::get_if<kube::CompactNode>(entry.object.get());
        updateNode(name, entry, nodeFacts(*node, now));
        if (!entry.facts.reconsiderAt || *entry.facts.reconsiderAt <= now)
            m_agingNodes.erase(name);
    }
}

bool PoolTracker::dirty() const
{
    if (!m_snapshot || !m_dirtyNodes.empty() || !m_dirtyPools.empty() || m_teamsDirty || m_unassignedDirty
        || m_pendingStale)
        return true;
    if (m_agingNodes.empty())
        return false;
    const SystemTime now = m_clock();
    return std::any_of(m_agingNodes.begin(), m_agingNodes.end(), [&](const std::string &name) {
        const auto entry = m_nodes.find(name);
        return entry != m_nodes.end() && entry->second.facts.reconsiderAt && *entry->second.facts.reconsiderAt <= now;
    });
}

bool PoolTracker::publishedWithoutNodes(const std::string &name) const
{
    // An empty MachineSet pool still shows: it may be scaled from zero, or be asked for.
    for (const auto &[key, set] : m_machineSets) {
        if (set.name == name && (declaresGpuPool(set) || m_pending.forPool(name) > 0))
            return true;
    }
    return false;
}

std::shared_ptr<const GpuPool> PoolTracker::buildPool(const std::string &name, const PoolState &state) const
{
    PoolParts parts;
    parts.name = name;
    parts.pendingGpuDemand = m_pending.forPool(name);
    for (const auto &[key, set] : m_machineSets) {
        if (set.name != name)
            continue;
        parts.source = "MachineSet " + name;
        parts.desiredNodes = parts.desiredNodes.value_or(0) + std::max<std::int64_t>(0, set.replicas);
        if (const auto product = set.nodeLabels.find("nvidia.com/gpu.product"); product != set.nodeLabels.end())
            parts.machineSetProduct = product->second;
    }
    for (const std::string &nodeName : state.nodes) {
        const NodeEntry &entry = m_nodes.at(nodeName);
        if (parts.source.empty())
            parts.source = entry.membership.source;
        if (entry.built)
            parts.nodes.push_back(entry.built);
    }
    if (parts.source.empty())
        parts.source = "none";
    return buildGpuPool(std::move(parts));
}

std::shared_ptr<const PoolsSnapshot> PoolTracker::snapshot()
{
    refreshAgedNodes(m_clock());
    if (m_pendingStale)
        resolvePending();
    if (m_snapshot && m_dirtyNodes.empty() && m_dirtyPools.empty() && !m_teamsDirty && !m_unassignedDirty)
        return m_snapshot;

    for (const std::string &name : m_dirtyNodes) {
        const auto found = m_nodes.find(name);
        if (found == m_nodes.end())
            continue;
        NodeEntry &entry = found->second;
        if (entry.membership.pool.empty()) {
            entry.built.reset();
            continue;
        }
        entry.built = buildFleetNode(entry.facts, entry.membership.pool, entry.slots, m_pods, m_readings.find(name));
        markPool(entry.membership.pool);
    }
    m_dirtyNodes.clear();

    for (const std::string &name : m_dirtyPools) {
        const auto found = m_pools.find(name);
        if ((found != m_pools.end() && !found->second.nodes.empty()) || publishedWithoutNodes(name)) {
            PoolState &state = m_pools[name];
            state.built = buildPool(name, state);
        } else if (found != m_pools.end()) {
            m_pools.erase(found);
        }
    }
    m_dirtyPools.clear();

    auto next = std::make_shared<PoolsSnapshot>();
    next->generation = ++m_generation;
    for (const auto &[name, state] : m_pools) {
        if (state.built)
            next->pools.push_back(state.built);
    }
    next->teams = m_teamsDirty || !m_snapshot ? m_teams.rows() : m_snapshot->teams;
    next->unassignedPendingGpuDemand = m_pending.unassigned();
    m_teamsDirty = false;
    m_unassignedDirty = false;
    m_snapshot = std::move(next);
    return m_snapshot;
}

} // namespace gantry::fleet

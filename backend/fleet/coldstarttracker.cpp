#include "backend/fleet/coldstarttracker.h"

#include "backend/fleet/coldstartstats.h"
#include "backend/fleet/podevidence.h"
#include "backend/fleet/podtimeline.h"

#include <algorithm>

namespace gantry::fleet {

namespace {

constexpr std::size_t maxEventsPerPod = 256;

bool tracked(const kube::CompactPod &pod)
{
    // Replicas: KServe's pods, and GPU pods not run by a Job (a prewarm is not a start).
    return !pod.inferenceService.empty() || (pod.gpuRequest > 0 && pod.meta.ownerKind != "Job");
}

std::string keyOf(const std::string &namespaceName, const std::string &name)
{
    return namespaceName + "/" + name;
}

std::optional<SystemTime> timeOf(const std::string &text)
{
    return text.empty() ? std::nullopt : parseRfc3339(text);
}

const kube::CompactContainerState *servingState(const kube::CompactPod &pod)
{
    const std::string name = servingContainerOf(pod);
    for (const kube::CompactContainerState &state : pod.containers) {
        if (state.name == name)
            return &state;
    }
    return nullptr;
}

bool servingStarted(const kube::CompactPod &pod)
{
    const kube::CompactContainerState *state = servingState(pod);
    return state && !state->startedAt.empty();
}

int yearOf(SystemTime time)
{
    const std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(time)};
    return static_cast<int>(date.year());
}

} // namespace

ColdStartTracker::ColdStartTracker(ColdStartTrackerOptions options)
    : m_options(std::move(options))
{
    if (!m_options.clock)
        m_options.clock = [] { return std::chrono::system_clock::now(); };
}

SystemTime ColdStartTracker::now() const
{
    return m_options.clock();
}

const kube::CompactPod &ColdStartTracker::pod(const PodState &state) const
{
    return std::get<kube::CompactPod>(*state.object);
}

void ColdStartTracker::apply(const kube::ChangeBatch &batch)
{
    dropOrphans(now());
    switch (batch.kind) {
    case kube::ObjectKind::Pod: applyPods(batch); break;
    case kube::ObjectKind::Event: applyEvents(batch); break;
    case kube::ObjectKind::Node: applyNodes(batch); break;
    case kube::ObjectKind::Job: touchNodes(m_warmCaches.applyJobs(batch)); break;
    case kube::ObjectKind::LocalModelCache: touchNodes(m_warmCaches.applyLocalModelCaches(batch, now())); break;
    case kube::ObjectKind::InferenceService: applyServices(batch); break;
    case kube::ObjectKind::MachineSet: break;
    }
    rederive();
}

void ColdStartTracker::applyPods(const kube::ChangeBatch &batch)
{
    for (const auto *list : {&batch.added, &batch.modified}) {
        for (const kube::CompactPtr &object : *list) {
            const auto *pod = object ? std::get_if<kube::CompactPod>(object.get()) : nullptr;
            if (!pod || !tracked(*pod) || pod->meta.uid.empty())
                continue;
            const std::string &uid = pod->meta.uid;
            PodState &state = m_pods[uid];
            const bool fresh = !state.object;
            if (!fresh && this->pod(state).nodeName != pod->nodeName) {
                if (const auto byNode = m_podsByNode.find(this->pod(state).nodeName); byNode != m_podsByNode.end())
                    byNode->second.erase(uid);
            }
            state.object = object;
            m_podUidByName[keyOf(pod->meta.namespaceName, pod->meta.name)] = uid;
            if (!pod->nodeName.empty())
                m_podsByNode[pod->nodeName].insert(uid);
            if (state.settled)
                continue;
            if (fresh) {
                // Events that came before their pod.
                for (const std::string &key : {uid, keyOf(pod->meta.namespaceName, pod->meta.name)}) {
                    const auto orphans = m_orphanEvents.find(key);
                    if (orphans == m_orphanEvents.end())
                        continue;
                    for (kube::CompactEvent &event : orphans->second.events)
                        state.events[event.meta.uid] = std::move(event);
                    m_orphanCount -= orphans->second.events.size();
                    m_orphanEvents.erase(orphans);
                }
            }
            state.logWanted = servingStarted(*pod);
            touch(uid);
        }
    }
    for (const kube::CompactPtr &object : batch.deleted) {
        const auto *pod = object ? std::get_if<kube::CompactPod>(object.get()) : nullptr;
        if (!pod)
            continue;
        const auto it = m_pods.find(pod->meta.uid);
        if (it == m_pods.end())
            continue;
        PodState &state = it->second;
        // A finished start outlives its pod; one in progress goes with it.
        if (!state.settled && state.derived && state.derived->complete)
            keepCompleted(state.derived);
        if (const auto byNode = m_podsByNode.find(this->pod(state).nodeName); byNode != m_podsByNode.end()) {
            byNode->second.erase(it->first);
            if (byNode->second.empty())
                m_podsByNode.erase(byNode);
        }
        const std::string key = keyOf(pod->meta.namespaceName, pod->meta.name);
        if (const auto named = m_podUidByName.find(key); named != m_podUidByName.end() && named->second == it->first)
            m_podUidByName.erase(named);
        m_touched.erase(it->first);
        m_pods.erase(it);
        m_dirty = true;
    }
}

void ColdStartTracker::applyEvents(const kube::ChangeBatch &batch)
{
    // Deleted (expired) events are ignored on purpose: what they said stays evidence.
    for (const auto *list : {&batch.added, &batch.modified}) {
        for (const kube::CompactPtr &object : *list) {
            const auto *event = object ? std::get_if<kube::CompactEvent>(object.get()) : nullptr;
            if (event && event->involvedKind == "Pod")
                addEvent(*event);
        }
    }
}

void ColdStartTracker::addEvent(const kube::CompactEvent &event)
{
    std::string uid = event.involvedUid;
    const std::string name = keyOf(event.involvedNamespace, event.involvedName);
    if (uid.empty()) {
        if (const auto named = m_podUidByName.find(name); named != m_podUidByName.end())
            uid = named->second;
    }
    if (const auto it = m_pods.find(uid); it != m_pods.end()) {
        PodState &state = it->second;
        if (state.settled || (state.events.size() >= maxEventsPerPod && !state.events.count(event.meta.uid)))
            return;
        state.events[event.meta.uid] = event;
        touch(uid);
        return;
    }
    // Not known (yet): the pod may follow in its own batch.
    const std::string key = uid.empty() ? name : uid;
    const SystemTime arrived = now();
    const auto [orphans, created] = m_orphanEvents.try_emplace(key);
    if (created) {
        orphans->second.since = arrived;
        m_orphanOrder.emplace_back(arrived, key);
    }
    orphans->second.events.push_back(event);
    ++m_orphanCount;
    dropOrphans(arrived);
}

void ColdStartTracker::dropOrphans(SystemTime now)
{
    const SystemTime expired = now - m_options.orphanWait;
    while (!m_orphanOrder.empty()) {
        const auto &[since, key] = m_orphanOrder.front();
        const auto oldest = m_orphanEvents.find(key);
        if (oldest != m_orphanEvents.end() && oldest->second.since == since) {
            if (since > expired && m_orphanCount <= m_options.maxOrphanEvents)
                break;
            m_orphanCount -= oldest->second.events.size();
            m_orphanEvents.erase(oldest);
        }
        m_orphanOrder.pop_front();
    }
}

void ColdStartTracker::applyNodes(const kube::ChangeBatch &batch)
{
    for (const auto *list : {&batch.added, &batch.modified}) {
        for (const kube::CompactPtr &object : *list) {
            const auto *node = object ? std::get_if<kube::CompactNode>(object.get()) : nullptr;
            if (!node)
                continue;
            NodeFacts facts;
            facts.name = node->meta.name;
            facts.createdAt = timeOf(node->meta.creationTimestamp);
            facts.readySince = node->ready == "True" ? timeOf(node->readySince) : std::nullopt;
            NodeFacts &known = m_nodes[facts.name];
            if (known.name == facts.name && known.createdAt == facts.createdAt && known.readySince == facts.readySince)
                continue;
            known = facts;
            // A node born after a cache was filled is a new machine under an old name.
            if (facts.createdAt)
                m_warmCaches.forgetNode(facts.name, facts.createdAt);
            touchNodes({facts.name});
        }
    }
    for (const kube::CompactPtr &object : batch.deleted) {
        const auto *node = object ? std::get_if<kube::CompactNode>(object.get()) : nullptr;
        if (!node)
            continue;
        m_nodes.erase(node->meta.name);
        touchNodes(m_warmCaches.forgetNode(node->meta.name));
    }
}

void ColdStartTracker::applyServices(const kube::ChangeBatch &batch)
{
    std::set<std::string> changed;
    for (const auto *list : {&batch.added, &batch.modified}) {
        for (const kube::CompactPtr &object : *list) {
            const auto *service = object ? std::get_if<kube::CompactInferenceService>(object.get()) : nullptr;
            if (!service)
                continue;
            const std::string key = keyOf(service->meta.namespaceName, service->meta.name);
            std::string &uri = m_storageUris[key];
            if (uri != service->storageUri) {
                uri = service->storageUri;
                changed.insert(key);
            }
        }
    }
    for (const kube::CompactPtr &object : batch.deleted) {
        if (const auto *service = object ? std::get_if<kube::CompactInferenceService>(object.get()) : nullptr)
            m_storageUris.erase(keyOf(service->meta.namespaceName, service->meta.name));
    }
    if (changed.empty())
        return;
    for (auto &[uid, state] : m_pods) {
        const kube::CompactPod &p = pod(state);
        if (!state.settled && changed.count(keyOf(p.meta.namespaceName, p.inferenceService)))
            touch(uid);
    }
}

void ColdStartTracker::touchNodes(const WarmCacheIndex::Nodes &nodes)
{
    for (const std::string &node : nodes) {
        if (const auto it = m_podsByNode.find(node); it != m_podsByNode.end()) {
            for (const std::string &uid : it->second)
                touch(uid);
        }
    }
    m_dirty |= !nodes.empty();
}

void ColdStartTracker::touch(const std::string &uid)
{
    m_touched.insert(uid);
    m_dirty = true;
}

void ColdStartTracker::rederive()
{
    // A derivation may register a warm cache that touches its neighbours once more;
    // the earliest cache wins, so this settles within a few rounds.
    for (int round = 0; round < 4 && !m_touched.empty(); ++round) {
        const std::set<std::string> touched = std::move(m_touched);
        m_touched.clear();
        for (const std::string &uid : touched) {
            const auto it = m_pods.find(uid);
            if (it != m_pods.end() && !it->second.settled)
                derive(uid, it->second);
        }
    }
    m_touched.clear();
}

std::string ColdStartTracker::storageUriOf(const kube::CompactPod &p) const
{
    const auto it = m_storageUris.find(keyOf(p.meta.namespaceName, p.inferenceService));
    return it == m_storageUris.end() ? std::string() : it->second;
}

void ColdStartTracker::derive(const std::string &, PodState &state)
{
    const kube::CompactPod &p = pod(state);
    TimelineContext context;
    context.storageUri = storageUriOf(p);
    context.warmCaches = m_warmCaches.onNode(p.nodeName);
    std::vector<kube::CompactEvent> events;
    events.reserve(state.events.size());
    for (const auto &[uid, event] : state.events)
        events.push_back(event);
    std::optional<NodeFacts> node;
    if (const auto it = m_nodes.find(p.nodeName); it != m_nodes.end())
        node = it->second;
    auto start = std::make_shared<const ColdStart>(
        deriveColdStart(p, events, node, state.log ? &*state.log : nullptr, context));
    state.derived = start;
    m_dirty = true;

    // Weights read from a shared volume (page cache) or an OCI image (the node's image
    // store) stay on the node: the next start of the model there is warm. A hub or
    // object-store download lands in the pod's emptyDir and leaves with it.
    // Only on a node that exists: a cache outlives its pod, not its machine (the node's
    // arrival touches its pods, so the order of informers does not matter).
    const bool nodeKeepsWeights
        = context.storageUri.rfind("pvc://", 0) == 0 || context.storageUri.rfind("oci://", 0) == 0;
    if (!node || !nodeKeepsWeights)
        return;
    std::optional<SystemTime> loaded;
    if (const PhaseSpan *load = start->span(ColdStartPhase::WeightLoad); load && load->end)
        loaded = load->end;
    else if (start->complete)
        loaded = start->ready;
    if (loaded)
        touchNodes(m_warmCaches.addLoad(p.nodeName, context.storageUri, p.meta.name, *loaded));
    // A finished start whose log was read (or already showed the whole start-up) is settled.
    if (start->complete && state.log && state.log->applicationStartup)
        settle(state);
}

void ColdStartTracker::settle(PodState &state)
{
    state.settled = true;
    keepCompleted(state.derived);
    state.events.clear();
    state.log.reset();
}

void ColdStartTracker::keepCompleted(std::shared_ptr<const ColdStart> start)
{
    m_completed.push_back(std::move(start));
    while (m_completed.size() > m_options.maxCompleted)
        m_completed.pop_front();
    m_dirty = true;
}

void ColdStartTracker::applyLog(const std::string &podUid, std::string_view logText)
{
    const auto it = m_pods.find(podUid);
    if (it == m_pods.end() || it->second.settled)
        return;
    PodState &state = it->second;
    state.logReadAt = now();
    state.logWanted = false;
    if (!logText.empty()) {
        // vLLM's stamps have no year: take the container's, and the next one when the
        // log starts before the container did (a start across New Year).
        const kube::CompactPod &p = pod(state);
        const kube::CompactContainerState *serving = servingState(p);
        auto reference = timeOf(serving ? serving->startedAt : std::string());
        if (!reference)
            reference = timeOf(p.meta.creationTimestamp);
        const int year = reference ? yearOf(*reference) : yearOf(now());
        VllmStartup log = parseVllmStartup(logText, year, m_options.logUtcOffset);
        if (reference && log.firstTimestamp && *log.firstTimestamp + std::chrono::days(1) < *reference)
            log = parseVllmStartup(logText, year + 1, m_options.logUtcOffset);
        if (log.markers > 0 || !state.log)
            state.log = std::move(log);
    }
    derive(podUid, state);
    rederive();
    if (!state.settled && state.derived && state.derived->complete)
        settle(state);
}

std::vector<LogRequest> ColdStartTracker::wantedLogs() const
{
    std::vector<LogRequest> requests;
    const SystemTime current = now();
    for (const auto &[uid, state] : m_pods) {
        if (state.settled)
            continue;
        const kube::CompactPod &p = pod(state);
        if (!servingStarted(p))
            continue;
        const bool stale = state.logReadAt && current - *state.logReadAt >= m_options.logRefresh
            && !(state.derived && state.derived->complete);
        if (state.logWanted || !state.logReadAt || stale)
            requests.push_back({uid, p.meta.namespaceName, p.meta.name, servingContainerOf(p)});
    }
    return requests;
}

std::shared_ptr<const ColdStartsSnapshot> ColdStartTracker::snapshot(SystemTime now, std::chrono::seconds statsWindow)
{
    auto snapshot = std::make_shared<ColdStartsSnapshot>();
    snapshot->starts.assign(m_completed.begin(), m_completed.end());
    for (const auto &[uid, state] : m_pods) {
        if (!state.settled && state.derived)
            snapshot->starts.push_back(state.derived);
    }
    std::sort(snapshot->starts.begin(), snapshot->starts.end(), [](const auto &a, const auto &b) {
        return std::tie(a->created, a->podNamespace, a->podName) < std::tie(b->created, b->podNamespace, b->podName);
    });
    snapshot->stats = coldStartStats(snapshot->starts, now, statsWindow);
    snapshot->warmCaches = m_warmCaches.all();
    m_dirty = false;
    return snapshot;
}

} // namespace gantry::fleet

#include "backend/kube/objectstore.h"

#include <unordered_set>

namespace gantry::kube {

namespace {

std::string key(const CompactMeta &meta)
{
    return meta.namespaceName + "/" + meta.name;
}

const CompactPod *asPod(const CompactPtr &object)
{
    return std::get_if<CompactPod>(object.get());
}

} // namespace

int ObjectStore::subscribe(Subscriber subscriber)
{
    std::lock_guard lock(m_publishMutex);
    const int id = m_nextId++;
    m_subscribers.emplace(id, std::move(subscriber));
    return id;
}

void ObjectStore::unsubscribe(int id)
{
    std::lock_guard lock(m_publishMutex);
    m_subscribers.erase(id);
}

ChangeBatch ObjectStore::apply(ObjectKind kind, const std::vector<ObjectChange> &changes)
{
    ChangeBatch batch;
    batch.kind = kind;
    {
        std::unique_lock lock(m_mutex);
        KindState &state = m_kinds[kind];
        for (const ObjectChange &change : changes) {
            if (!change.object)
                continue;
            const CompactMeta &meta = compactMeta(*change.object);
            const auto found = state.byUid.find(meta.uid);
            if (change.type == ObjectChange::Type::Delete) {
                if (found == state.byUid.end())
                    continue;
                batch.deleted.push_back(found->second);
                eraseLocked(state, found->second);
            } else if (found == state.byUid.end()) {
                insertLocked(state, change.object);
                batch.added.push_back(change.object);
            } else if (compactMeta(*found->second).resourceVersion != meta.resourceVersion) {
                eraseLocked(state, found->second);
                insertLocked(state, change.object);
                batch.modified.push_back(change.object);
            }
        }
    }
    publish(batch);
    return batch;
}

ChangeBatch ObjectStore::reconcile(ObjectKind kind, const std::vector<CompactPtr> &items)
{
    ChangeBatch batch;
    batch.kind = kind;
    {
        std::unique_lock lock(m_mutex);
        KindState &state = m_kinds[kind];
        std::unordered_set<std::string> present;
        present.reserve(items.size());
        for (const CompactPtr &item : items) {
            const CompactMeta &meta = compactMeta(*item);
            present.insert(meta.uid);
            const auto found = state.byUid.find(meta.uid);
            if (found == state.byUid.end()) {
                insertLocked(state, item);
                batch.added.push_back(item);
            } else if (compactMeta(*found->second).resourceVersion != meta.resourceVersion) {
                eraseLocked(state, found->second);
                insertLocked(state, item);
                batch.modified.push_back(item);
            }
        }
        std::vector<CompactPtr> gone;
        for (const auto &[uid, object] : state.byUid) {
            if (!present.contains(uid))
                gone.push_back(object);
        }
        for (const CompactPtr &object : gone) {
            eraseLocked(state, object);
            batch.deleted.push_back(object);
        }
    }
    publish(batch);
    return batch;
}

CompactPtr ObjectStore::get(ObjectKind kind, const std::string &uid) const
{
    std::shared_lock lock(m_mutex);
    const auto state = m_kinds.find(kind);
    if (state == m_kinds.end())
        return {};
    const auto found = state->second.byUid.find(uid);
    return found == state->second.byUid.end() ? CompactPtr() : found->second;
}

CompactPtr ObjectStore::find(ObjectKind kind, const std::string &namespaceName, const std::string &name) const
{
    std::shared_lock lock(m_mutex);
    const auto state = m_kinds.find(kind);
    if (state == m_kinds.end())
        return {};
    const auto uid = state->second.uidByKey.find(namespaceName + "/" + name);
    if (uid == state->second.uidByKey.end())
        return {};
    return state->second.byUid.at(uid->second);
}

std::vector<CompactPtr> ObjectStore::items(ObjectKind kind) const
{
    std::shared_lock lock(m_mutex);
    std::vector<CompactPtr> result;
    const auto state = m_kinds.find(kind);
    if (state == m_kinds.end())
        return result;
    result.reserve(state->second.uidByKey.size());
    // By namespace/name, so callers and tests see a stable order.
    for (const auto &[objectKey, uid] : state->second.uidByKey)
        result.push_back(state->second.byUid.at(uid));
    return result;
}

std::size_t ObjectStore::size(ObjectKind kind) const
{
    std::shared_lock lock(m_mutex);
    const auto state = m_kinds.find(kind);
    return state == m_kinds.end() ? 0 : state->second.byUid.size();
}

std::vector<CompactPtr> ObjectStore::podsOnNode(const std::string &nodeName) const
{
    std::shared_lock lock(m_mutex);
    return podsLocked(m_podsByNode, nodeName);
}

std::vector<CompactPtr> ObjectStore::podsOwnedBy(const std::string &ownerUid) const
{
    std::shared_lock lock(m_mutex);
    return podsLocked(m_podsByOwner, ownerUid);
}

std::vector<CompactPtr> ObjectStore::podsOfInferenceService(const std::string &namespaceName,
                                                            const std::string &name) const
{
    std::shared_lock lock(m_mutex);
    return podsLocked(m_podsByService, namespaceName + "/" + name);
}

void ObjectStore::insertLocked(KindState &state, const CompactPtr &object)
{
    const CompactMeta &meta = compactMeta(*object);
    state.byUid[meta.uid] = object;
    state.uidByKey[key(meta)] = meta.uid;
    if (const CompactPod *pod = asPod(object)) {
        if (!pod->nodeName.empty())
            m_podsByNode[pod->nodeName].insert(meta.uid);
        if (!meta.ownerUid.empty())
            m_podsByOwner[meta.ownerUid].insert(meta.uid);
        if (!pod->inferenceService.empty())
            m_podsByService[meta.namespaceName + "/" + pod->inferenceService].insert(meta.uid);
    }
}

void ObjectStore::eraseLocked(KindState &state, const CompactPtr &object)
{
    // `object` may be the map's own reference: keep it alive until the indexes are cleaned.
    const CompactPtr keep = object;
    const CompactMeta &meta = compactMeta(*keep);
    const auto dropFrom = [&meta](Index &index, const std::string &indexKey) {
        const auto found = index.find(indexKey);
        if (found == index.end())
            return;
        found->second.erase(meta.uid);
        if (found->second.empty())
            index.erase(found);
    };
    if (const CompactPod *pod = asPod(keep)) {
        dropFrom(m_podsByNode, pod->nodeName);
        dropFrom(m_podsByOwner, meta.ownerUid);
        dropFrom(m_podsByService, meta.namespaceName + "/" + pod->inferenceService);
    }
    const auto byKey = state.uidByKey.find(key(meta));
    if (byKey != state.uidByKey.end() && byKey->second == meta.uid)
        state.uidByKey.erase(byKey);
    state.byUid.erase(meta.uid);
}

std::vector<CompactPtr> ObjectStore::podsLocked(const Index &index, const std::string &indexKey) const
{
    std::vector<CompactPtr> result;
    const auto found = index.find(indexKey);
    const auto pods = m_kinds.find(ObjectKind::Pod);
    if (found == index.end() || pods == m_kinds.end())
        return result;
    for (const std::string &uid : found->second) {
        const auto pod = pods->second.byUid.find(uid);
        if (pod != pods->second.byUid.end())
            result.push_back(pod->second);
    }
    return result;
}

void ObjectStore::publish(const ChangeBatch &batch)
{
    if (batch.empty())
        return;
    std::lock_guard lock(m_publishMutex);
    for (const auto &[id, subscriber] : m_subscribers)
        subscriber(batch);
}

} // namespace gantry::kube

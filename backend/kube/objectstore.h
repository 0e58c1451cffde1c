#pragma once

#include "backend/kube/compactobjects.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace gantry::kube {

/// A stored compact object; immutable once stored, so readers may keep it.
using CompactPtr = std::shared_ptr<const CompactObject>;

/// What changed in one kind at once: one informer step (a list, a relist, a watch event).
struct ChangeBatch
{
    ObjectKind kind = ObjectKind::Pod;
    std::vector<CompactPtr> added;
    std::vector<CompactPtr> modified; ///< the new states
    std::vector<CompactPtr> deleted;  ///< the last known states

    bool empty() const { return added.empty() && modified.empty() && deleted.empty(); }
    std::size_t size() const { return added.size() + modified.size() + deleted.size(); }
};

/// One change an informer saw, before the store decides whether it is real.
struct ObjectChange
{
    enum class Type { Upsert, Delete };
    Type type = Type::Upsert;
    CompactPtr object;
};

/// The console's view of the cluster: compact objects per kind by uid, with
/// indexes by namespace/name, node, owner and InferenceService. Informers write
/// it; the fleet reads it and subscribes to change batches. Thread-safe.
class ObjectStore
{
public:
    using Subscriber = std::function<void(const ChangeBatch &batch)>;

    ObjectStore() = default;
    ObjectStore(const ObjectStore &) = delete;
    ObjectStore &operator=(const ObjectStore &) = delete;

    /// Calls `subscriber` with every non-empty batch from now on, on the writing
    /// (informer) thread, one batch at a time: consumers hop to their own thread
    /// and must not call back into subscribe/unsubscribe from it. Returns an id.
    int subscribe(Subscriber subscriber);
    void unsubscribe(int id);

    /// Applies watch changes in order. Only real differences are kept: an
    /// upsert of a known uid at the same resourceVersion, or a delete of an
    /// unknown uid, is dropped. Returns (and publishes) what changed.
    ChangeBatch apply(ObjectKind kind, const std::vector<ObjectChange> &changes);
    /// Makes `kind` hold exactly `items` (a list or relist): adds the new,
    /// modifies those whose resourceVersion moved, deletes the missing.
    ChangeBatch reconcile(ObjectKind kind, const std::vector<CompactPtr> &items);

    CompactPtr get(ObjectKind kind, const std::string &uid) const;
    CompactPtr find(ObjectKind kind, const std::string &namespaceName, const std::string &name) const;
    std::vector<CompactPtr> items(ObjectKind kind) const;
    std::size_t size(ObjectKind kind) const;

    std::vector<CompactPtr> podsOnNode(const std::string &nodeName) const;
    std::vector<CompactPtr> podsOwnedBy(const std::string &ownerUid) const;
    std::vector<CompactPtr> podsOfInferenceService(const std::string &namespaceName, const std::string &name) const;

private:
    struct KindState
    {
        std::unordered_map<std::string, CompactPtr> byUid;
        std::map<std::string, std::string> uidByKey; ///< "namespace/name" → uid
    };
    using Index = std::map<std::string, std::set<std::string>>; ///< key → pod uids

    void insertLocked(KindState &state, const CompactPtr &object);
    void eraseLocked(KindState &state, const CompactPtr &object);
    std::vector<CompactPtr> podsLocked(const Index &index, const std::string &key) const;
    void publish(const ChangeBatch &batch);

    mutable std::shared_mutex m_mutex;
    std::map<ObjectKind, KindState> m_kinds;
    Index m_podsByNode;
    Index m_podsByOwner;
    Index m_podsByService; ///< "namespace/name" of the InferenceService

    // Held while delivering so batches reach each subscriber in the order they were made.
    std::mutex m_publishMutex;
    std::map<int, Subscriber> m_subscribers;
    int m_nextId = 1;
};

} // namespace gantry::kube

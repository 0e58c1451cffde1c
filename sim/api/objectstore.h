#pragma once

#include "backend/core/rfc3339.h"
#include "sim/api/resourcetype.h"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>
#include <vector>

namespace gantry::sim {

class LabelSelector;
class FieldSelector;

/// One stored object, immutable once published. Its JSON text is rendered once
/// and shared by every list and watch that sends it.
struct StoredObject
{
    nlohmann::json object;
    std::string json;
    std::uint64_t resourceVersion = 0;
};
using ObjectPtr = std::shared_ptr<const StoredObject>;

enum class WatchEventType { Added, Modified, Deleted };

struct WatchEvent
{
    WatchEventType type = WatchEventType::Added;
    ObjectPtr object;   ///< the new state; for Deleted the last state
    ObjectPtr previous; ///< the state before (Modified, Deleted), for selector transitions
    std::uint64_t resourceVersion = 0;
};

/// One watcher's queue. Writers never block on it: when a watcher falls more than
/// `capacity` events behind it is closed, as the real API server closes slow watchers.
class WatchSubscription
{
public:
    WatchSubscription(std::string namespaceFilter, std::size_t capacity);

    /// Waits up to `timeout` for events and takes all that are queued.
    std::vector<WatchEvent> take(std::chrono::milliseconds timeout);
    bool isClosed() const;
    bool overflowed() const;
    void close();

private:
    friend class ObjectStore;
    void push(const WatchEvent &event, bool ignoreCapacity);

    const std::string m_namespace;
    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<WatchEvent> m_queue;
    bool m_closed = false;
    bool m_overflowed = false;
};

struct ListOptions
{
    std::string namespaceName; ///< "" = all namespaces (or cluster-scoped)
    const LabelSelector *labels = nullptr;
    const FieldSelector *fields = nullptr;
    std::size_t limit = 0; ///< 0 = everything
    std::string continueToken;
};

struct ListResult
{
    std::vector<ObjectPtr> items;
    std::uint64_t resourceVersion = 0;
    std::string continueToken;
    std::optional<std::int64_t> remainingItemCount;
};

/// Which part of an object a write may change.
enum class WriteScope {
    Main,   ///< everything but status, when the type has a status subresource
    Status, ///< only status (the `status` subresource)
    Whole,  ///< spec and status together: the simulator's own controllers
};

/// The simulated cluster's state: every object of every type, a global
/// resourceVersion, a bounded history of changes per type for watch resumption,
/// and the watchers. Thread-safe; writes are serialized, reads run in parallel.
class ObjectStore
{
public:
    struct Options
    {
        std::size_t historyPerType = 20000;
        std::size_t watchQueueCapacity = 50000;
        std::function<SystemTime()> clock;
        std::uint64_t seed = 1;
    };

    ObjectStore();
    explicit ObjectStore(Options options);

    ObjectPtr get(const ResourceType &type, const std::string &namespaceName, const std::string &name) const;
    /// Throws ApiError 410 Expired for a continue token older than the history.
    ListResult list(const ResourceType &type, const ListOptions &options) const;

    /// Stores a new object: fills uid, creationTimestamp, resourceVersion,
    /// generation, resolves generateName. Throws ApiError (AlreadyExists, NotFound
    /// for a missing namespace). With dryRun nothing is stored and no event is sent.
    ObjectPtr create(const ResourceType &type, nlohmann::json object, bool dryRun = false);

    /// Replaces an object (PUT). A non-empty metadata.resourceVersion that is not
    /// the current one is a Conflict. Returns the stored object (unchanged and
    /// without a new version when nothing changed).
    ObjectPtr replace(const ResourceType &type, nlohmann::json object, WriteScope scope, bool dryRun = false);

    /// Read-modify-write under the write lock: `mutate` edits a copy of the
    /// current object (it may throw ApiError to refuse). For patches and controllers.
    ObjectPtr modify(const ResourceType &type, const std::string &namespaceName, const std::string &name,
                     const std::function<void(nlohmann::json &)> &mutate, WriteScope scope, bool dryRun = false);

    /// Deletes an object (and, for a Namespace, everything in it). Returns the
    /// last state. `expectedUid`/`expectedResourceVersion` are delete preconditions.
    ObjectPtr remove(const ResourceType &type, const std::string &namespaceName, const std::string &name,
                     const std::string &expectedUid = {}, const std::string &expectedResourceVersion = {},
                     bool dryRun = false);

    /// Starts a watch. `fromResourceVersion` 0 sends the current objects as
    /// synthetic Added events first. Returns nullptr when the version is older
    /// than the retained history (the caller reports 410 Expired).
    std::shared_ptr<WatchSubscription> watch(const ResourceType &type, const std::string &namespaceName,
                                             std::uint64_t fromResourceVersion);

    /// Closes every watch, e.g. when the server stops.
    void closeAllWatches();

    std::uint64_t currentResourceVersion() const;
    /// The oldest version a watch can still resume from, for this type.
    std::uint64_t oldestResumableVersion(const ResourceType &type) const;
    SystemTime now() const;

private:
    struct TypeState
    {
        std::map<std::string, ObjectPtr> objects; ///< by "namespace/name", the order of etcd keys
        std::deque<WatchEvent> history;
        std::uint64_t compactedThrough = 0; ///< events up to this version are no longer in history
        std::vector<std::weak_ptr<WatchSubscription>> watchers;
    };

    TypeState &state(const ResourceType &type);
    const TypeState *findState(const ResourceType &type) const;
    ObjectPtr publish(const ResourceType &type, TypeState &state, nlohmann::json object, WatchEventType eventType,
                      ObjectPtr previous);
    ObjectPtr replaceLocked(const ResourceType &type, TypeState &state, const ObjectPtr &existing,
                            nlohmann::json candidate, WriteScope scope, bool dryRun);
    ObjectPtr removeLocked(const ResourceType &type, TypeState &state, const std::string &key, bool dryRun);
    void requireNamespace(const ResourceType &type, const std::string &namespaceName) const;
    std::string newUid();
    std::string randomSuffix();

    Options m_options;
    mutable std::shared_mutex m_mutex;
    std::map<const ResourceType *, TypeState> m_types;
    std::uint64_t m_resourceVersion = 0;
    std::mt19937_64 m_random;
};

/// "namespace/name" (or "name" for cluster-scoped objects): the store's key.
std::string objectKey(const std::string &namespaceName, const std::string &name);

} // namespace gantry::sim

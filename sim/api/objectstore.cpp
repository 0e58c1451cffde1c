#include "sim/api/objectstore.h"

#include "sim/api/apierror.h"
#include "sim/api/continuetoken.h"
#include "sim/apimachinery/fieldselector.h"
#include "sim/apimachinery/labelselector.h"

#include <algorithm>

namespace gantry::sim {

namespace {

const std::string &stringAt(const nlohmann::json &object, const char *section, const char *key)
{
    static const std::string empty;
    const auto s = object.find(section);
    if (s == object.end() || !s->is_object())
        return empty;
    const auto v = s->find(key);
    return v != s->end() && v->is_string() ? v->get_ref<const std::string &>() : empty;
}

const std::string &metaString(const nlohmann::json &object, const char *key)
{
    return stringAt(object, "metadata", key);
}

// Everything but metadata and status: a change here bumps metadata.generation.
bool specDiffers(const nlohmann::json &a, const nlohmann::json &b)
{
    for (const auto &[key, value] : a.items()) {
        if (key == "metadata" || key == "status")
            continue;
        const auto other = b.find(key);
        if (other == b.end() || *other != value)
            return true;
    }
    for (const auto &[key, value] : b.items()) {
        if (key != "metadata" && key != "status" && !a.contains(key))
            return true;
    }
    return false;
}

bool matches(const nlohmann::json &object, const ListOptions &options)
{
    if (options.labels && !options.labels->empty()) {
        const auto metadata = object.find("metadata");
        static const nlohmann::json noLabels;
        const nlohmann::json &labels =
            metadata != object.end() && metadata->contains("labels") ? (*metadata)["labels"] : noLabels;
        if (!options.labels->matches(labels))
            return false;
    }
    return !options.fields || options.fields->empty() || options.fields->matches(object);
}

} // namespace

std::string objectKey(const std::string &namespaceName, const std::string &name)
{
    return namespaceName.empty() ? name : namespaceName + "/" + name;
}

// ---------------------------------------------------------------------------
// WatchSubscription

WatchSubscription::WatchSubscription(std::string namespaceFilter, std::size_t capacity)
    : m_namespace(std::move(namespaceFilter))
    , m_capacity(capacity)
{
}

std::vector<WatchEvent> WatchSubscription::take(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    m_ready.wait_for(lock, timeout, [this] { return !m_queue.empty() || m_closed; });
    std::vector<WatchEvent> events(std::make_move_iterator(m_queue.begin()), std::make_move_iterator(m_queue.end()));
    m_queue.clear();
    return events;
}

bool WatchSubscription::isClosed() const
{
    std::lock_guard lock(m_mutex);
    return m_closed;
}

bool WatchSubscription::overflowed() const
{
    std::lock_guard lock(m_mutex);
    return m_overflowed;
}

void WatchSubscription::close()
{
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_ready.notify_all();
}

void WatchSubscription::push(const WatchEvent &event, bool ignoreCapacity)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        if (!ignoreCapacity && m_queue.size() >= m_capacity) {
            // Too far behind: drop it rather than let one slow reader hold memory
            // or writers hostage. The client re-watches from its last version.
            m_overflowed = true;
            m_closed = true;
            m_queue.clear();
        } else {
            m_queue.push_back(event);
        }
    }
    m_ready.notify_one();
}

// ---------------------------------------------------------------------------
// ObjectStore

ObjectStore::ObjectStore()
    : ObjectStore(Options{})
{
}

ObjectStore::ObjectStore(Options options)
    : m_options(std::move(options))
    , m_random(m_options.seed)
{
    if (!m_options.clock)
        m_options.clock = [] { return std::chrono::system_clock::now(); };
}

SystemTime ObjectStore::now() const
{
    return m_options.clock();
}

ObjectStore::TypeState &ObjectStore::state(const ResourceType &type)
{
    return m_types[&type];
}

const ObjectStore::TypeState *ObjectStore::findState(const ResourceType &type) const
{
    const auto it = m_types.find(&type);
    return it == m_types.end() ? nullptr : &it->second;
}

std::uint64_t ObjectStore::currentResourceVersion() const
{
    std::shared_lock lock(m_mutex);
    return m_resourceVersion;
}

std::uint64_t ObjectStore::oldestResumableVersion(const ResourceType &type) const
{
    std::shared_lock lock(m_mutex);
    const TypeState *typeState = findState(type);
    return typeState ? typeState->compactedThrough : 0;
}

ObjectPtr ObjectStore::get(const ResourceType &type, const std::string &namespaceName, const std::string &name) const
{
    std::shared_lock lock(m_mutex);
    const TypeState *typeState = findState(type);
    if (!typeState)
        return nullptr;
    const auto it = typeState->objects.find(objectKey(type.namespaced ? namespaceName : std::string(), name));
    return it == typeState->objects.end() ? nullptr : it->second;
}

ListResult ObjectStore::list(const ResourceType &type, const ListOptions &options) const
{
    std::shared_lock lock(m_mutex);
    ListResult result;
    result.resourceVersion = m_resourceVersion;
    const TypeState *typeState = findState(type);
    if (!typeState)
        return result;

    std::string startAfter;
    if (!options.continueToken.empty()) {
        const auto token = decodeContinueToken(options.continueToken);
        if (!token)
            throw ApiError::badRequest("invalid continue token: the continue parameter is not a token this server "
                                       "issued");
        if (token->resourceVersion < typeState->compactedThrough) {
            throw ApiError(410, "Expired",
                           "The provided continue parameter is too old to display a consistent list result. You "
                           "can start a new list without the continue parameter, or use the continue token in this "
                           "response to retrieve the remainder of the results. Continuing with the provided token "
                           "results in an inconsistent list - objects that were created, modified, or deleted "
                           "between the time the first chunk was returned and now may show up in the list.");
        }
        startAfter = token->lastKey;
        result.resourceVersion = token->resourceVersion;
    }

    const std::string prefix = type.namespaced && !options.namespaceName.empty() ? options.namespaceName + "/" : "";
    auto it = startAfter.empty() ? typeState->objects.lower_bound(prefix) : typeState->objects.upper_bound(startAfter);
    const bool filtered = (options.labels && !options.labels->empty()) || (options.fields && !options.fields->empty());
    std::string lastKey;
    for (; it != typeState->objects.end(); ++it) {
        if (!prefix.empty() && it->first.compare(0, prefix.size(), prefix) != 0)
            break;
        if (!matches(it->second->object, options))
            continue;
        if (options.limit > 0 && result.items.size() == options.limit) {
            // There is more: say where to go on from, and (like the real server,
            // only for unfiltered lists) how much is left.
            result.continueToken = encodeContinueToken({result.resourceVersion, lastKey});
            if (!filtered) {
                std::int64_t remaining = 0;
                for (auto rest = it; rest != typeState->objects.end(); ++rest) {
                    if (!prefix.empty() && rest->first.compare(0, prefix.size(), prefix) != 0)
                        break;
                    ++remaining;
                }
                result.remainingItemCount = remaining;
            }
            break;
        }
        result.items.push_back(it->second);
        lastKey = it->first;
    }
    return result;
}

void ObjectStore::requireNamespace(const ResourceType &type, const std::string &namespaceName) const
{
    if (!type.namespaced)
        return;
    const ResourceType *namespaces = findResourceType("", "v1", "namespaces");
    const TypeState *namespaceState = findState(*namespaces);
    if (!namespaceState || !namespaceState->objects.count(namespaceName))
        throw ApiError::notFound("namespaces", namespaceName);
}

std::string ObjectStore::newUid()
{
    // A version 4 UUID from the seeded generator, so runs with one seed repeat.
    const std::uint64_t high = (m_random() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    const std::uint64_t low = (m_random() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    char buffer[37];
    std::snprintf(buffer, sizeof buffer, "%08llx-%04llx-%04llx-%04llx-%012llx",
                  static_cast<unsigned long long>(high >> 32), static_cast<unsigned long long>((high >> 16) & 0xffff),
                  static_cast<unsigned long long>(high & 0xffff), static_cast<unsigned long long>(low >> 48),
                  static_cast<unsigned long long>(low & 0xffffffffffffULL));
    return buffer;
}

std::string ObjectStore::randomSuffix()
{
    // The alphabet Kubernetes uses for generateName: no vowels, no look-alikes.
    static constexpr char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string suffix;
    for (int i = 0; i < 5; ++i)
        suffix.push_back(alphabet[m_random() % (sizeof alphabet - 1)]);
    return suffix;
}

ObjectPtr ObjectStore::publish(const ResourceType &type, TypeState &typeState, nlohmann::json object,
                               WatchEventType eventType, ObjectPtr previous)
{
    const std::uint64_t version = ++m_resourceVersion;
    object["metadata"]["resourceVersion"] = std::to_string(version);
    auto stored = std::make_shared<StoredObject>();
    stored->json = object.dump();
    stored->object = std::move(object);
    stored->resourceVersion = version;
    ObjectPtr published = stored;

    const std::string &namespaceName = type.namespaced ? metaString(published->object, "namespace") : std::string();
    const std::string key = objectKey(namespaceName, metaString(published->object, "name"));
    if (eventType == WatchEventType::Deleted)
        typeState.objects.erase(key);
    else
        typeState.objects[key] = published;

    const WatchEvent event{eventType, published, std::move(previous), version};
    typeState.history.push_back(event);
    while (typeState.history.size() > m_options.historyPerType) {
        typeState.compactedThrough = typeState.history.front().resourceVersion;
        typeState.history.pop_front();
    }
    auto &watchers = typeState.watchers;
    watchers.erase(std::remove_if(watchers.begin(), watchers.end(),
                                  [&](const std::weak_ptr<WatchSubscription> &weak) {
                                      const auto watcher = weak.lock();
                                      if (!watcher || watcher->isClosed())
                                          return true;
                                      if (watcher->m_namespace.empty() || watcher->m_namespace == namespaceName)
                                          watcher->push(event, false);
                                      return false;
                                  }),
                   watchers.end());
    return published;
}

ObjectPtr ObjectStore::create(const ResourceType &type, nlohmann::json object, bool dryRun)
{
    std::unique_lock lock(m_mutex);
    TypeState &typeState = state(type);
    nlohmann::json &metadata = object["metadata"];
    if (!metadata.is_object())
        metadata = nlohmann::json::object();

    std::string namespaceName;
    if (type.namespaced) {
        namespaceName = metadata.value("namespace", std::string());
        if (namespaceName.empty())
            namespaceName = "default";
        metadata["namespace"] = namespaceName;
        requireNamespace(type, namespaceName);
    } else {
        metadata.erase("namespace");
    }

    std::string name = metadata.value("name", std::string());
    if (name.empty()) {
        const std::string generateName = metadata.value("generateName", std::string());
        if (generateName.empty())
            throw ApiError(422, "Invalid", type.qualifiedKind() + " \"\" is invalid: metadata.name: Required value: "
                                                                   "name or generateName is required");
        for (int attempt = 0; attempt < 8 && (name.empty() || typeState.objects.count(objectKey(namespaceName, name)));
             ++attempt)
            name = generateName + randomSuffix();
        metadata["name"] = name;
    }
    if (typeState.objects.count(objectKey(namespaceName, name)))
        throw ApiError::alreadyExists(type.qualifiedResource(), name);

    metadata["uid"] = newUid();
    metadata["creationTimestamp"] = formatRfc3339(now());
    metadata.erase("resourceVersion");
    metadata.erase("deletionTimestamp");
    if (type.kind != "Event")
        metadata["generation"] = 1;

    if (dryRun) {
        auto stored = std::make_shared<StoredObject>();
        stored->json = object.dump();
        stored->object = std::move(object);
        return stored;
    }
    return publish(type, typeState, std::move(object), WatchEventType::Added, nullptr);
}

ObjectPtr ObjectStore::replaceLocked(const ResourceType &type, TypeState &typeState, const ObjectPtr &existing,
                                     nlohmann::json candidate, WriteScope scope, bool dryRun)
{
    const nlohmann::json &current = existing->object;
    const std::string &name = metaString(current, "name");
    if (!candidate.is_object())
        throw ApiError::badRequest("the object is not a JSON object");
    nlohmann::json &metadata = candidate["metadata"];
    if (!metadata.is_object())
        metadata = nlohmann::json::object();

    const auto requested = metadata.find("resourceVersion");
    if (requested != metadata.end() && requested->is_string() && !requested->get_ref<const std::string &>().empty()
        && *requested != metaString(current, "resourceVersion"))
        throw ApiError::conflict(type.qualifiedResource(), name);

    nlohmann::json next;
    if (scope == WriteScope::Status && type.hasStatus) {
        next = current;
        if (candidate.contains("status"))
            next["status"] = candidate["status"];
        else
            next.erase("status");
    } else {
        next = std::move(candidate);
        if (type.hasStatus && scope == WriteScope::Main) {
            if (current.contains("status"))
                next["status"] = current["status"];
            else
                next.erase("status");
        }
        // Identity and bookkeeping belong to the server.
        nlohmann::json &nextMeta = next["metadata"];
        for (const char *key : {"name", "namespace", "uid", "creationTimestamp", "generation", "deletionTimestamp"}) {
            if (current["metadata"].contains(key))
                nextMeta[key] = current["metadata"][key];
            else
                nextMeta.erase(key);
        }
        if (specDiffers(current, next) && nextMeta.contains("generation"))
            nextMeta["generation"] = nextMeta["generation"].get<std::int64_t>() + 1;
    }
    next["metadata"]["resourceVersion"] = metaString(current, "resourceVersion");
    if (next == current)
        return existing;
    if (dryRun) {
        auto stored = std::make_shared<StoredObject>();
        stored->json = next.dump();
        stored->object = std::move(next);
        return stored;
    }
    return publish(type, typeState, std::move(next), WatchEventType::Modified, existing);
}

ObjectPtr ObjectStore::replace(const ResourceType &type, nlohmann::json object, WriteScope scope, bool dryRun)
{
    std::unique_lock lock(m_mutex);
    TypeState &typeState = state(type);
    const std::string namespaceName = type.namespaced ? metaString(object, "namespace") : std::string();
    const std::string name = metaString(object, "name");
    const auto it = typeState.objects.find(objectKey(namespaceName, name));
    if (it == typeState.objects.end())
        throw ApiError::notFound(type.qualifiedResource(), name);
    return replaceLocked(type, typeState, it->second, std::move(object), scope, dryRun);
}

ObjectPtr ObjectStore::modify(const ResourceType &type, const std::string &namespaceName, const std::string &name,
                              const std::function<void(nlohmann::json &)> &mutate, WriteScope scope, bool dryRun)
{
    std::unique_lock lock(m_mutex);
    TypeState &typeState = state(type);
    const auto it = typeState.objects.find(objectKey(type.namespaced ? namespaceName : std::string(), name));
    if (it == typeState.objects.end())
        throw ApiError::notFound(type.qualifiedResource(), name);
    const ObjectPtr existing = it->second;
    nlohmann::json candidate = existing->object;
    mutate(candidate);
    return replaceLocked(type, typeState, existing, std::move(candidate), scope, dryRun);
}

ObjectPtr ObjectStore::removeLocked(const ResourceType &type, TypeState &typeState, const std::string &key, bool dryRun)
{
    const ObjectPtr existing = typeState.objects.at(key);
    if (dryRun)
        return existing;
    return publish(type, typeState, existing->object, WatchEventType::Deleted, existing);
}

ObjectPtr ObjectStore::remove(const ResourceType &type, const std::string &namespaceName, const std::string &name,
                              const std::string &expectedUid, const std::string &expectedResourceVersion, bool dryRun)
{
    std::unique_lock lock(m_mutex);
    TypeState &typeState = state(type);
    const std::string key = objectKey(type.namespaced ? namespaceName : std::string(), name);
    const auto it = typeState.objects.find(key);
    if (it == typeState.objects.end())
        throw ApiError::notFound(type.qualifiedResource(), name);
    const nlohmann::json &current = it->second->object;
    if ((!expectedUid.empty() && expectedUid != metaString(current, "uid"))
        || (!expectedResourceVersion.empty() && expectedResourceVersion != metaString(current, "resourceVersion"))) {
        throw ApiError(409, "Conflict",
                       "Operation cannot be fulfilled on " + type.qualifiedResource() + " \"" + name
                           + "\": the precondition on the object's uid or resourceVersion does not match");
    }

    if (type.kind == "Namespace" && !dryRun) {
        // Everything in a namespace goes with it.
        const std::string prefix = name + "/";
        for (auto &[otherType, otherState] : m_types) {
            if (!otherType->namespaced)
                continue;
            std::vector<std::string> keys;
            for (auto child = otherState.objects.lower_bound(prefix);
                 child != otherState.objects.end() && child->first.compare(0, prefix.size(), prefix) == 0; ++child)
                keys.push_back(child->first);
            for (const std::string &childKey : keys)
                removeLocked(*otherType, otherState, childKey, false);
        }
    }
    return removeLocked(type, typeState, key, dryRun);
}

std::shared_ptr<WatchSubscription> ObjectStore::watch(const ResourceType &type, const std::string &namespaceName,
                                                      std::uint64_t fromResourceVersion)
{
    std::unique_lock lock(m_mutex);
    TypeState &typeState = state(type);
    auto subscription = std::make_shared<WatchSubscription>(type.namespaced ? namespaceName : std::string(),
                                                            m_options.watchQueueCapacity);
    if (fromResourceVersion == 0) {
        const std::string prefix = type.namespaced && !namespaceName.empty() ? namespaceName + "/" : "";
        for (auto it = typeState.objects.lower_bound(prefix);
             it != typeState.objects.end() && (prefix.empty() || it->first.compare(0, prefix.size(), prefix) == 0);
             ++it)
            subscription->push({WatchEventType::Added, it->second, nullptr, it->second->resourceVersion}, true);
    } else {
        if (fromResourceVersion < typeState.compactedThrough)
            return nullptr;
        for (const WatchEvent &event : typeState.history) {
            if (event.resourceVersion <= fromResourceVersion)
                continue;
            const std::string &eventNamespace = metaString(event.object->object, "namespace");
            if (subscription->m_namespace.empty() || subscription->m_namespace == eventNamespace)
                subscription->push(event, true);
        }
    }
    typeState.watchers.push_back(subscription);
    return subscription;
}

void ObjectStore::closeAllWatches()
{
    std::unique_lock lock(m_mutex);
    for (auto &[type, typeState] : m_types) {
        for (const auto &weak : typeState.watchers) {
            if (const auto watcher = weak.lock())
                watcher->close();
        }
        typeState.watchers.clear();
    }
}

} // namespace gantry::sim

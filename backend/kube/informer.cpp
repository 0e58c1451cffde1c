#include "backend/kube/informer.h"

#include <algorithm>

namespace gantry::kube {

const char *informerStateName(InformerState state)
{
    switch (state) {
    case InformerState::Stopped: return "stopped";
    case InformerState::Syncing: return "syncing";
    case InformerState::Live: return "live";
    case InformerState::Reconnecting: return "reconnecting";
    case InformerState::Forbidden: return "forbidden";
    case InformerState::NotInstalled: return "not installed";
    }
    return "unknown";
}

ResourceRef informerResource(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Node: return {"", "v1", "nodes", {}, {}, {}};
    case ObjectKind::Pod: return {"", "v1", "pods", {}, {}, {}};
    case ObjectKind::Event: return {"", "v1", "events", {}, {}, {}};
    case ObjectKind::InferenceService: return {"serving.kserve.io", "v1beta1", "inferenceservices", {}, {}, {}};
    case ObjectKind::Job: return {"batch", "v1", "jobs", {}, {}, {}};
    case ObjectKind::LocalModelCache: return {"serving.kserve.io", "v1alpha1", "localmodelcaches", {}, {}, {}};
    case ObjectKind::MachineSet: return {"machine.openshift.io", "v1beta1", "machinesets", {}, {}, {}};
    }
    return {};
}

Informer::Informer(std::shared_ptr<RestClient> client, ObjectKind kind, ObjectStore &store, InformerOptions options)
    : Informer(std::move(client), kind, informerResource(kind), store, std::move(options))
{
}

Informer::Informer(std::shared_ptr<RestClient> client, ObjectKind kind, ResourceRef resource, ObjectStore &store,
                   InformerOptions options)
    : m_client(std::move(client))
    , m_kind(kind)
    , m_resource(std::move(resource))
    , m_store(store)
    , m_options(std::move(options))
{
}

Informer::~Informer()
{
    stop();
}

void Informer::start()
{
    if (m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    // A Cancellation cannot be reset, so each run gets a fresh one.
    m_cancellation = Cancellation();
    m_resourceVersion.clear();
    m_backoff = std::chrono::milliseconds(0);
    m_thread = std::thread([this] { run(); });
}

void Informer::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cancellation.cancel();
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

InformerStatus Informer::status() const
{
    std::lock_guard lock(m_mutex);
    return m_status;
}

void Informer::setStateHandler(StateHandler handler)
{
    m_stateHandler = std::move(handler);
}

void Informer::run()
{
    setState(InformerState::Syncing);
    bool needList = true;
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                break;
        }
        const Outcome outcome = needList ? listAndReconcile() : watchOnce();
        if (outcome == Outcome::Stop)
            break;
        needList = outcome == Outcome::Relist;
    }
    setState(InformerState::Stopped);
}

Informer::Outcome Informer::listAndReconcile()
{
    const InformerState current = status().state;
    if (current == InformerState::Live || current == InformerState::Stopped)
        setState(InformerState::Syncing);

    ListOptions options;
    options.limit = m_options.pageSize;
    options.labelSelector = m_options.labelSelector;
    options.fieldSelector = m_options.fieldSelector;
    options.cancellation = m_cancellation;
    std::vector<CompactPtr> items;
    std::string version;
    for (;;) {
        const JsonResult page = m_client->list(m_resource, options);
        if (!page)
            return failed(page.error(), true);
        const nlohmann::json &pageItems = (*page).contains("items") ? (*page)["items"] : nlohmann::json();
        if (pageItems.is_array()) {
            for (const nlohmann::json &item : pageItems)
                items.push_back(std::make_shared<const CompactObject>(extractCompact(m_kind, item)));
        }
        const nlohmann::json &metadata = (*page).contains("metadata") ? (*page)["metadata"] : nlohmann::json();
        if (metadata.is_object()) {
            version = metadata.value("resourceVersion", version);
            options.continueToken = metadata.value("continue", std::string());
        } else {
            options.continueToken.clear();
        }
        {
            std::lock_guard lock(m_mutex);
            m_status.listed = items.size();
            m_status.listTotal.reset();
            if (metadata.is_object() && metadata.contains("remainingItemCount")
                && metadata["remainingItemCount"].is_number_integer() && metadata["remainingItemCount"] >= 0)
                m_status.listTotal = items.size() + metadata["remainingItemCount"].get<std::uint64_t>();
        }
        if (options.continueToken.empty())
            break;
    }
    m_store.reconcile(m_kind, items);
    m_resourceVersion = version;
    m_backoff = std::chrono::milliseconds(0);
    {
        std::lock_guard lock(m_mutex);
        ++m_status.lists;
    }
    setState(InformerState::Live);
    return Outcome::Continue;
}

Informer::Outcome Informer::watchOnce()
{
    WatchOptions options;
    options.labelSelector = m_options.labelSelector;
    options.fieldSelector = m_options.fieldSelector;
    options.allowBookmarks = true;
    options.timeoutSeconds = m_options.watchTimeoutSeconds;
    options.cancellation = m_cancellation;

    bool expired = false;
    bool heardFromServer = false;
    std::optional<ApiStatus> errorEvent;
    const auto onEvent = [&](const WatchEvent &event) {
        if (event.type == WatchEvent::Type::Error) {
            if (event.status && event.status->code == 410)
                expired = true;
            else
                errorEvent = event.status.value_or(ApiStatus{});
            return false;
        }
        if (!heardFromServer) {
            heardFromServer = true;
            m_backoff = std::chrono::milliseconds(0);
            setState(InformerState::Live);
        }
        if (event.type != WatchEvent::Type::Bookmark) {
            const auto type = event.type == WatchEvent::Type::Deleted ? ObjectChange::Type::Delete
                                                                       : ObjectChange::Type::Upsert;
            m_store.apply(m_kind, {{type, std::make_shared<const CompactObject>(extractCompact(m_kind, event.object))}});
        }
        const std::string version = event.resourceVersion();
        if (!version.empty())
            m_resourceVersion = version;
        return true;
    };
    const ApiResult<StreamSummary> result = m_client->watch(m_resource, m_resourceVersion, options, onEvent);
    if (expired)
        return Outcome::Relist;
    if (!result)
        return failed(result.error(), false);
    if (errorEvent)
        return failed(ApiError::fromStatus(*errorEvent), false);
    // A stream that ends before saying anything is a server going away; do not spin on it.
    if (!heardFromServer) {
        setState(InformerState::Reconnecting, "the watch ended without events");
        return pause(nextBackoff()) ? Outcome::Continue : Outcome::Stop;
    }
    return Outcome::Continue;
}

namespace {

// kube-apiserver's answer to a watch from a version it has not reached, e.g. after
// the server (or its etcd) was replaced: 504 with cause ResourceVersionTooLarge.
bool resourceVersionTooLarge(const ApiError &error)
{
    if (!error.isStatus())
        return false;
    for (const StatusCause &cause : error.status().causes) {
        if (cause.reason == "ResourceVersionTooLarge")
            return true;
    }
    return error.status().message.rfind("Too large resource version", 0) == 0;
}

} // namespace

Informer::Outcome Informer::failed(const ApiError &error, bool listing)
{
    if (error.isCancelled())
        return Outcome::Stop;
    if (error.isExpired())
        return Outcome::Relist; // a continue token or watch version too old: start over from a fresh list
    if (!listing && resourceVersionTooLarge(error)) {
        // Our version means nothing to this server: what we hold may be stale, list afresh.
        setState(InformerState::Reconnecting, error.summary());
        return pause(nextBackoff()) ? Outcome::Relist : Outcome::Stop;
    }
    if (error.isNotFound() || error.isForbidden()) {
        // A watch refused this way: let a list decide (and report) whether the kind is still there.
        if (!listing)
            return Outcome::Relist;
        const bool absent = error.isNotFound();
        // The kind is gone (CRD removed): what the store still holds of it is stale.
        if (absent)
            m_store.reconcile(m_kind, {});
        setState(absent ? InformerState::NotInstalled : InformerState::Forbidden, error.summary());
        return pause(m_options.absentRetry) ? Outcome::Relist : Outcome::Stop;
    }
    setState(InformerState::Reconnecting, error.summary());
    if (!pause(nextBackoff()))
        return Outcome::Stop;
    // After a failed watch the last version is still good; resume from it.
    return listing ? Outcome::Relist : Outcome::Continue;
}

void Informer::setState(InformerState state, std::string error)
{
    InformerStatus copy;
    {
        std::lock_guard lock(m_mutex);
        const bool changed = m_status.state != state;
        if (!changed && m_status.lastError == error)
            return;
        if (changed)
            m_status.since = std::chrono::system_clock::now();
        m_status.state = state;
        m_status.lastError = std::move(error);
        copy = m_status;
    }
    if (m_stateHandler)
        m_stateHandler(copy);
}

bool Informer::pause(std::chrono::milliseconds duration)
{
    std::unique_lock lock(m_mutex);
    return !m_wake.wait_for(lock, duration, [this] { return m_stopping; });
}

std::chrono::milliseconds Informer::nextBackoff()
{
    m_backoff = m_backoff.count() == 0 ? m_options.initialBackoff : std::min(m_backoff * 2, m_options.maxBackoff);
    std::uniform_real_distribution<double> spread(1.0 - m_options.jitter, 1.0 + m_options.jitter);
    return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(m_backoff.count()) * spread(m_random)));
}

} // namespace gantry::kube

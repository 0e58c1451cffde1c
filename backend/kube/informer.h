#pragma once

#include "backend/kube/compactobjects.h"
#include "backend/kube/objectstore.h"
#include "backend/kube/restclient.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

namespace gantry::kube {

/// How fresh an informer's kind is, for the UI's badge.
enum class InformerState {
    Stopped,      ///< not started, or stopped
    Syncing,      ///< listing (first time or after an expiry)
    Live,         ///< watching; the store follows the server
    Reconnecting, ///< the watch or list failed; retrying with backoff since `since`
    Forbidden,    ///< 403: the user may not list this kind; retried slowly
    NotInstalled, ///< 404: the cluster does not serve it (no KServe, no MachineSets); retried slowly
};

const char *informerStateName(InformerState state);

struct InformerStatus
{
    InformerState state = InformerState::Stopped;
    std::chrono::system_clock::time_point since; ///< when `state` was entered
    std::string lastError; ///< the last failure in words, "" when none
    std::uint64_t lists = 0; ///< complete lists so far (1 = initial sync, more = relists)
    /// While listing: objects received so far, and the total when the server says
    /// (remainingItemCount), so a first sync can show "pods 12,000 / 20,000".
    std::uint64_t listed = 0;
    std::optional<std::uint64_t> listTotal;
};

struct InformerOptions
{
    std::int64_t pageSize = 500;
    std::chrono::milliseconds initialBackoff{200};
    std::chrono::milliseconds maxBackoff{30000};
    double jitter = 0.2; ///< ±20% of each backoff, so many clients do not retry in step
    /// Between attempts while Forbidden or NotInstalled: a normal state, not an error loop.
    std::chrono::milliseconds absentRetry{60000};
    /// The server ends each watch after this; the informer then re-watches from the last version.
    std::int64_t watchTimeoutSeconds = 300;
    std::string labelSelector;
    std::string fieldSelector;
};

/// The collection the console watches for `kind`, in all namespaces.
ResourceRef informerResource(ObjectKind kind);

/// Keeps one kind of ObjectStore in step with the server on a worker thread:
/// a paged list, then a watch with bookmarks from the list's version; an
/// expired version relists and reconciles (only real differences reach
/// subscribers); a dropped connection re-watches from the last version seen,
/// with exponential backoff and jitter.
class Informer
{
public:
    using StateHandler = std::function<void(const InformerStatus &status)>;

    Informer(std::shared_ptr<RestClient> client, ObjectKind kind, ObjectStore &store, InformerOptions options = {});
    /// For tests and unusual clusters: watch `resource` but store it as `kind`.
    Informer(std::shared_ptr<RestClient> client, ObjectKind kind, ResourceRef resource, ObjectStore &store,
             InformerOptions options = {});
    ~Informer();
    Informer(const Informer &) = delete;
    Informer &operator=(const Informer &) = delete;

    /// Starts the worker; does nothing if it runs.
    void start();
    /// Cancels the request in flight and joins the worker (within about a tenth of a second).
    void stop();

    InformerStatus status() const;
    /// Called on the worker thread at each state change; set before start().
    void setStateHandler(StateHandler handler);
    ObjectKind kind() const { return m_kind; }

private:
    enum class Outcome { Continue, Relist, Stop };

    void run();
    Outcome listAndReconcile();
    Outcome watchOnce();
    Outcome failed(const ApiError &error, bool listing);
    void setState(InformerState state, std::string error = {});
    /// Sleeps unless stopped; false once stopping.
    bool pause(std::chrono::milliseconds duration);
    std::chrono::milliseconds nextBackoff();

    std::shared_ptr<RestClient> m_client;
    const ObjectKind m_kind;
    const ResourceRef m_resource;
    ObjectStore &m_store;
    const InformerOptions m_options;
    StateHandler m_stateHandler;

    std::thread m_thread;
    Cancellation m_cancellation;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    InformerStatus m_status;

    // Worker-thread only.
    std::string m_resourceVersion;
    std::chrono::milliseconds m_backoff{0};
    std::mt19937 m_random{std::random_device{}()};
};

} // namespace gantry::kube

#pragma once

#include "backend/kube/apierror.h"
#include "backend/kube/cancellation.h"
#include "backend/kube/resourceref.h"
#include "backend/kube/transport.h"
#include "backend/kube/watchevent.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gantry::kube {

/// The parsed JSON answer of a call, or why there is none.
using JsonResult = ApiResult<nlohmann::json>;

struct GetOptions
{
    std::string resourceVersion; ///< "" = most recent, "0" = any cached
    Cancellation cancellation;
};

struct ListOptions
{
    std::string labelSelector;
    std::string fieldSelector;
    std::int64_t limit = 0; ///< page size; 0 = everything at once
    std::string continueToken; ///< metadata.continue of the previous page
    std::string resourceVersion;
    std::string resourceVersionMatch; ///< NotOlderThan or Exact
    Cancellation cancellation;
};

struct WriteOptions
{
    bool dryRun = false;        ///< dryRun=All: validated and admitted, not stored
    std::string fieldManager;   ///< required for PatchType::Apply
    std::string fieldValidation; ///< Ignore, Warn or Strict
    bool force = false;         ///< PatchType::Apply: take over conflicting fields
    Cancellation cancellation;
};

struct DeleteOptions
{
    bool dryRun = false;
    std::string propagationPolicy; ///< Foreground, Background or Orphan
    std::optional<std::int64_t> gracePeriodSeconds;
    std::string preconditionResourceVersion;
    std::string preconditionUid;
    Cancellation cancellation;
};

/// The body types of PATCH. Strategic merge works on built-in kinds only (a
/// custom resource answers 415); Apply is server-side apply.
enum class PatchType { Merge, Json, Strategic, Apply };

/// The Content-Type for a PatchType, e.g. "application/merge-patch+json".
const char *patchContentType(PatchType type);

struct WatchOptions
{
    std::string labelSelector;
    std::string fieldSelector;
    bool allowBookmarks = true;
    std::int64_t timeoutSeconds = 0; ///< the server ends the watch after this; 0 = server default
    /// Silence after which the stream is declared dead; default the transport's streamIdleTimeout.
    std::optional<std::chrono::milliseconds> idleTimeout;
    Cancellation cancellation;
};

struct LogOptions
{
    std::string container; ///< "" = the pod's only (or default) container
    bool follow = false;
    std::int64_t tailLines = -1; ///< -1 = all
    bool timestamps = false;
    bool previous = false;
    std::int64_t sinceSeconds = 0;
    Cancellation cancellation;
};

/// How a stream (watch, logs) went when it ended without an error.
struct StreamSummary
{
    std::uint64_t items = 0; ///< watch events or log lines delivered
    std::uint64_t bytes = 0;
    /// Of the last ADDED/MODIFIED/DELETED/BOOKMARK event: where to resume a watch.
    std::string lastResourceVersion;
    bool stoppedByCallback = false;
};

/// Return false to stop the stream.
using WatchHandler = std::function<bool(const WatchEvent &event)>;
/// One log line without its '\n'; return false to stop.
using LogLineHandler = std::function<bool(std::string_view line)>;

/// Kubernetes REST calls in JSON over a Transport: CRUD, list with paging and
/// selectors, dry-run, watch and logs. Errors come back as ApiError: the
/// server's Status verbatim, or the transport failure in words. After a 401
/// with a credential that can change (exec plugin, token file) the credential
/// is refreshed and the call retried once. Thread-safe; blocking, so for
/// worker threads only.
class RestClient
{
public:
    explicit RestClient(std::shared_ptr<Transport> transport);

    /// A client for a resolved kubeconfig context, with Gantry's default limits.
    static std::shared_ptr<RestClient> forConnection(const ResolvedConnection &connection, bool readOnly = false,
                                                     const CredentialOptions &credentials = {});

    JsonResult get(const ResourceRef &ref, const GetOptions &options = {});
    /// One page of a collection; follow metadata.continue for the next.
    JsonResult list(const ResourceRef &ref, const ListOptions &options = {});
    /// POST to ref's collection (ref.name is ignored).
    JsonResult create(const ResourceRef &ref, const nlohmann::json &object, const WriteOptions &options = {});
    /// PUT; a stale metadata.resourceVersion fails with isConflict().
    JsonResult update(const ResourceRef &ref, const nlohmann::json &object, const WriteOptions &options = {});
    /// PATCH; `patch` is an object (merge, strategic, apply) or an array (json).
    JsonResult patch(const ResourceRef &ref, PatchType type, const nlohmann::json &patch,
                     const WriteOptions &options = {});
    /// DELETE; the answer is the deleted object or a Success Status.
    JsonResult remove(const ResourceRef &ref, const DeleteOptions &options = {});
    /// GET of any API path (discovery: "/apis", "/version", …).
    JsonResult getPath(const std::string &pathAndQuery, const Cancellation &cancellation = {});

    /// Watches ref's collection (a named ref: that object only) from
    /// `resourceVersion`, handing each event to `onEvent` as it arrives. ERROR
    /// events (410 Expired: relist) are delivered like the others. Returns when
    /// the server ends the stream, `onEvent` returns false, or with the error
    /// (cancellation included: isCancelled()).
    ApiResult<StreamSummary> watch(const ResourceRef &ref, const std::string &resourceVersion,
                                   const WatchOptions &options, const WatchHandler &onEvent);

    /// A pod's log (ref names the pod), line by line; with `follow` until the
    /// container ends, `onLine` returns false or the call is cancelled.
    ApiResult<StreamSummary> logs(const ResourceRef &pod, const LogOptions &options, const LogLineHandler &onLine);

    Transport &transport() const { return *m_transport; }
    bool insecure() const { return m_transport->insecure(); }
    bool readOnly() const { return m_transport->readOnly(); }

private:
    JsonResult send(const TransportRequest &request);
    JsonResult write(const std::string &method, const std::string &path, std::string body, const char *contentType,
                     const WriteOptions &options);
    TransportResponse streamOnce(const TransportRequest &request, const ChunkHandler &onChunk);

    std::shared_ptr<Transport> m_transport;
};

} // namespace gantry::kube

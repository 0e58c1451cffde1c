#pragma once

#include "backend/actions/actioncontext.h"
#include "backend/actions/actionerror.h"
#include "backend/actions/prewarmprogress.h"

#include <cstddef>
#include <string>
#include <vector>

namespace gantry::actions {

/// How nodes are warmed.
enum class PrewarmMethod {
    Jobs, ///< one Job per node reading a shared volume (pvc://) into its page cache
    LocalModelCache, ///< a KServe LocalModelCache copying the model onto a node group's nodes
};

/// What to warm, where.
struct PrewarmSpec {
    PrewarmMethod method = PrewarmMethod::Jobs;
    /// Jobs: pvc://<claim>/<path>. LocalModelCache: any storage URI (spec.sourceModelUri).
    std::string modelUri;
    /// Jobs: the nodes to warm (a whole pool = all its node names). LocalModelCache:
    /// the nodes whose progress to report ("" = every node the cache lists).
    std::vector<std::string> nodes;
    std::string namespaceName = "default"; ///< of the Jobs
    /// The Jobs' image: any image with sh, find and cat.
    std::string image = "registry.access.redhat.com/ubi9/ubi-minimal:latest";
    std::vector<std::string> nodeGroups; ///< LocalModelCache: spec.nodeGroups
    std::string modelSize; ///< LocalModelCache: spec.modelSize, e.g. "16Gi"
    std::string cacheName; ///< LocalModelCache: "" = derived from the URI
};

/// What start() created, for progress() and cancel().
struct PrewarmHandle {
    PrewarmMethod method = PrewarmMethod::Jobs;
    std::string namespaceName;
    std::string modelUri;
    std::vector<std::string> nodes;
    std::vector<std::string> jobs; ///< Jobs: the Job of nodes[i]
    std::string cacheName; ///< LocalModelCache
};

/// Warms nodes for a model: Jobs pinned to each node (label gantry.io/prewarm=true,
/// annotations gantry.io/model-uri and gantry.io/node) or one LocalModelCache. Local
/// validation, server dry-run of every object, then the creates; each created or
/// deleted object is one audit line (verbs "prewarm", "cancel"). Blocking: call from
/// a worker thread; thread-safe.
class PrewarmAction {
public:
    explicit PrewarmAction(ActionContext context);

    /// Creates the Jobs or the cache. A Job of the same name that already warms the
    /// same model on the same node is adopted, not an error.
    ActionResult<PrewarmHandle> start(const PrewarmSpec &spec, const ActionOptions &options = {}) const;
    /// Per node: Job status (active/succeeded/failed) and, with `readLogs` and when the
    /// pod's log is readable, its newest "prewarm: …" line and fraction; for a cache,
    /// status.nodeStatus (a cache that is gone and had no nodes named: one entry, node "").
    kube::ApiResult<std::vector<NodePrewarmProgress>> progress(const PrewarmHandle &handle, bool readLogs = true) const;
    /// Deletes the Jobs (propagationPolicy Background, so their pods go too) or the
    /// cache. Objects already gone count as cancelled. Returns how many were deleted.
    ActionResult<std::size_t> cancel(const PrewarmHandle &handle, const ActionOptions &options = {}) const;

    /// The problems of a spec, before anything is sent.
    static Problems validate(const PrewarmSpec &spec);
    /// "prewarm-<node>-<hash of the URI>", a valid Job name and label value (≤ 63).
    static std::string jobNameFor(const std::string &node, const std::string &modelUri);
    /// "<model name>-<hash of the URI>" for a LocalModelCache.
    static std::string cacheNameFor(const std::string &modelUri);

private:
    ActionResult<PrewarmHandle> startJobs(const PrewarmSpec &spec, const ActionOptions &options) const;
    ActionResult<PrewarmHandle> startCache(const PrewarmSpec &spec, const ActionOptions &options) const;
    NodePrewarmProgress jobProgress(const std::string &namespaceName, const std::string &node, const std::string &job,
        bool readLogs, std::optional<kube::ApiError> &error) const;
    void audit(const char *verb, const char *kind, const std::string &namespaceName, const std::string &name,
        std::string summary, bool dryRun, std::string result) const;

    ActionContext m_context;
};

} // namespace gantry::actions

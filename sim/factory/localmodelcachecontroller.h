#pragma once

#include <map>
#include <set>
#include <string>

namespace gantry::sim {

struct FactoryContext;

/// KServe's local model cache for the factory: a LocalModelCache
/// (serving.kserve.io/v1alpha1, cluster-scoped) downloads `sourceModelUri` onto
/// every node of its `nodeGroups` (here: the GPU pools of those names) over the
/// source's storage link, and reports per-node status (NodeDownloadPending,
/// NodeDownloading, NodeDownloaded) and copies as KServe does. Services whose
/// storageUri matches then start from the node cache.
class LocalModelCacheController
{
public:
    explicit LocalModelCacheController(FactoryContext &context);
    void reconcile();

private:
    FactoryContext &m_context;
    std::map<std::string, std::set<std::string>> m_downloading; ///< cache name → nodes with a transfer under way
};

} // namespace gantry::sim

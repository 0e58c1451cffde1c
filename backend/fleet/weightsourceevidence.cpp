#include "backend/fleet/weightsourceevidence.h"

#include "backend/fleet/deployment.h"

namespace gantry::fleet {

std::string earlierLoadVia(std::string_view pod)
{
    return "earlier load by " + std::string(pod);
}

WeightSourceDecision decideWeightSource(std::string_view storageUri, std::string_view localModelLabel,
                                        std::string_view node, std::optional<SystemTime> reference,
                                        const std::vector<WarmCache> &warmCaches, std::string_view ownPod)
{
    // KServe labels (and mounts the cache volume into) exactly the pods that read a LocalModelCache.
    if (!localModelLabel.empty())
        return {weightSourceName(WeightSource::NodeCache),
                "label internal.serving.kserve.io/localmodel=" + std::string(localModelLabel)};
    const std::string own = earlierLoadVia(ownPod);
    const WarmCache *best = nullptr;
    if (reference && !storageUri.empty() && !node.empty()) {
        for (const WarmCache &cache : warmCaches) {
            if (cache.node != node || cache.modelUri != storageUri || cache.since > *reference || cache.via == own)
                continue;
            if (!best || cache.since < best->since)
                best = &cache;
        }
    }
    if (best)
        return {weightSourceName(WeightSource::NodeCache), best->via};
    const WeightSource source = weightSourceOfUri(storageUri);
    return {weightSourceName(source), storageUri.empty() ? "no storageUri known" : "storageUri " + std::string(storageUri)};
}

} // namespace gantry::fleet

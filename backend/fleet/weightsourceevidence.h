#pragma once

#include "backend/core/rfc3339.h"
#include "backend/fleet/coldstart.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::fleet {

/// Where one start's weights came from, and what says so.
struct WeightSourceDecision
{
    std::string source;   ///< the words of weightSourceName
    std::string evidence; ///< e.g. "storageUri hf://…", "prewarm job prewarm-h100-0", "label internal.serving.kserve.io/localmodel=llama"
};

/// Decides a start's weight source. A node-local copy wins over the URI: the
/// pod's LocalModelCache label, or a warm cache of `storageUri` on `node` that
/// was there by `reference` (when the pod began fetching: its download, else
/// its weight load) and is not the pod's own load. Otherwise the storageUri's
/// scheme decides. `ownPod` is the pod's name, to skip its own "earlier load".
WeightSourceDecision decideWeightSource(std::string_view storageUri, std::string_view localModelLabel,
                                        std::string_view node, std::optional<SystemTime> reference,
                                        const std::vector<WarmCache> &warmCaches, std::string_view ownPod);

/// The WarmCache::via of a load by `pod`: "earlier load by <pod>".
std::string earlierLoadVia(std::string_view pod);

} // namespace gantry::fleet

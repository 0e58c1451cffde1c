#pragma once

#include "backend/fleet/coldstart.h"
#include "backend/kube/objectstore.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace gantry::fleet {

/// The nodes that hold a model's weights locally, from completed prewarm Jobs,
/// LocalModelCaches (NodeDownloaded) and earlier weight loads. Per node, model
/// and kind of source only the earliest copy is kept: it decides which starts
/// found the node warm. Every change says which nodes it touched.
class WarmCacheIndex
{
public:
    using Nodes = std::set<std::string>;

    /// Prewarm Jobs (label gantry.io/prewarm=true, annotations gantry.io/model-uri and
    /// gantry.io/node, see PrewarmController): warm once complete. A deleted Job
    /// leaves the page cache it filled, so deletions change nothing.
    Nodes applyJobs(const kube::ChangeBatch &batch);
    /// LocalModelCaches: each NodeDownloaded node is warm, since `now` (the
    /// object carries no time per node); a deleted cache takes its copies along.
    Nodes applyLocalModelCaches(const kube::ChangeBatch &batch, SystemTime now);
    /// `pod` finished reading `uri` on `node` at `since`.
    Nodes addLoad(const std::string &node, const std::string &uri, const std::string &pod, SystemTime since);
    /// Forgets the caches of a node that is gone, or (with `bornAt`) those older than the machine now under its name.
    Nodes forgetNode(const std::string &node, std::optional<SystemTime> bornAt = std::nullopt);

    std::vector<WarmCache> onNode(const std::string &node) const;
    /// All of them, by node, model and time.
    std::vector<WarmCache> all() const;

private:
    using Key = std::tuple<std::string, std::string, std::string>; ///< node, model URI, source

    Nodes put(const Key &key, WarmCache cache);
    Nodes erase(const std::function<bool(const Key &, const WarmCache &)> &predicate);

    std::map<Key, WarmCache> m_caches;
};

} // namespace gantry::fleet

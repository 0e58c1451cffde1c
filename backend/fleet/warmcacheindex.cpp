#include "backend/fleet/warmcacheindex.h"

#include "backend/fleet/weightsourceevidence.h"

#include <algorithm>

namespace gantry::fleet {

namespace {

constexpr const char *loadSource = "load";
constexpr const char *prewarmSource = "prewarm";

std::optional<SystemTime> timeOf(const std::string &text)
{
    return text.empty() ? std::nullopt : parseRfc3339(text);
}

} // namespace

WarmCacheIndex::Nodes WarmCacheIndex::put(const Key &key, WarmCache cache)
{
    const auto it = m_caches.find(key);
    if (it != m_caches.end() && it->second.since <= cache.since)
        return {};
    m_caches[key] = std::move(cache);
    return {std::get<0>(key)};
}

WarmCacheIndex::Nodes WarmCacheIndex::erase(const std::function<bool(const Key &, const WarmCache &)> &predicate)
{
    Nodes touched;
    for (auto it = m_caches.begin(); it != m_caches.end();) {
        if (predicate(it->first, it->second)) {
            touched.insert(std::get<0>(it->first));
            it = m_caches.erase(it);
        } else {
            ++it;
        }
    }
    return touched;
}

WarmCacheIndex::Nodes WarmCacheIndex::applyJobs(const kube::ChangeBatch &batch)
{
    Nodes touched;
    for (const auto *list : {&batch.added, &batch.modified}) {
        for (const kube::CompactPtr &object : *list) {
            const auto *job = object ? std::get_if<kube::CompactJob>(object.get()) : nullptr;
            if (!job)
                continue;
            const auto label = job->labels.find("gantry.io/prewarm");
            const auto uri = job->annotations.find("gantry.io/model-uri");
            const auto node = job->annotations.find("gantry.io/node");
            if (label == job->labels.end() || label->second != "true" || uri == job->annotations.end()
                || node == job->annotations.end() || uri->second.empty() || node->second.empty())
                continue;
            const auto complete = job->conditions.find("Complete");
            const bool succeeded = job->succeeded > 0 || (complete != job->conditions.end() && complete->second.status == "True");
            const auto finished = timeOf(job->completionTime);
            if (!succeeded || !finished)
                continue;
            touched.merge(put({node->second, uri->second, prewarmSource},
                              WarmCache{node->second, uri->second, "prewarm job " + job->meta.name, *finished}));
        }
    }
    return touched;
}

WarmCacheIndex::Nodes WarmCacheIndex::applyLocalModelCaches(const kube::ChangeBatch &batch, SystemTime now)
{
    Nodes touched;
    for (const auto *list : {&batch.added, &batch.modified}) {
        for (const kube::CompactPtr &object : *list) {
            const auto *cache = object ? std::get_if<kube::CompactLocalModelCache>(object.get()) : nullptr;
            if (!cache || cache->sourceModelUri.empty())
                continue;
            const std::string source = "LocalModelCache " + cache->meta.name;
            touched.merge(erase([&](const Key &key, const WarmCache &) {
                if (std::get<2>(key) != source)
                    return false;
                const auto status = cache->nodeStatus.find(std::get<0>(key));
                return std::get<1>(key) != cache->sourceModelUri || status == cache->nodeStatus.end()
                    || status->second != "NodeDownloaded";
            }));
            for (const auto &[node, status] : cache->nodeStatus) {
                if (status == "NodeDownloaded" && !m_caches.count({node, cache->sourceModelUri, source}))
                    touched.merge(put({node, cache->sourceModelUri, source}, WarmCache{node, cache->sourceModelUri, source, now}));
            }
        }
    }
    for (const kube::CompactPtr &object : batch.deleted) {
        if (const auto *cache = object ? std::get_if<kube::CompactLocalModelCache>(object.get()) : nullptr) {
            const std::string source = "LocalModelCache " + cache->meta.name;
            touched.merge(erase([&](const Key &key, const WarmCache &) { return std::get<2>(key) == source; }));
        }
    }
    return touched;
}

WarmCacheIndex::Nodes WarmCacheIndex::addLoad(const std::string &node, const std::string &uri, const std::string &pod,
                                              SystemTime since)
{
    return put({node, uri, loadSource}, WarmCache{node, uri, earlierLoadVia(pod), since});
}

WarmCacheIndex::Nodes WarmCacheIndex::forgetNode(const std::string &node, std::optional<SystemTime> bornAt)
{
    return erase([&](const Key &, const WarmCache &cache) { return cache.node == node && (!bornAt || cache.since < *bornAt); });
}

std::vector<WarmCache> WarmCacheIndex::onNode(const std::string &node) const
{
    std::vector<WarmCache> result;
    for (const auto &[key, cache] : m_caches) {
        if (std::get<0>(key) == node)
            result.push_back(cache);
    }
    return result;
}

std::vector<WarmCache> WarmCacheIndex::all() const
{
    std::vector<WarmCache> result;
    for (const auto &[key, cache] : m_caches)
        result.push_back(cache);
    std::sort(result.begin(), result.end(), [](const WarmCache &a, const WarmCache &b) {
        return std::tie(a.node, a.modelUri, a.since, a.via) < std::tie(b.node, b.modelUri, b.since, b.via);
    });
    return result;
}

} // namespace gantry::fleet

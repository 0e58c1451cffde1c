#include "backend/fleet/selectorindex.h"

#include <set>

namespace gantry::fleet {

namespace {

template<typename Key>
void count(std::map<Key, std::map<std::string, int>> &index, const Key &key, const std::string &pool, int delta)
{
    auto &pools = index[key];
    if ((pools[pool] += delta) <= 0)
        pools.erase(pool);
    if (pools.empty())
        index.erase(key);
}

template<typename Key>
bool indexed(const std::map<Key, std::map<std::string, int>> &index, const Key &key, const std::string &pool)
{
    const auto pools = index.find(key);
    return pools != index.end() && pools->second.contains(pool);
}

} // namespace

void SelectorIndex::add(const std::string &pool, const Labels &labels)
{
    if (pool.empty())
        return;
    for (const auto &label : labels) {
        count(m_pools, std::pair(label.first, label.second), pool, 1);
        count(m_keys, label.first, pool, 1);
    }
}

void SelectorIndex::remove(const std::string &pool, const Labels &labels)
{
    if (pool.empty())
        return;
    for (const auto &label : labels) {
        count(m_pools, std::pair(label.first, label.second), pool, -1);
        count(m_keys, label.first, pool, -1);
    }
}

bool SelectorIndex::carries(const std::string &pool, const std::pair<const std::string, std::string> &label,
                            const std::map<std::string, MachineSetPool> &machineSets) const
{
    if (indexed(m_pools, std::pair(label.first, label.second), pool))
        return true;
    for (const auto &[key, set] : machineSets) {
        const auto found = set.nodeLabels.find(label.first);
        if (set.name == pool && found != set.nodeLabels.end() && found->second == label.second)
            return true;
    }
    return false;
}

bool SelectorIndex::knowsKey(const std::string &pool, const std::string &key,
                             const std::map<std::string, MachineSetPool> &machineSets) const
{
    if (indexed(m_keys, key, pool))
        return true;
    for (const auto &[setKey, set] : machineSets) {
        if (set.name == pool && set.nodeLabels.contains(key))
            return true;
    }
    return false;
}

std::string SelectorIndex::resolve(const Labels &selector,
                                   const std::map<std::string, MachineSetPool> &machineSets) const
{
    // Candidates: every pool carrying at least one of the pairs.
    std::set<std::string> candidates;
    for (const auto &label : selector) {
        if (const auto pools = m_pools.find(std::pair(label.first, label.second)); pools != m_pools.end()) {
            for (const auto &[pool, nodes] : pools->second)
                candidates.insert(pool);
        }
        for (const auto &[key, set] : machineSets) {
            const auto found = set.nodeLabels.find(label.first);
            if (!set.name.empty() && found != set.nodeLabels.end() && found->second == label.second)
                candidates.insert(set.name);
        }
    }
    std::string chosen;
    for (const std::string &pool : candidates) {
        bool fits = true;
        for (const auto &label : selector) {
            if (!carries(pool, label, machineSets) && knowsKey(pool, label.first, machineSets)) {
                fits = false;
                break;
            }
        }
        if (!fits)
            continue;
        if (!chosen.empty())
            return {}; // several pools could take the pod: the demand is no single pool's
        chosen = pool;
    }
    return chosen;
}

} // namespace gantry::fleet

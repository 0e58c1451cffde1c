#include "backend/fleet/pendingdemand.h"

#include <algorithm>
#include <vector>

namespace gantry::fleet {

void PendingDemand::add(const PodContribution &pod, const std::string &pool)
{
    remove(pod.key);
    m_pods[pod.key] = {pod, pool};
    Sum &sum = m_byPool[pool];
    sum.gpus += pod.gpus;
    ++sum.pods;
}

std::string PendingDemand::remove(const std::string &key)
{
    const auto found = m_pods.find(key);
    if (found == m_pods.end())
        return {};
    std::string pool = found->second.pool;
    if (const auto sum = m_byPool.find(pool); sum != m_byPool.end()) {
        sum->second.gpus -= found->second.pod.gpus;
        if (--sum->second.pods <= 0)
            m_byPool.erase(sum);
    }
    m_pods.erase(found);
    return pool;
}

std::set<std::string> PendingDemand::reassign(const Resolver &resolve)
{
    std::set<std::string> moved;
    std::vector<std::pair<PodContribution, std::string>> changes;
    for (const auto &[key, waiting] : m_pods) {
        std::string pool = resolve(waiting.pod);
        if (pool != waiting.pool) {
            moved.insert(waiting.pool);
            moved.insert(pool);
            changes.emplace_back(waiting.pod, std::move(pool));
        }
    }
    for (const auto &[pod, pool] : changes)
        add(pod, pool);
    return moved;
}

double PendingDemand::forPool(const std::string &pool) const
{
    const auto found = m_byPool.find(pool);
    return found == m_byPool.end() ? 0 : std::max(0.0, found->second.gpus);
}

} // namespace gantry::fleet

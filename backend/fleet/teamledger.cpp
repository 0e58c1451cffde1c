#include "backend/fleet/teamledger.h"

#include <algorithm>

namespace gantry::fleet {

void TeamLedger::add(const PodContribution &pod)
{
    if (!pod.counts())
        return;
    Sums &team = m_teams[pod.namespaceName];
    ++team.pods;
    team.allocated += pod.holding ? pod.gpus : 0;
    team.pending += pod.pending ? pod.gpus : 0;
}

void TeamLedger::remove(const PodContribution &pod)
{
    const auto team = m_teams.find(pod.namespaceName);
    if (!pod.counts() || team == m_teams.end())
        return;
    team->second.allocated -= pod.holding ? pod.gpus : 0;
    team->second.pending -= pod.pending ? pod.gpus : 0;
    if (--team->second.pods <= 0)
        m_teams.erase(team);
}

std::vector<TeamAllocation> TeamLedger::rows() const
{
    std::vector<TeamAllocation> result;
    result.reserve(m_teams.size());
    for (const auto &[namespaceName, team] : m_teams)
        result.push_back({namespaceName, std::max(0.0, team.allocated), std::max(0.0, team.pending)});
    return result;
}

} // namespace gantry::fleet

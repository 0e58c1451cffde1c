#pragma once

#include "backend/fleet/podcontribution.h"

#include <functional>
#include <map>
#include <set>
#include <string>

namespace gantry::fleet {

/// GPUs asked for by pods that wait to be scheduled, per pool their
/// nodeSelector names; "" stands for no single pool (unassigned).
class PendingDemand
{
public:
    using Resolver = std::function<std::string(const PodContribution &pod)>;

    /// Counts a pending pod for `pool`.
    void add(const PodContribution &pod, const std::string &pool);
    /// Forgets a pod; returns the pool it was counted for ("" also when it was not counted).
    std::string remove(const std::string &key);
    /// Asks `resolve` again for every pod (pools or labels changed); returns
    /// the pools whose demand moved, "" among them for the unassigned demand.
    std::set<std::string> reassign(const Resolver &resolve);

    double forPool(const std::string &pool) const;
    double unassigned() const { return forPool({}); }

private:
    struct Waiting
    {
        PodContribution pod;
        std::string pool;
    };
    struct Sum
    {
        double gpus = 0;
        int pods = 0; ///< the entry goes with its last pod, so sums keep no rounding residue
    };
    std::map<std::string, Waiting> m_pods; ///< by pod key
    std::map<std::string, Sum> m_byPool;
};

} // namespace gantry::fleet

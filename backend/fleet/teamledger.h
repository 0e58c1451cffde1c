#pragma once

#include "backend/fleet/gpupool.h"
#include "backend/fleet/podcontribution.h"

#include <map>
#include <string>
#include <vector>

namespace gantry::fleet {

/// GPUs held and asked for per namespace, kept as pods come and go.
class TeamLedger
{
public:
    void add(const PodContribution &pod);
    void remove(const PodContribution &pod);
    /// One row per namespace with a pod holding or waiting for GPUs, by name.
    std::vector<TeamAllocation> rows() const;

private:
    struct Sums
    {
        double allocated = 0;
        double pending = 0;
        int pods = 0; ///< decides when a namespace drops out, free of rounding
    };
    std::map<std::string, Sums> m_teams;
};

} // namespace gantry::fleet

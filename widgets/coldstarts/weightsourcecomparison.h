#pragma once

#include "backend/fleet/coldstart.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gantry {

/// How long starts take by where their weights came from.
struct WeightSourceSummary
{
    std::string source; ///< "node cache", "OCI image", "shared volume", "object store", "hub", "unknown"
    std::size_t inProgress = 0;
    fleet::PhaseStats total; ///< over completed starts
    /// Median seconds per phase over completed starts; a phase a start skipped
    /// counts as 0 s, a phase hidden in a merged span is left out (unknown, not 0).
    std::map<fleet::ColdStartPhase, double> medianByPhase;

    /// The length of the stacked bar: the medians added up.
    double medianSum() const;
};

/// Where a source sorts: the fast local ones first, so a table reads from
/// "node cache" down to "hub".
int weightSourceRank(const std::string &source);

/// One summary per weight source present in `starts`, in weightSourceRank order.
std::vector<WeightSourceSummary> compareWeightSources(const std::vector<std::shared_ptr<const fleet::ColdStart>> &starts);

} // namespace gantry

#pragma once

#include "backend/fleet/coldstart.h"

#include <chrono>
#include <memory>
#include <vector>

namespace gantry::fleet {

/// Count, median, 95th percentile and maximum of `values` (seconds). Percentiles
/// interpolate linearly between the closest ranks, so two values give their mean as p50.
PhaseStats phaseStats(std::vector<double> values);

/// Statistics of the completed starts that turned Ready within `window` before
/// `now`: the whole fleet first (empty names), then each InferenceService by
/// namespace and name. Merged (inferred) spans count for neither phase.
std::vector<ColdStartStats> coldStartStats(const std::vector<std::shared_ptr<const ColdStart>> &starts, SystemTime now,
                                           std::chrono::seconds window);

} // namespace gantry::fleet

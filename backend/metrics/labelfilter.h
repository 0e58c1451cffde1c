#pragma once

#include "backend/metrics/timeseries.h"

#include <string>
#include <utility>
#include <vector>

namespace gantry::metrics {

/// Which series of a query a caller wants: every listed label must have exactly
/// the given value ("" matches a series without that label, as in PromQL).
/// Names are the query's canonical label names (queries.yaml lists them).
struct LabelFilter {
    std::vector<std::pair<std::string, std::string>> equals;

    bool matches(const LabelMap &labels) const;
    bool empty() const { return equals.empty(); }
};

} // namespace gantry::metrics

#pragma once

#include "backend/metrics/timeseries.h"

#include <string>
#include <vector>

namespace gantry::metrics {

/// The `data` of a successful Prometheus query, with the envelope's warnings.
struct QueryResult {
    enum class Type { Vector, Matrix, Scalar, String };

    Type type = Type::Vector;
    /// Vector: one point per series (the evaluation time and value); matrix: the
    /// series' points in time order. Empty for scalar and string results.
    std::vector<Series> series;
    /// Scalar: its time and value; string: its time (value NaN).
    Point scalar;
    std::string text; ///< string results only
    std::vector<std::string> warnings;
    std::vector<std::string> infos; ///< Prometheus 3 `infos` (annotations that are no problem)
};

/// "vector", "matrix", "scalar" or "string".
const char *resultTypeName(QueryResult::Type type);

} // namespace gantry::metrics

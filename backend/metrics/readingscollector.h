#pragma once

#include "backend/core/result.h"
#include "backend/metrics/metricserror.h"
#include "backend/metrics/readings.h"
#include "backend/metrics/timeseries.h"

#include <functional>
#include <string_view>
#include <vector>

namespace gantry::metrics {

/// Runs one named query for the readings: its series, one point each.
using InstantQuery = std::function<Result<std::vector<Series>, MetricsError>(std::string_view queryName)>;

/// Assembles Readings from the GPU and replica queries (gpuFigureSources(),
/// replicaFigureSources()) run by `run`, in the same way for every source: a
/// failing query becomes "<query>: <reason>" in Readings::errors and the other
/// figures still arrive. When every query failed, the first failure comes back
/// as the error instead (the source itself is unreachable or misconfigured).
Result<Readings, MetricsError> collectReadings(const InstantQuery &run, SystemTime now, const std::string &source);

} // namespace gantry::metrics

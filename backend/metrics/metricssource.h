#pragma once

#include "backend/core/result.h"
#include "backend/metrics/labelfilter.h"
#include "backend/metrics/metricserror.h"
#include "backend/metrics/readings.h"
#include "backend/metrics/timeseries.h"

#include <chrono>
#include <string>
#include <vector>

namespace gantry::metrics {

/// Where the console's metrics come from: a Prometheus (PrometheusSource) or
/// direct scrapes of /metrics endpoints (ScrapeSource). Both answer the same
/// named queries (queries.yaml). Calls block on the network: call them from a
/// worker thread.
class MetricsSource {
public:
    virtual ~MetricsSource() = default;

    /// The latest figures per GPU and per serving replica. A query that fails
    /// adds its reason to Readings::errors and the rest still arrive; an error
    /// comes back only when nothing at all could be read (source unreachable).
    virtual Result<Readings, MetricsError> readings(SystemTime now) = 0;

    /// The series of the named query over [start, end], one point per `step`,
    /// those matching `filter` only, each downsampled to at most the source's
    /// maxPointsPerSeries (min/max per bucket) for charts.
    virtual Result<std::vector<Series>, MetricsError> range(const std::string &queryName, const LabelFilter &filter,
        SystemTime start, SystemTime end, std::chrono::seconds step) = 0;

    /// "prometheus http://…" or "scrape https://…/metrics" (Readings::source).
    virtual std::string describe() const = 0;
};

} // namespace gantry::metrics

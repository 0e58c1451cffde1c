#pragma once

#include "backend/core/result.h"
#include "backend/metrics/metricserror.h"
#include "backend/metrics/serieshistory.h"
#include "backend/metrics/timeseries.h"

#include <string>
#include <string_view>
#include <vector>

namespace gantry::metrics {

/// The console's named queries (queries.yaml) computed directly from a
/// scraper's history, without Prometheus: gauges take the last sample within
/// 5 minutes (none after a stale marker), rates the reset-aware increase over
/// the window divided by the time it spans, quantiles histogram_quantile over
/// the summed bucket rates — the same figures the PromQL gives, up to
/// Prometheus' extrapolation at the window's edges. GPU queries bring
/// dcgm-exporter's label spellings under one name as the PromQL does.
class HistoryQueries {
public:
    explicit HistoryQueries(const SeriesHistory &history);

    /// The query names this class can compute (those of the built-in catalog).
    static std::vector<std::string> names();
    static bool knows(std::string_view name);

    /// The query's series at Unix time `time`, one point each.
    Result<std::vector<Series>, MetricsError> instant(std::string_view name, double time) const;
    /// The query's series evaluated every `step` seconds over [start, end]
    /// (the step widened to at most 11,000 evaluations).
    Result<std::vector<Series>, MetricsError> range(std::string_view name, double start, double end, double step) const;

private:
    const SeriesHistory &m_history;
};

} // namespace gantry::metrics

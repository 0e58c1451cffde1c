#pragma once

#include "backend/metrics/metricfamilies.h"
#include "backend/metrics/readings.h"
#include "backend/metrics/timeseries.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::metrics {

/// The figures of a ReplicaReading.
enum class ReplicaFigure {
    RequestsRunning,
    RequestsWaiting,
    KvCacheUsage,
    TtftP95,
    GenerationTokensRate,
    PromptTokensRate,
};

/// Where each replica figure comes from: the catalog query (queries.yaml).
struct ReplicaFigureSource {
    ReplicaFigure figure;
    std::string_view queryName;
};
const std::vector<ReplicaFigureSource> &replicaFigureSources();

/// Turns vLLM series into ReplicaReadings, one per (namespace, pod, model_name).
/// Several engines of one replica add up (max for the KV cache), as the
/// catalog's `sum by`/`max by` do. NaN values (a quantile over a window without
/// requests) leave their figure unknown.
class VllmReadings {
public:
    /// Adds one value of `figure` for the series labelled `labels`.
    void add(ReplicaFigure figure, const LabelMap &labels, double value);
    /// Adds the gauges of one scrape: requests running and waiting, and KV-cache
    /// usage under its current name or, where a replica lacks that, the
    /// deprecated vllm:gpu_cache_usage_perc. Rates and quantiles need two
    /// scrapes, so a single one leaves them unknown.
    void addFamilies(const MetricFamilies &families);
    /// The readings so far, sorted by namespace, pod and model.
    std::vector<ReplicaReading> take();

private:
    std::map<std::string, ReplicaReading> m_readings;
};

} // namespace gantry::metrics

#pragma once

#include "backend/metrics/metricfamilies.h"
#include "backend/metrics/readings.h"
#include "backend/metrics/timeseries.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::metrics {

/// The figures of a GpuReading.
enum class GpuFigure { Utilization, MemoryUsed, MemoryFree, MemoryReserved, Power, Temperature };

/// Where each GPU figure comes from: the catalog query (queries.yaml) and the
/// dcgm-exporter metric it reads.
struct GpuFigureSource {
    GpuFigure figure;
    std::string_view queryName;
    std::string_view metricName;
};
const std::vector<GpuFigureSource> &gpuFigureSources();

/// The utilization of a MIG instance, which has no DCGM_FI_DEV_GPU_UTIL: the
/// graphics engine's active ratio (0–1), read as percent where GPU_UTIL is missing.
inline constexpr std::string_view migUtilizationMetric = "DCGM_FI_PROF_GR_ENGINE_ACTIVE";

/// dcgm-exporter's labels under one spelling each, as the catalog's
/// label_replace does: `hostname` from `Hostname`, `uuid` from `UUID`, and
/// `pod`/`namespace` from `exported_pod`/`exported_namespace` when Prometheus
/// renamed them. Other labels stay as they are.
LabelMap canonicalDcgmLabels(LabelMap labels);

/// Turns dcgm-exporter series into GpuReadings, one per GPU (or MIG instance)
/// and pod using it: the series of a GPU are joined on node, uuid, gpu index,
/// MIG instance and pod, whichever spelling of the labels they carry. Values
/// that are NaN leave their figure unknown.
class DcgmReadings {
public:
    /// Adds one value of `figure` for the series labelled `labels`.
    void add(GpuFigure figure, const LabelMap &labels, double value);
    /// Adds every sample of the DCGM_FI_DEV_* families the readings use, and
    /// migUtilizationMetric × 100 where a GPU has no DCGM_FI_DEV_GPU_UTIL.
    void addFamilies(const MetricFamilies &families);
    /// The readings so far, sorted by node, GPU index, MIG instance and pod;
    /// memoryTotalMiB is filled in where used and free are both known.
    std::vector<GpuReading> take();

private:
    void add(GpuFigure figure, const LabelMap &labels, double value, bool onlyIfUnknown);

    struct Entry {
        GpuReading reading;
        std::optional<double> freeMiB;
        std::optional<double> reservedMiB;
    };
    std::map<std::string, Entry> m_readings;
};

} // namespace gantry::metrics

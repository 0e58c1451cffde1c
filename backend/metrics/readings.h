#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace gantry::metrics {

/// One GPU's latest figures, from dcgm-exporter's DCGM_FI_DEV_* series. Each
/// figure is optional: an exporter may not publish it, or the query failed.
struct GpuReading
{
    std::string node;     ///< the `Hostname` (or newer `hostname`) label
    int index = -1;       ///< the `gpu` label
    std::string uuid;     ///< `UUID` (or `uuid`)
    std::string modelName; ///< `modelName`, e.g. "NVIDIA H100 80GB HBM3"
    /// The pod using the GPU (`namespace`/`pod`, or `exported_namespace`/`exported_pod`
    /// behind a Prometheus that renamed them); empty on an idle GPU.
    std::string podNamespace;
    std::string podName;
    std::optional<double> utilizationPercent; ///< DCGM_FI_DEV_GPU_UTIL, 0–100
    std::optional<double> memoryUsedMiB;      ///< DCGM_FI_DEV_FB_USED
    std::optional<double> memoryTotalMiB;     ///< FB_USED + FB_FREE (+ FB_RESERVED when published)
    std::optional<double> powerWatts;         ///< DCGM_FI_DEV_POWER_USAGE
    std::optional<double> temperatureCelsius; ///< DCGM_FI_DEV_GPU_TEMP
    /// A MIG instance of the GPU: `GPU_I_PROFILE` (e.g. "1g.10gb") and `GPU_I_ID`;
    /// both empty for a whole GPU. Instances of one GPU share node, index and uuid.
    std::string migProfile;
    std::string migInstance;
};

/// One serving replica's latest figures, from vLLM's series.
struct ReplicaReading
{
    std::string podNamespace;
    std::string podName;
    std::string modelName; ///< the `model_name` label (the InferenceService under KServe)
    std::optional<double> requestsRunning;          ///< vllm:num_requests_running
    std::optional<double> requestsWaiting;          ///< vllm:num_requests_waiting
    std::optional<double> kvCacheUsage;             ///< 0–1; vllm:kv_cache_usage_perc or the older gpu_cache_usage_perc
    std::optional<double> ttftP95Seconds;           ///< over the rate window
    std::optional<double> generationTokensPerSecond;
    std::optional<double> promptTokensPerSecond;
};

/// What the metrics layer knows at one moment; the fleet joins it to nodes and pods.
struct Readings
{
    std::chrono::system_clock::time_point at;
    std::string source; ///< "prometheus <url>", "scrape <url>", or "" when there is none
    std::vector<GpuReading> gpus;
    std::vector<ReplicaReading> replicas;
    /// Failures in words, one per query or endpoint ("TTFT p95: bad_data: parse error at char 12").
    std::vector<std::string> errors;
};

} // namespace gantry::metrics

#pragma once

#include "backend/core/result.h"
#include "backend/metrics/metricserror.h"
#include "backend/metrics/queryresult.h"
#include "backend/metrics/timeseries.h"

#include <chrono>
#include <memory>
#include <string>

namespace gantry::kube {
class Transport;
}

namespace gantry::metrics {

/// Where Prometheus is and how to reach it.
struct PrometheusOptions {
    std::string url; ///< http(s)://host:port, optionally with a path prefix (behind a proxy)
    std::string caPem; ///< trust only these CAs for https; empty: the system's roots
    bool insecureSkipTlsVerify = false;
    std::string bearerToken; ///< sent as `Authorization: Bearer`; empty: none
    std::chrono::milliseconds requestTimeout { std::chrono::seconds(30) };
    std::chrono::milliseconds connectTimeout { std::chrono::seconds(5) };
};

/// Prometheus' HTTP API (/api/v1/query and /api/v1/query_range) over the
/// libcurl transport. Every call blocks until the answer, so call it from a
/// worker thread; calls may come from several threads at once.
class PrometheusClient {
public:
    /// The most points Prometheus returns per series of a range query.
    static constexpr double maxPointsPerSeries = 11000;

    explicit PrometheusClient(PrometheusOptions options);
    ~PrometheusClient();
    PrometheusClient(const PrometheusClient &) = delete;
    PrometheusClient &operator=(const PrometheusClient &) = delete;

    /// An instant query evaluated at `time`.
    Result<QueryResult, MetricsError> query(const std::string &promql, SystemTime time);
    /// A range query; `step` is widened (see clampStep) so Prometheus does not
    /// refuse it for exceeding 11,000 points per series.
    Result<QueryResult, MetricsError> queryRange(
        const std::string &promql, SystemTime start, SystemTime end, std::chrono::milliseconds step);

    /// The step Prometheus accepts for [start, end]: at least 1 ms, and at
    /// least (end - start) / 11,000 rounded up to whole milliseconds.
    static std::chrono::milliseconds clampStep(SystemTime start, SystemTime end, std::chrono::milliseconds step);

    const std::string &url() const { return m_options.url; }
    /// "Prometheus at http://host:port", the prefix of every error message.
    const std::string &name() const { return m_name; }

private:
    Result<QueryResult, MetricsError> get(const std::string &pathAndQuery);

    const PrometheusOptions m_options;
    const std::string m_name;
    std::unique_ptr<kube::Transport> m_transport;
};

} // namespace gantry::metrics

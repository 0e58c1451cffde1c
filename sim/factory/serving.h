#pragma once

#include <map>
#include <string>
#include <vector>

namespace gantry::sim {

struct FactoryContext;

/// What each InferenceService is serving right now, from the scenario's traffic
/// and its ready replicas: requests in flight (Little's law: rate × time per
/// request), how many run and how many wait, TTFT rising with load, and the
/// token throughput. The autoscalers and /metrics read this.
struct ServiceLoad
{
    double requestsPerSecond = 0;
    double inFlight = 0;          ///< concurrency offered
    double running = 0;
    double waiting = 0;
    int readyReplicas = 0;
    double ttftSeconds = 0;
    double generationTokensPerSecond = 0;
    double promptTokensPerSecond = 0;
    double kvCacheUsage = 0;      ///< 0..1, mean over replicas
    double gpuUtilization = 0;    ///< 0..100, mean over the service's GPUs
    // Counters since the start, for /metrics.
    double requestsTotal = 0;
    double generationTokensTotal = 0;
    double promptTokensTotal = 0;
};

class Serving
{
public:
    explicit Serving(FactoryContext &context);
    void reconcile(double seconds);

    /// "namespace/name" → load; services with no traffic are absent.
    const std::map<std::string, ServiceLoad> &loads() const { return m_loads; }
    /// Requests per second the scenario offers `service` at simulated time `t`.
    double offeredRate(const std::string &service, double t) const;

private:
    FactoryContext &m_context;
    std::map<std::string, ServiceLoad> m_loads;
};

} // namespace gantry::sim

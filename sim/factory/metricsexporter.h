#pragma once

#include <map>
#include <string>

namespace gantry::sim {

struct FactoryContext;
class Serving;

/// `/metrics` for the whole factory in Prometheus text format: vLLM series for
/// every serving pod (labels model_name, namespace, pod, engine) and
/// dcgm-exporter series for every GPU (gpu, UUID, pci_bus_id, device,
/// modelName, Hostname, and namespace/pod/container while allocated),
/// consistent with the objects the API serves. Counters only ever grow.
class MetricsExporter
{
public:
    MetricsExporter(const FactoryContext &context, const Serving &serving);

    /// Folds the last step into the counters and histograms.
    void accumulate(double seconds);
    std::string render() const;

private:
    struct PodCounters
    {
        double requests = 0;
        double promptTokens = 0;
        double generationTokens = 0;
        std::map<double, double> ttftBuckets; ///< upper bound → cumulative-ready count in that bucket
        double ttftSum = 0;
        double e2eSum = 0;
        std::map<double, double> e2eBuckets;
    };

    const FactoryContext &m_context;
    const Serving &m_serving;
    std::map<std::string, PodCounters> m_pods; ///< by "namespace/pod"
};

} // namespace gantry::sim

#pragma once

#include "backend/fleet/fleetsession.h"
#include "backend/kube/kubeconfigresolver.h"
#include "backend/metrics/metricssource.h"

#include <chrono>
#include <memory>
#include <string>

namespace gantry::fleet {

/// Where the console reads metrics from, as the operator configured it.
struct MetricsSettings
{
    std::string prometheusUrl; ///< --prometheus: a Prometheus HTTP API
    std::string scrapeUrl;     ///< --metrics-url: one /metrics endpoint scraped directly
    std::string queriesFile;   ///< --queries: PromQL overrides; empty: the built-in queries.yaml
    /// --metrics-history: how far back a scraped history reaches (Prometheus keeps its own).
    std::chrono::seconds scrapeHistory = defaultScrapeHistory;

    static constexpr std::chrono::seconds defaultScrapeHistory{std::chrono::hours(2)};
    static constexpr std::chrono::seconds shortestScrapeHistory{30};
    static constexpr std::chrono::seconds longestScrapeHistory{std::chrono::hours(24)};
};

struct MetricsConnection
{
    std::shared_ptr<metrics::MetricsSource> source; ///< null: no metrics configured
    ReadingsProvider provider;                      ///< empty when source is null
    std::chrono::milliseconds interval{15000};
    std::string error; ///< a settings problem in words; the others are empty then
};

/// Builds the metrics source for `settings`. Prometheus wins when both are set.
/// A scrape URL on the API server's own host and port is sent the cluster's CA
/// and bearer token (gantry-sim serves /metrics there); any other URL gets none,
/// so the cluster credential never leaves for a host it was not issued for.
MetricsConnection connectMetrics(const MetricsSettings &settings, const kube::ResolvedConnection &cluster);

} // namespace gantry::fleet

#pragma once

#include "backend/metrics/metricssource.h"
#include "backend/metrics/prometheusclient.h"
#include "backend/metrics/querycatalog.h"

#include <cstddef>
#include <memory>

namespace gantry::metrics {

/// Metrics from a Prometheus: the catalog's PromQL, run as instant queries for
/// readings and as range queries for charts.
class PrometheusSource : public MetricsSource {
public:
    PrometheusSource(
        std::shared_ptr<PrometheusClient> client, QueryCatalog catalog, std::size_t maxPointsPerSeries = 300);

    Result<Readings, MetricsError> readings(SystemTime now) override;
    Result<std::vector<Series>, MetricsError> range(const std::string &queryName, const LabelFilter &filter,
        SystemTime start, SystemTime end, std::chrono::seconds step) override;
    std::string describe() const override;

    const QueryCatalog &catalog() const { return m_catalog; }

private:
    std::shared_ptr<PrometheusClient> m_client;
    QueryCatalog m_catalog;
    std::size_t m_maxPoints;
};

} // namespace gantry::metrics

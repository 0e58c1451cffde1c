#include "backend/metrics/prometheussource.h"

#include "backend/metrics/downsample.h"
#include "backend/metrics/readingscollector.h"

namespace gantry::metrics {

PrometheusSource::PrometheusSource(
    std::shared_ptr<PrometheusClient> client, QueryCatalog catalog, std::size_t maxPointsPerSeries)
    : m_client(std::move(client))
    , m_catalog(std::move(catalog))
    , m_maxPoints(maxPointsPerSeries)
{
}

Result<Readings, MetricsError> PrometheusSource::readings(SystemTime now)
{
    auto run = [&](std::string_view name) -> Result<std::vector<Series>, MetricsError> {
        const Result<std::string, MetricsError> promql = m_catalog.promql(name);
        if (!promql.ok())
            return promql.error();
        Result<QueryResult, MetricsError> result = m_client->query(promql.value(), now);
        if (!result.ok())
            return result.error();
        if (result->type != QueryResult::Type::Vector)
            return MetricsError::make(MetricsError::Kind::BadResponse,
                m_client->name() + ": expected a vector (one value per series), got a " + resultTypeName(result->type));
        return std::move(result).value().series;
    };
    return collectReadings(run, now, describe());
}

Result<std::vector<Series>, MetricsError> PrometheusSource::range(const std::string &queryName,
    const LabelFilter &filter, SystemTime start, SystemTime end, std::chrono::seconds step)
{
    const Result<std::string, MetricsError> promql = m_catalog.promql(queryName);
    if (!promql.ok())
        return promql.error();
    Result<QueryResult, MetricsError> result = m_client->queryRange(promql.value(), start, end, step);
    if (!result.ok())
        return result.error();
    std::vector<Series> series;
    for (Series &one : std::move(result).value().series) {
        if (filter.matches(one.labels))
            series.push_back(std::move(one));
    }
    downsampleSeries(series, m_maxPoints);
    return series;
}

std::string PrometheusSource::describe() const
{
    return "prometheus " + m_client->url();
}

} // namespace gantry::metrics

#pragma once

#include "backend/metrics/metricssource.h"
#include "backend/metrics/scraper.h"

#include <cstddef>
#include <memory>

namespace gantry::metrics {

/// Metrics scraped directly from /metrics endpoints, for clusters without a
/// Prometheus and for the demo: each readings() call scrapes every target once
/// and records it, so calling it at the scrape interval builds the history that
/// rates, quantiles and range() are computed from (HistoryQueries).
class ScrapeSource : public MetricsSource {
public:
    explicit ScrapeSource(std::shared_ptr<Scraper> scraper, std::size_t maxPointsPerSeries = 300);

    Result<Readings, MetricsError> readings(SystemTime now) override;
    Result<std::vector<Series>, MetricsError> range(const std::string &queryName, const LabelFilter &filter,
        SystemTime start, SystemTime end, std::chrono::seconds step) override;
    std::string describe() const override;

    Scraper &scraper() { return *m_scraper; }

private:
    std::shared_ptr<Scraper> m_scraper;
    std::size_t m_maxPoints;
};

} // namespace gantry::metrics

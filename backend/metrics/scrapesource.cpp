#include "backend/metrics/scrapesource.h"

#include "backend/metrics/downsample.h"
#include "backend/metrics/historyqueries.h"
#include "backend/metrics/readingscollector.h"

namespace gantry::metrics {

ScrapeSource::ScrapeSource(std::shared_ptr<Scraper> scraper, std::size_t maxPointsPerSeries)
    : m_scraper(std::move(scraper))
    , m_maxPoints(maxPointsPerSeries)
{
}

Result<Readings, MetricsError> ScrapeSource::readings(SystemTime now)
{
    const std::vector<ScrapeOutcome> outcomes = m_scraper->scrape(now);
    std::vector<std::string> failures;
    for (const ScrapeOutcome &outcome : outcomes) {
        if (outcome.error)
            failures.push_back(outcome.error->message);
    }
    if (!outcomes.empty() && failures.size() == outcomes.size()) {
        const ScrapeOutcome &first = outcomes.front();
        return *first.error;
    }
    const HistoryQueries queries(m_scraper->history());
    const double time = unixSeconds(now);
    auto run = [&](std::string_view name) { return queries.instant(name, time); };
    Result<Readings, MetricsError> readings = collectReadings(run, now, describe());
    if (!readings.ok())
        return readings;
    Readings out = std::move(readings).value();
    out.errors.insert(out.errors.begin(), failures.begin(), failures.end());
    return out;
}

Result<std::vector<Series>, MetricsError> ScrapeSource::range(const std::string &queryName, const LabelFilter &filter,
    SystemTime start, SystemTime end, std::chrono::seconds step)
{
    const HistoryQueries queries(m_scraper->history());
    Result<std::vector<Series>, MetricsError> result = queries.range(
        queryName, unixSeconds(start), unixSeconds(end), static_cast<double>(std::max<std::int64_t>(step.count(), 1)));
    if (!result.ok())
        return result;
    std::vector<Series> series;
    for (Series &one : std::move(result).value()) {
        if (filter.matches(one.labels))
            series.push_back(std::move(one));
    }
    downsampleSeries(series, m_maxPoints);
    return series;
}

std::string ScrapeSource::describe() const
{
    std::string text = "scrape";
    for (const ScrapeTarget &target : m_scraper->targets())
        text += " " + target.url;
    return text;
}

} // namespace gantry::metrics

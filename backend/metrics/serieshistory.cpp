#include "backend/metrics/serieshistory.h"

#include <bit>
#include <cstdint>

namespace gantry::metrics {

namespace {

// value.StaleNaN in Prometheus: a NaN with a payload no computation produces.
constexpr std::uint64_t staleNaNBits = 0x7ff0000000000002ull;

std::string keyOf(const LabelMap &labels)
{
    std::string key;
    for (const auto &[name, value] : labels) {
        key += name;
        key.push_back('\x01');
        key += value;
        key.push_back('\x02');
    }
    return key;
}

} // namespace

SeriesHistory::SeriesHistory(Limits limits)
    : m_limits(limits)
{
}

double SeriesHistory::staleMarker()
{
    return std::bit_cast<double>(staleNaNBits);
}

bool SeriesHistory::isStaleMarker(double value)
{
    return std::bit_cast<std::uint64_t>(value) == staleNaNBits;
}

void SeriesHistory::append(
    const std::string &instance, std::string_view name, const LabelMap &labels, double time, double value)
{
    const std::lock_guard lock(m_mutex);
    auto family = m_series.find(name);
    if (family == m_series.end())
        family = m_series.emplace(std::string(name), std::map<std::string, Entry>()).first;
    std::string key = keyOf(labels);
    auto series = family->second.find(key);
    if (series == family->second.end()) {
        if (m_count >= m_limits.maxSeries) {
            ++m_dropped;
            return;
        }
        series =
            family->second
                .emplace(std::move(key), Entry { labels, instance, RingBuffer<Point>(m_limits.maxPointsPerSeries) })
                .first;
        ++m_count;
    }
    RingBuffer<Point> &points = series->second.points;
    // A repeated sample of one series in one scrape (a duplicate line) keeps the first.
    if (!points.empty() && points.back().time >= time)
        return;
    points.push({ time, value });
}

void SeriesHistory::finishScrape(const std::string &instance, double time)
{
    const std::lock_guard lock(m_mutex);
    const double oldest = time - static_cast<double>(m_limits.retention.count());
    for (auto family = m_series.begin(); family != m_series.end();) {
        for (auto series = family->second.begin(); series != family->second.end();) {
            Entry &entry = series->second;
            const Point last = entry.points.back();
            if (last.time < oldest) {
                series = family->second.erase(series);
                --m_count;
                continue;
            }
            if (entry.instance == instance && last.time < time && !isStaleMarker(last.value))
                entry.points.push({ time, staleMarker() });
            ++series;
        }
        family = family->second.empty() ? m_series.erase(family) : std::next(family);
    }
}

std::vector<Series> SeriesHistory::select(std::string_view name, double from, double to) const
{
    const std::lock_guard lock(m_mutex);
    std::vector<Series> out;
    const auto family = m_series.find(name);
    if (family == m_series.end())
        return out;
    for (const auto &[key, entry] : family->second) {
        Series series { entry.labels, {} };
        // Points are in time order: binary search for the first one at or after `from`.
        std::size_t low = 0;
        std::size_t high = entry.points.size();
        while (low < high) {
            const std::size_t middle = (low + high) / 2;
            if (entry.points[middle].time < from)
                low = middle + 1;
            else
                high = middle;
        }
        for (std::size_t i = low; i < entry.points.size() && entry.points[i].time <= to; ++i)
            series.points.push_back(entry.points[i]);
        if (!series.points.empty())
            out.push_back(std::move(series));
    }
    return out;
}

std::size_t SeriesHistory::seriesCount() const
{
    const std::lock_guard lock(m_mutex);
    return m_count;
}

std::size_t SeriesHistory::pointCount() const
{
    const std::lock_guard lock(m_mutex);
    std::size_t total = 0;
    for (const auto &family : m_series) {
        for (const auto &series : family.second)
            total += series.second.points.size();
    }
    return total;
}

std::size_t SeriesHistory::droppedSeries() const
{
    const std::lock_guard lock(m_mutex);
    return m_dropped;
}

} // namespace gantry::metrics

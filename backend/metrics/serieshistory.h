#pragma once

#include "backend/metrics/ringbuffer.h"
#include "backend/metrics/timeseries.h"

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::metrics {

/// Bounded in-memory history of scraped series, the scraper's small stand-in
/// for Prometheus' TSDB. Each series keeps at most `maxPointsPerSeries` points
/// (a ring buffer), series unseen for longer than `retention` are dropped, and
/// no more than `maxSeries` series are kept at once. Thread-safe.
///
/// Like Prometheus, a series that vanishes from a scrape (or whose target
/// fails) gets a stale marker, so it stops counting as current at once.
class SeriesHistory {
public:
    struct Limits {
        std::size_t maxPointsPerSeries = 1440; ///< 6 h at a 15 s interval
        std::chrono::seconds retention { std::chrono::hours(6) };
        std::size_t maxSeries = 100000;
    };

    explicit SeriesHistory(Limits limits);

    /// Adds one sample of series `name{labels}` scraped from `instance` at Unix time `time`.
    void append(const std::string &instance, std::string_view name, const LabelMap &labels, double time, double value);
    /// Ends a scrape of `instance` at `time`: its series that got no sample at
    /// `time` get a stale marker. Also drops series older than the retention.
    void finishScrape(const std::string &instance, double time);

    /// Copies of the series named `name` with their points in [from, to],
    /// stale markers included (see isStaleMarker).
    std::vector<Series> select(std::string_view name, double from, double to) const;

    std::size_t seriesCount() const;
    std::size_t pointCount() const;
    /// Series refused because maxSeries was reached.
    std::size_t droppedSeries() const;
    const Limits &limits() const { return m_limits; }

    /// Prometheus' stale-marker NaN, and a test for it (other NaNs are values).
    static double staleMarker();
    static bool isStaleMarker(double value);

private:
    struct Entry {
        LabelMap labels;
        std::string instance;
        RingBuffer<Point> points;
    };

    const Limits m_limits;
    mutable std::mutex m_mutex;
    std::map<std::string, std::map<std::string, Entry>, std::less<>> m_series; ///< name → label key → series
    std::size_t m_count = 0;
    std::size_t m_dropped = 0;
};

} // namespace gantry::metrics

#include "backend/metrics/histogram.h"

#include "backend/metrics/samplevalue.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <unordered_map>

namespace gantry::metrics {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

// Sorts a histogram family's samples into series: samples whose labels other
// than `le` match belong together.
class SeriesCollector
{
public:
    HistogramSeries &seriesFor(std::span<const Label> labels)
    {
        // Lines of one series are normally adjacent, so the last series is tried
        // before building a key.
        if (m_last < m_series.size() && sameSeries(m_series[m_last].labels, labels))
            return m_series[m_last];
        std::string key;
        for (const Label &label : labels) {
            if (label.name == "le")
                continue;
            // Label values are valid UTF-8, which never contains 0xFF.
            key.append(label.name).append(1, '\xff').append(label.value).append(1, '\xff');
        }
        const auto [it, added] = m_index.try_emplace(std::move(key), m_series.size());
        if (added) {
            HistogramSeries series;
            std::copy_if(labels.begin(), labels.end(), std::back_inserter(series.labels),
                [](const Label &label) { return label.name != "le"; });
            m_series.push_back(std::move(series));
        }
        m_last = it->second;
        return m_series[m_last];
    }

    std::vector<HistogramSeries> take() { return std::move(m_series); }

private:
    static bool sameSeries(std::span<const Label> seriesLabels, std::span<const Label> sampleLabels)
    {
        std::size_t i = 0;
        for (const Label &label : sampleLabels) {
            if (label.name == "le")
                continue;
            if (i == seriesLabels.size() || seriesLabels[i] != label)
                return false;
            ++i;
        }
        return i == seriesLabels.size();
    }

    std::vector<HistogramSeries> m_series;
    std::unordered_map<std::string, std::size_t> m_index;
    std::size_t m_last = 0;
};

// Equal bounds (le="1" and le="1.0" after aggregation) count as one bucket.
void coalesceEqualBounds(std::vector<Bucket> &buckets)
{
    std::size_t kept = 0;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        if (kept > 0 && buckets[kept - 1].upperBound == buckets[i].upperBound)
            buckets[kept - 1].count += buckets[i].count;
        else
            buckets[kept++] = buckets[i];
    }
    buckets.resize(kept);
}

// Counts that differ by a relative 1e-12 are float noise from summing rates;
// PromQL flattens them before forcing monotonicity.
void flattenPrecisionNoise(std::vector<Bucket> &buckets)
{
    double previous = buckets.front().count;
    for (std::size_t i = 1; i < buckets.size(); ++i) {
        const double delta = std::abs(buckets[i].count - previous);
        if (delta == 0)
            continue;
        if (delta / buckets[i].count <= 1e-12)
            buckets[i].count = previous;
        else
            previous = buckets[i].count;
    }
}

} // namespace

std::vector<HistogramSeries> histogramSeries(const MetricFamily &family)
{
    SeriesCollector collector;
    for (const Sample &sample : family.samples) {
        if (!sample.name.starts_with(family.name))
            continue;
        const std::string_view suffix = sample.name.substr(family.name.size());
        if (suffix == "_bucket") {
            const std::optional<double> bound = parseSampleValue(sample.label("le"));
            if (bound && !std::isnan(*bound))
                collector.seriesFor(sample.labels).histogram.buckets.push_back({ *bound, sample.value });
        } else if (suffix == "_sum") {
            collector.seriesFor(sample.labels).histogram.sum = sample.value;
        } else if (suffix == "_count") {
            collector.seriesFor(sample.labels).histogram.count = sample.value;
        }
    }
    std::vector<HistogramSeries> series = collector.take();
    for (HistogramSeries &one : series) {
        std::stable_sort(one.histogram.buckets.begin(), one.histogram.buckets.end(),
            [](const Bucket &a, const Bucket &b) { return a.upperBound < b.upperBound; });
    }
    return series;
}

double histogramQuantile(double q, std::span<const Bucket> input)
{
    if (std::isnan(q))
        return nan;
    if (q < 0)
        return -infinity;
    if (q > 1)
        return infinity;
    std::vector<Bucket> buckets;
    buckets.reserve(input.size());
    // A NaN bound has no place in the order (and would break the sort).
    std::copy_if(input.begin(), input.end(), std::back_inserter(buckets),
        [](const Bucket &bucket) { return !std::isnan(bucket.upperBound); });
    const auto byBound = [](const Bucket &a, const Bucket &b) { return a.upperBound < b.upperBound; };
    if (!std::is_sorted(buckets.begin(), buckets.end(), byBound))
        std::stable_sort(buckets.begin(), buckets.end(), byBound);
    coalesceEqualBounds(buckets);
    if (buckets.empty() || buckets.back().upperBound != infinity)
        return nan;
    flattenPrecisionNoise(buckets);
    // A later bucket can never hold fewer observations than an earlier one;
    // inconsistent input is evened out so the search below stays meaningful.
    for (std::size_t i = 1; i < buckets.size(); ++i)
        buckets[i].count = std::max(buckets[i].count, buckets[i - 1].count);
    if (buckets.size() < 2)
        return nan;
    const double observations = buckets.back().count;
    if (observations == 0 || std::isnan(observations))
        return nan;

    double rank = q * observations;
    const auto found =
        std::find_if(buckets.begin(), buckets.end() - 1, [rank](const Bucket &bucket) { return bucket.count >= rank; });
    const auto b = static_cast<std::size_t>(found - buckets.begin());
    if (b == buckets.size() - 1)
        return buckets[b - 1].upperBound;
    if (b == 0 && buckets[0].upperBound <= 0)
        return buckets[0].upperBound;
    double start = 0;
    double count = buckets[b].count;
    if (b > 0) {
        start = buckets[b - 1].upperBound;
        count -= buckets[b - 1].count;
        rank -= buckets[b - 1].count;
    }
    return start + (buckets[b].upperBound - start) * (rank / count);
}

Histogram histogramDelta(const Histogram &previous, const Histogram &current)
{
    if (previous.buckets.size() != current.buckets.size())
        return current;
    if (current.count < previous.count)
        return current;
    Histogram delta;
    delta.buckets.reserve(current.buckets.size());
    for (std::size_t i = 0; i < current.buckets.size(); ++i) {
        const Bucket &before = previous.buckets[i];
        const Bucket &now = current.buckets[i];
        if (before.upperBound != now.upperBound || now.count < before.count)
            return current;
        delta.buckets.push_back({ now.upperBound, now.count - before.count });
    }
    delta.count = current.count - previous.count;
    // The sum may go down legitimately (negative observations), so it is not a
    // reset signal; it simply follows the buckets.
    delta.sum = current.sum - previous.sum;
    return delta;
}

} // namespace gantry::metrics

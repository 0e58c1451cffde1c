#pragma once

#include "backend/metrics/metricfamilies.h"

#include <limits>
#include <span>
#include <vector>

namespace gantry::metrics {

/// One cumulative bucket: the number of observations less than or equal to upperBound.
struct Bucket
{
    double upperBound = 0;
    double count = 0;

    friend bool operator==(const Bucket &, const Bucket &) = default;
};

/// A classic Prometheus histogram of one series.
struct Histogram
{
    std::vector<Bucket> buckets; ///< sorted by upperBound; the last is +Inf when the exporter sent it
    double sum = std::numeric_limits<double>::quiet_NaN(); ///< NaN when `_sum` was missing
    double count = std::numeric_limits<double>::quiet_NaN(); ///< NaN when `_count` was missing
};

/// One series of a histogram family: its labels without `le`, and its histogram.
/// The label views point into the MetricFamilies the family came from.
struct HistogramSeries
{
    std::vector<Label> labels;
    Histogram histogram;
};

/// Splits a histogram family into its series, in order of first appearance.
/// Buckets whose `le` is not a number are left out.
std::vector<HistogramSeries> histogramSeries(const MetricFamily &family);

/// The q-quantile of cumulative buckets, exactly as PromQL's histogram_quantile
/// computes it: linear interpolation inside the bucket holding the rank, 0 as
/// the lower bound of a positive first bucket, the second-highest bound when the
/// rank falls in the +Inf bucket; NaN without a +Inf bucket, with fewer than two
/// buckets or with no observations; -Inf for q < 0 and +Inf for q > 1.
double histogramQuantile(double q, std::span<const Bucket> buckets);

/// The observations made between two scrapes of one histogram, for rates. As in
/// Prometheus, a counter reset (any bucket or the count going down) means the
/// target restarted, so the increase is the whole current histogram; so is a
/// change of bucket layout, which also only happens across a restart.
Histogram histogramDelta(const Histogram &previous, const Histogram &current);

} // namespace gantry::metrics

#pragma once

#include "backend/metrics/timeseries.h"

#include <cstddef>
#include <span>
#include <vector>

namespace gantry::metrics {

/// At most `maxPoints` points that draw like `points` (oldest first): the
/// points split into maxPoints / 2 runs of equal count, each run kept as its
/// minimum and maximum in time order, so spikes survive. NaN values are left
/// out of the extremes; a run of only NaN keeps one NaN point, a gap in the
/// chart. Series short enough are returned unchanged.
std::vector<Point> downsampleMinMax(std::span<const Point> points, std::size_t maxPoints);

/// downsampleMinMax on the points of every series.
void downsampleSeries(std::vector<Series> &series, std::size_t maxPoints);

} // namespace gantry::metrics

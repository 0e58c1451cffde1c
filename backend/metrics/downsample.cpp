#include "backend/metrics/downsample.h"

#include <algorithm>
#include <cmath>

namespace gantry::metrics {

std::vector<Point> downsampleMinMax(std::span<const Point> points, std::size_t maxPoints)
{
    maxPoints = std::max<std::size_t>(maxPoints, 2);
    if (points.size() <= maxPoints)
        return { points.begin(), points.end() };
    const std::size_t runs = maxPoints / 2;
    std::vector<Point> out;
    out.reserve(runs * 2);
    for (std::size_t run = 0; run < runs; ++run) {
        // Run boundaries spread the remainder evenly instead of piling it into the last run.
        const std::size_t begin = run * points.size() / runs;
        const std::size_t end = (run + 1) * points.size() / runs;
        std::size_t lowest = end;
        std::size_t highest = end;
        for (std::size_t i = begin; i < end; ++i) {
            if (std::isnan(points[i].value))
                continue;
            if (lowest == end || points[i].value < points[lowest].value)
                lowest = i;
            if (highest == end || points[i].value > points[highest].value)
                highest = i;
        }
        if (lowest == end) {
            out.push_back(points[begin]);
            continue;
        }
        out.push_back(points[std::min(lowest, highest)]);
        if (lowest != highest)
            out.push_back(points[std::max(lowest, highest)]);
    }
    return out;
}

void downsampleSeries(std::vector<Series> &series, std::size_t maxPoints)
{
    for (Series &one : series) {
        if (one.points.size() > maxPoints)
            one.points = downsampleMinMax(one.points, maxPoints);
    }
}

} // namespace gantry::metrics

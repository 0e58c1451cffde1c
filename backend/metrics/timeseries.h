#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::metrics {

using SystemTime = std::chrono::system_clock::time_point;

/// Label names to values of one series, sorted by name, as Prometheus returns them.
using LabelMap = std::map<std::string, std::string, std::less<>>;

/// One sample of a series: Unix time in seconds (Prometheus' float form) and value.
struct Point {
    double time = 0;
    double value = 0; ///< may be NaN or ±Inf

    friend bool operator==(const Point &, const Point &) = default;
};

/// One labelled time series, oldest point first.
struct Series {
    LabelMap labels;
    std::vector<Point> points;
};

/// Unix seconds of `time`, with its sub-second part.
double unixSeconds(SystemTime time);
/// The time point of Unix seconds `seconds`.
SystemTime fromUnixSeconds(double seconds);

/// The value of the first label among `names` that is present and non-empty, or
/// "" (Prometheus treats an empty label as an absent one).
std::string firstLabel(const LabelMap &labels, std::initializer_list<std::string_view> names);

} // namespace gantry::metrics

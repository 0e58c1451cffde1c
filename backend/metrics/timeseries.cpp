#include "backend/metrics/timeseries.h"

namespace gantry::metrics {

double unixSeconds(SystemTime time)
{
    return std::chrono::duration<double>(time.time_since_epoch()).count();
}

SystemTime fromUnixSeconds(double seconds)
{
    return SystemTime(std::chrono::duration_cast<SystemTime::duration>(std::chrono::duration<double>(seconds)));
}

std::string firstLabel(const LabelMap &labels, std::initializer_list<std::string_view> names)
{
    for (std::string_view name : names) {
        const auto it = labels.find(name);
        if (it != labels.end() && !it->second.empty())
            return it->second;
    }
    return {};
}

} // namespace gantry::metrics

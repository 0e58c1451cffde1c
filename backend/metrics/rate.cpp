#include "backend/metrics/rate.h"

#include <limits>

namespace gantry::metrics {

double counterIncrease(double previous, double current)
{
    return current < previous ? current : current - previous;
}

double rate(double previous, double current, double seconds)
{
    if (!(seconds > 0))
        return std::numeric_limits<double>::quiet_NaN();
    return counterIncrease(previous, current) / seconds;
}

} // namespace gantry::metrics

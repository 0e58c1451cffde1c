#pragma once

namespace gantry::metrics {

/// How much a counter grew between two scrapes. A lower current value means the
/// target restarted and its counter began again from zero, so, as Prometheus
/// does, the whole current value counts as the increase.
double counterIncrease(double previous, double current);

/// Per-second rate of a counter between two scrapes `seconds` apart, with the
/// reset handling of counterIncrease. NaN when `seconds` is not positive.
double rate(double previous, double current, double seconds);

} // namespace gantry::metrics

#pragma once

#include <QString>

namespace gantry::demoformat {

/// Simulated time as a presenter reads it: "12:30", minutes running past 60
/// ("75:00") because scenarios are told in minutes.
QString clock(double seconds);
/// "t = 12:30 of 60:00", or "t = 12:30" for a scenario without an end.
QString clockLine(double seconds, double durationSeconds);
/// "1×", "20×", "0.5×".
QString speed(double speed);

} // namespace gantry::demoformat

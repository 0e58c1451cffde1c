#pragma once

#include <QString>

namespace gantry {

/// A duration as operators read it on a cold-start page: "0.4s", "42s", "1m40s",
/// "21m04s", "2h05m", "1d02h". Negative or non-finite input gives "0s".
QString formatDuration(double seconds);

} // namespace gantry

namespace gantry {

/// "1 start", "12 starts" (without a translation file Qt's %n plurals print "start(s)").
QString startCountText(long long count);

} // namespace gantry

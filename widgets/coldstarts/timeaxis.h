#pragma once

#include "backend/core/rfc3339.h"

#include <QString>

#include <vector>

class QTimeZone;

namespace gantry {

/// The mapping between a visible time range and the pixels of a timeline, shared by
/// the axis header and the painting delegate. Times are seconds as doubles: since
/// the epoch for a wall-clock axis, or since each start's creation for an aligned
/// one. Pixels count from the left edge of the timeline column.
struct TimeAxis
{
    /// Zoom limits: a few seconds still show a whole tick, 90 days cover any history kept.
    static constexpr double minimumSpan = 5;
    static constexpr double maximumSpan = 90 * 86400.0;

    double begin = 0;   ///< time at pixel 0
    double end = 60;    ///< time at pixel `width`
    double width = 100; ///< pixels

    static double seconds(SystemTime time);

    double span() const { return end - begin; }
    double pixelsPerSecond() const;
    double toPixel(double time) const;
    double toTime(double pixel) const;
    /// True when any part of [from, to] is in the visible range.
    bool overlaps(double from, double to) const { return to >= begin && from <= end; }

    /// Keeps the visible time range over a new width.
    void setWidth(double pixels);
    /// Zooms in (factor > 1) or out (< 1), keeping the time under `anchorPixel` in place.
    void zoom(double factor, double anchorPixel);
    /// Moves the content by `pixels` (positive: to the right, revealing earlier times),
    /// as a drag does.
    void pan(double pixels);
    /// Shows [first, last] with the given margins (pixels) left free at each side.
    void fit(double first, double last, double leftMargin, double rightMargin);

    /// The smallest "nice" step (1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 min … 12 h, 1 d,
    /// 2 d, 7 d …) whose ticks are at least `minimumPixels` apart.
    double tickStep(double minimumPixels) const;
    /// Multiples of `step` in the visible range. `zoneOffset` (seconds east of UTC)
    /// puts wall-clock ticks on local round times; 0 for relative axes.
    std::vector<double> ticks(double step, double zoneOffset = 0) const;

    /// "0", "+45s", "+2m30s", "+20m", "+1h30m", "+2d", "-1m".
    static QString relativeLabel(double offsetSeconds);
    /// A clock label for a tick `step` apart: "15:20:05" below a minute, "15:20"
    /// below a day (the date, "24 Nov", at midnight), else the date.
    static QString absoluteLabel(double epochSeconds, double step, const QTimeZone &zone);
};

} // namespace gantry

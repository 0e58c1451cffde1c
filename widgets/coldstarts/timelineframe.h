#pragma once

#include "backend/fleet/coldstart.h"
#include "widgets/coldstarts/timeaxis.h"

#include <QTimeZone>

class QFontMetrics;

namespace gantry {

/// What the timeline header and delegate share: the axis, how starts are placed on
/// it, and the cluster's now.
struct TimelineFrame
{
    enum class Alignment {
        WallClock, ///< starts where they happened; ticks are clock times
        Created,   ///< every start begins at 0; ticks are "+2m30s"
    };

    TimeAxis axis;
    Alignment alignment = Alignment::WallClock;
    double now = 0; ///< the snapshot's `at`, seconds since the epoch
    QTimeZone zone = QTimeZone::systemTimeZone();

    /// Where a moment of `start` lies on the axis.
    double place(const fleet::ColdStart &start, SystemTime time) const;
    /// Where `now` lies on the axis for `start` (the end of its open bar).
    double nowFor(const fleet::ColdStart &start) const;
    /// The axis position where `span` ends: its end, or now while it is open.
    double spanEnd(const fleet::ColdStart &start, const fleet::PhaseSpan &span) const;
    /// The step between labelled ticks, so labels never collide.
    double tickStep(const QFontMetrics &metrics) const;
    double zoneOffset() const;
    QString tickLabel(double time, double step) const;
};

/// The span of `start` under axis time `time`, or nullptr. Phases are chronological,
/// so this is a binary search; spans thinner than `tolerance` (axis seconds) are
/// still found within that distance, and Ready is a point found the same way.
const fleet::PhaseSpan *spanAtTime(const fleet::ColdStart &start, const TimelineFrame &frame, double time, double tolerance);

} // namespace gantry

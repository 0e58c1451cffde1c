#include "widgets/coldstarts/timelineframe.h"

#include <QDateTime>
#include <QFontMetrics>

#include <algorithm>
#include <cmath>

namespace gantry {

double TimelineFrame::place(const fleet::ColdStart &start, SystemTime time) const
{
    const double seconds = TimeAxis::seconds(time);
    return alignment == Alignment::Created ? seconds - TimeAxis::seconds(start.created) : seconds;
}

double TimelineFrame::nowFor(const fleet::ColdStart &start) const
{
    return alignment == Alignment::Created ? now - TimeAxis::seconds(start.created) : now;
}

double TimelineFrame::spanEnd(const fleet::ColdStart &start, const fleet::PhaseSpan &span) const
{
    if (span.end)
        return place(start, *span.end);
    if (span.phase == fleet::ColdStartPhase::Ready)
        return place(start, span.start);
    // An open span never ends before it began, even if the clocks disagree.
    return std::max(nowFor(start), place(start, span.start));
}

double TimelineFrame::tickStep(const QFontMetrics &metrics) const
{
    // The widest label of either kind, plus a gap of two characters.
    const QString sample = alignment == Alignment::Created ? QStringLiteral("+1h30m") : QStringLiteral("00:00:00");
    return axis.tickStep(metrics.horizontalAdvance(sample) + 2 * metrics.averageCharWidth());
}

double TimelineFrame::zoneOffset() const
{
    if (alignment == Alignment::Created)
        return 0;
    const auto middle = static_cast<qint64>((axis.begin + axis.end) / 2);
    return zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(middle, QTimeZone::utc()));
}

QString TimelineFrame::tickLabel(double time, double step) const
{
    return alignment == Alignment::Created ? TimeAxis::relativeLabel(time) : TimeAxis::absoluteLabel(time, step, zone);
}

const fleet::PhaseSpan *spanAtTime(const fleet::ColdStart &start, const TimelineFrame &frame, double time, double tolerance)
{
    const auto &phases = start.phases;
    if (phases.empty())
        return nullptr;
    // First span that begins after `time`; the one before it is the candidate.
    const auto after = std::upper_bound(phases.begin(), phases.end(), time, [&](double t, const fleet::PhaseSpan &span) {
        return t < frame.place(start, span.start);
    });
    const fleet::PhaseSpan *best = nullptr;
    double bestDistance = tolerance;
    const auto consider = [&](const fleet::PhaseSpan &span) {
        const double from = frame.place(start, span.start);
        const double to = frame.spanEnd(start, span);
        const double distance = time < from ? from - time : (time > to ? time - to : 0);
        // The Ready post is drawn over the end of the last bar, so it wins there.
        const bool ready = span.phase == fleet::ColdStartPhase::Ready && distance <= tolerance;
        if (ready || (distance <= bestDistance && (!best || distance < bestDistance) && !(best && best->phase == fleet::ColdStartPhase::Ready))) {
            best = &span;
            bestDistance = distance;
        }
    };
    if (after != phases.begin())
        consider(*(after - 1));
    if (after != phases.end())
        consider(*after);
    return best;
}

} // namespace gantry

#include "widgets/coldstarts/timeaxis.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cmath>

namespace gantry {

double TimeAxis::seconds(SystemTime time)
{
    return std::chrono::duration<double>(time.time_since_epoch()).count();
}

double TimeAxis::pixelsPerSecond() const
{
    return span() > 0 ? width / span() : 0;
}

double TimeAxis::toPixel(double time) const
{
    return (time - begin) * pixelsPerSecond();
}

double TimeAxis::toTime(double pixel) const
{
    const double scale = pixelsPerSecond();
    return scale > 0 ? begin + pixel / scale : begin;
}

void TimeAxis::setWidth(double pixels)
{
    width = std::max(1.0, pixels);
}

void TimeAxis::zoom(double factor, double anchorPixel)
{
    if (!(factor > 0))
        return;
    const double anchor = toTime(anchorPixel);
    const double newSpan = std::clamp(span() / factor, minimumSpan, maximumSpan);
    const double fraction = width > 0 ? anchorPixel / width : 0.5;
    begin = anchor - fraction * newSpan;
    end = begin + newSpan;
}

void TimeAxis::pan(double pixels)
{
    const double scale = pixelsPerSecond();
    if (scale <= 0)
        return;
    const double shift = pixels / scale;
    begin -= shift;
    end -= shift;
}

void TimeAxis::fit(double first, double last, double leftMargin, double rightMargin)
{
    if (last < first)
        std::swap(first, last);
    const double dataSpan = std::max(last - first, minimumSpan);
    // Margins are fixed in pixels (room for labels); in a narrow column they shrink
    // so that the data keeps at least half of the width.
    double margins = std::max(0.0, leftMargin) + std::max(0.0, rightMargin);
    const double shrink = margins > width / 2 ? (width / 2) / margins : 1.0;
    margins *= shrink;
    const double scale = (width - margins) / dataSpan;
    begin = first - std::max(0.0, leftMargin) * shrink / scale;
    end = begin + std::clamp(width / scale, minimumSpan, maximumSpan);
}

double TimeAxis::tickStep(double minimumPixels) const
{
    static constexpr std::array<double, 20> steps = {
        1,    2,    5,    10,    15,    30,    60,    120,   300,    600,
        900,  1800, 3600, 7200,  10800, 21600, 43200, 86400, 172800, 604800,
    };
    const double scale = pixelsPerSecond();
    if (scale <= 0)
        return steps.back();
    for (double step : steps) {
        if (step * scale >= minimumPixels)
            return step;
    }
    double step = steps.back();
    while (step * scale < minimumPixels)
        step *= 2;
    return step;
}

std::vector<double> TimeAxis::ticks(double step, double zoneOffset) const
{
    std::vector<double> result;
    if (!(step > 0) || span() <= 0)
        return result;
    // At most a few thousand ticks even for a silly step; the header asks for far fewer.
    if (span() / step > 10000)
        return result;
    double tick = std::ceil((begin + zoneOffset) / step) * step - zoneOffset;
    for (; tick <= end; tick += step)
        result.push_back(tick);
    return result;
}

QString TimeAxis::relativeLabel(double offsetSeconds)
{
    auto total = static_cast<long long>(std::llround(offsetSeconds));
    if (total == 0)
        return QStringLiteral("0");
    QString text = total < 0 ? QStringLiteral("-") : QStringLiteral("+");
    total = std::llabs(total);
    const long long days = total / 86400, hours = total / 3600 % 24, minutes = total / 60 % 60, secs = total % 60;
    // Largest unit first, zero units left out: "+1h30m", not "+1h30m0s".
    if (days)
        text += QString::number(days) + QLatin1Char('d');
    if (hours)
        text += QString::number(hours) + QLatin1Char('h');
    if (minutes)
        text += QString::number(minutes) + QLatin1Char('m');
    if (secs)
        text += QString::number(secs) + QLatin1Char('s');
    return text;
}

QString TimeAxis::absoluteLabel(double epochSeconds, double step, const QTimeZone &zone)
{
    const auto msecs = static_cast<qint64>(std::llround(epochSeconds * 1000));
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(msecs, zone);
    const QLocale locale;
    if (step >= 86400 || (time.time() == QTime(0, 0) && step >= 60))
        return locale.toString(time, QStringLiteral("d MMM"));
    if (step < 60)
        return locale.toString(time, QStringLiteral("HH:mm:ss"));
    return locale.toString(time, QStringLiteral("HH:mm"));
}

} // namespace gantry

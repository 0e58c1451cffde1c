#include "widgets/coldstarts/durationtext.h"

#include <QCoreApplication>

#include <cmath>

namespace gantry {

QString formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds <= 0)
        return QStringLiteral("0s");
    if (seconds < 9.95)
        return QString::number(seconds, 'f', 1) + QLatin1Char('s');
    // Two units at most, the second zero-padded so columns of durations line up.
    const long long total = std::llround(seconds);
    const auto pad = [](long long value) { return QString::number(value).rightJustified(2, QLatin1Char('0')); };
    if (total < 60)
        return QString::number(total) + QLatin1Char('s');
    if (total < 3600)
        return QString::number(total / 60) + QLatin1Char('m') + pad(total % 60) + QLatin1Char('s');
    const long long minutes = std::llround(seconds / 60);
    if (minutes < 24 * 60)
        return QString::number(minutes / 60) + QLatin1Char('h') + pad(minutes % 60) + QLatin1Char('m');
    const long long hours = std::llround(seconds / 3600);
    return QString::number(hours / 24) + QLatin1Char('d') + pad(hours % 24) + QLatin1Char('h');
}

} // namespace gantry

namespace gantry {

QString startCountText(long long count)
{
    return count == 1 ? QCoreApplication::translate("gantry::ColdStarts", "1 start")
                      : QCoreApplication::translate("gantry::ColdStarts", "%1 starts").arg(count);
}

} // namespace gantry

#include "widgets/demo/demoformat.h"

#include <QCoreApplication>

#include <cmath>

namespace gantry::demoformat {

QString clock(double seconds)
{
    const qint64 whole = std::isfinite(seconds) && seconds > 0 ? static_cast<qint64>(seconds) : 0;
    return QStringLiteral("%1:%2").arg(whole / 60, 2, 10, QLatin1Char('0')).arg(whole % 60, 2, 10, QLatin1Char('0'));
}

QString clockLine(double seconds, double durationSeconds)
{
    if (durationSeconds > 0)
        return QCoreApplication::translate("gantry::demoformat", "t = %1 of %2").arg(clock(seconds), clock(durationSeconds));
    return QCoreApplication::translate("gantry::demoformat", "t = %1").arg(clock(seconds));
}

QString speed(double speed)
{
    return QString::number(speed, 'g', 3) + QStringLiteral("×");
}

} // namespace gantry::demoformat

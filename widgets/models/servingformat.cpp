#include "widgets/models/servingformat.h"

#include <cmath>

namespace gantry::servingformat {

namespace {

QString twoDigits(long long value)
{
    return QStringLiteral("%1").arg(value, 2, 10, QLatin1Char('0'));
}

} // namespace

QString missing()
{
    return QStringLiteral("—");
}

QString seconds(double value)
{
    if (!std::isfinite(value))
        return missing();
    if (value < 0)
        value = 0;
    if (value < 1)
        return QStringLiteral("%1 ms").arg(std::lround(value * 1000));
    if (value < 10)
        return QStringLiteral("%1 s").arg(value, 0, 'f', 1);
    const long long whole = std::llround(value);
    if (whole < 60)
        return QStringLiteral("%1 s").arg(whole);
    if (whole < 3600)
        return QStringLiteral("%1 min %2 s").arg(whole / 60).arg(twoDigits(whole % 60));
    return QStringLiteral("%1 h %2 min").arg(whole / 3600).arg(twoDigits(whole / 60 % 60));
}

QString age(double value)
{
    if (!std::isfinite(value))
        return missing();
    const long long whole = value < 0 ? 0 : static_cast<long long>(value);
    if (whole < 60)
        return QStringLiteral("%1 s").arg(whole);
    if (whole < 3600)
        return QStringLiteral("%1 min").arg(whole / 60);
    if (whole < 86400) {
        const long long minutes = whole / 60 % 60;
        return minutes ? QStringLiteral("%1 h %2 min").arg(whole / 3600).arg(minutes) : QStringLiteral("%1 h").arg(whole / 3600);
    }
    const long long hours = whole / 3600 % 24;
    return hours ? QStringLiteral("%1 d %2 h").arg(whole / 86400).arg(hours) : QStringLiteral("%1 d").arg(whole / 86400);
}

QString ago(double value)
{
    if (!std::isfinite(value))
        return missing();
    if (value < -60)
        return QStringLiteral("in the future");
    const long long whole = value < 0 ? 0 : static_cast<long long>(value);
    if (whole < 60)
        return QStringLiteral("just now");
    if (whole < 3600)
        return QStringLiteral("%1 min ago").arg(whole / 60);
    if (whole < 86400)
        return QStringLiteral("%1 h ago").arg(whole / 3600);
    return QStringLiteral("%1 d ago").arg(whole / 86400);
}

QString fraction(double value)
{
    return percent(value * 100);
}

QString percent(double value)
{
    if (!std::isfinite(value))
        return missing();
    return QStringLiteral("%1 %").arg(std::lround(value));
}

QString count(double value)
{
    if (!std::isfinite(value))
        return missing();
    if (std::abs(value - std::round(value)) < 0.05)
        return QString::number(std::llround(value));
    return QString::number(value, 'f', 1);
}

QString rate(double value)
{
    if (!std::isfinite(value))
        return missing();
    if (std::abs(value) >= 1000)
        return QStringLiteral("%1 k").arg(value / 1000, 0, 'f', 1);
    return QString::number(std::llround(value));
}

QString counted(long long count, const QString &singular, const QString &plural)
{
    return QString::number(count) + QLatin1Char(' ') + (count == 1 ? singular : plural);
}

QString gpus(double value)
{
    return count(value);
}

} // namespace gantry::servingformat

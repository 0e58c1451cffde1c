#include "widgets/models/servingcolours.h"

#include <QPalette>

namespace gantry::servingcolours {

namespace {

QColor blend(const QColor &a, const QColor &b, double towardsB)
{
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * towardsB),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * towardsB),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * towardsB));
}

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor muted(const QPalette &palette)
{
    return blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
}

QColor warning(const QPalette &palette)
{
    // Amber that keeps contrast: darker on light backgrounds, brighter on dark ones.
    return isDark(palette) ? QColor(0xf0, 0xb4, 0x29) : QColor(0xa8, 0x5d, 0x00);
}

QColor critical(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x2b, 0x22);
}

QColor good(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x56, 0xd3, 0x64) : QColor(0x1a, 0x7f, 0x37);
}

QColor forSeverity(Severity severity, const QPalette &palette)
{
    switch (severity) {
    case Severity::Normal: return {};
    case Severity::Muted: return muted(palette);
    case Severity::Good: return good(palette);
    case Severity::Warning: return warning(palette);
    case Severity::Critical: return critical(palette);
    }
    return {};
}

QColor statusReady() { return QColor(0x2e, 0xa0, 0x43); }
QColor statusProgressing() { return QColor(0xd2, 0x99, 0x22); }
QColor statusFailing() { return QColor(0xda, 0x36, 0x33); }

QColor seriesReplicas() { return QColor(0x3b, 0x82, 0xf6); }
QColor seriesQueue() { return QColor(0xf5, 0x9e, 0x0b); }
QColor seriesLatency() { return QColor(0xa8, 0x55, 0xf7); }
QColor seriesTokens() { return QColor(0x10, 0xb9, 0x81); }
QColor seriesGpu() { return QColor(0x06, 0xb6, 0xd4); }

} // namespace gantry::servingcolours

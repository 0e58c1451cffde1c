#include "widgets/pools/heatmapcolours.h"

#include <QPalette>

#include <algorithm>
#include <array>
#include <cmath>

namespace gantry {
namespace {

constexpr int rampSize = 256;

// Viridis at eleven evenly spaced stops; linear steps between them stay within a
// just-noticeable difference of the full map.
constexpr std::array<QRgb, 11> viridisStops = {
    0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
    0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725,
};

struct RampTables
{
    std::array<QColor, rampSize> colours;
    std::array<QColor, rampSize> contrast;

    RampTables()
    {
        for (int i = 0; i < rampSize; ++i) {
            const double t = i / double(rampSize - 1) * double(viridisStops.size() - 1);
            const int lo = std::min(static_cast<int>(t), static_cast<int>(viridisStops.size()) - 2);
            const double f = t - lo;
            const QColor a = QColor::fromRgb(viridisStops[static_cast<std::size_t>(lo)]);
            const QColor b = QColor::fromRgb(viridisStops[static_cast<std::size_t>(lo + 1)]);
            auto mix = [f](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * f)); };
            colours[static_cast<std::size_t>(i)] = QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
            const QColor &c = colours[static_cast<std::size_t>(i)];
            const double luminance = 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF();
            contrast[static_cast<std::size_t>(i)] = luminance > 0.45 ? QColor(0x1a, 0x1a, 0x1a) : QColor(0xf5, 0xf5, 0xf5);
        }
    }
};

const RampTables &tables()
{
    static const RampTables instance;
    return instance;
}

std::size_t rampIndex(double percent)
{
    if (!std::isfinite(percent))
        return 0;
    return static_cast<std::size_t>(std::lround(std::clamp(percent, 0.0, 100.0) / 100.0 * (rampSize - 1)));
}

} // namespace

const QColor &HeatmapColours::ramp(double percent)
{
    return tables().colours[rampIndex(percent)];
}

const QColor &HeatmapColours::contrastOn(double percent)
{
    return tables().contrast[rampIndex(percent)];
}

HeatmapColours HeatmapColours::forPalette(const QPalette &palette)
{
    HeatmapColours c;
    c.dark = palette.color(QPalette::Window).lightness() < 128;
    if (c.dark) {
        c.noReading = QColor(0x4b, 0x50, 0x57);
        c.notReady = QColor(0xff, 0x6b, 0x5e);
        c.cordoned = QColor(0xf5, 0xb0, 0x2e);
        c.provisioning = QColor(0x9c, 0xb4, 0xd8);
        c.warning = QColor(0xf5, 0xa6, 0x23);
        c.ready = QColor(0x4c, 0xc3, 0x6b);
        c.cellFrame = QColor(0, 0, 0, 90);
    } else {
        c.noReading = QColor(0xd3, 0xd7, 0xdc);
        c.notReady = QColor(0xd0, 0x2f, 0x24);
        c.cordoned = QColor(0xc2, 0x74, 0x00);
        c.provisioning = QColor(0x4a, 0x6f, 0xa5);
        c.warning = QColor(0xb4, 0x5c, 0x00);
        c.ready = QColor(0x1e, 0x8e, 0x3e);
        c.cellFrame = QColor(0, 0, 0, 40);
    }
    return c;
}

} // namespace gantry

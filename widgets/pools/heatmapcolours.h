#pragma once

#include <QColor>

class QPalette;

namespace gantry {

/// What a heatmap cell's colour stands for.
enum class HeatmapColourMode {
    Utilization, ///< DCGM_FI_DEV_GPU_UTIL
    MemoryUsed,  ///< framebuffer used as a share of the total
};

/// The pools page's data colours. The ramp is perceptually uniform (viridis),
/// readable on light and dark themes and free of red, which stays reserved for
/// nodes that are not ready; the state colours follow the palette's lightness.
struct HeatmapColours
{
    static HeatmapColours forPalette(const QPalette &palette);

    /// The ramp colour of `percent` (0–100, clamped). Looked up, never allocated.
    static const QColor &ramp(double percent);
    /// Black or white, whichever reads on `ramp(percent)`; for marks drawn on a cell.
    static const QColor &contrastOn(double percent);

    bool dark = false;
    QColor noReading;    ///< a GPU without a reading
    QColor notReady;
    QColor cordoned;
    QColor provisioning;
    QColor warning;      ///< pending demand
    QColor ready;
    QColor cellFrame;    ///< the thin frame that separates cells from the background
};

} // namespace gantry

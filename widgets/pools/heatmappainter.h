#pragma once

#include "widgets/pools/heatmapcolours.h"

#include <QBrush>
#include <QFont>
#include <QPalette>
#include <QPen>

#include <vector>

class QPainter;

namespace gantry {

struct HeatmapLayout;
struct HeatmapItem;
struct HeatmapSection;
struct HeatmapSummary;

/// Paints the part of a heatmap layout that meets a clip rectangle, in layout
/// coordinates. Only visible items are touched, cells are plain rectangle fills
/// with looked-up colours, and marks smaller than a few pixels are skipped, so a
/// frame costs the same with 16 GPUs or 16,000.
class HeatmapPainter
{
public:
    /// `summaries` holds one entry per layout item in the aggregate modes (empty otherwise).
    HeatmapPainter(QPainter &painter, const HeatmapLayout &layout, const std::vector<HeatmapSummary> &summaries,
                   HeatmapColourMode colourMode, const QPalette &palette, const QFont &font);

    void paint(const QRect &clip, int hoveredItem);

private:
    void paintHeader(const HeatmapSection &section);
    void paintNode(const HeatmapItem &item, bool hovered);
    void paintAggregate(const HeatmapItem &item, const HeatmapSummary &summary, bool hovered);
    void paintRowText(const HeatmapItem &item, const QRect &cells);
    QRect cellsBounds(const HeatmapItem &item) const;
    void frame(const QRect &inner, int width, const QColor &colour);
    void dashedFrame(const QRect &inner, const QColor &colour);
    /// A right triangle in a corner of `cell`, drawn as rectangle strips (no paths).
    void cornerMark(const QRect &cell, int size, bool topLeft, const QColor &colour);

    QPainter &m_painter;
    const HeatmapLayout &m_layout;
    const std::vector<HeatmapSummary> &m_summaries;
    const HeatmapColourMode m_colourMode;
    const QPalette m_palette;
    const QFont m_font;
    const HeatmapColours m_colours;
    QBrush m_notReadyHatch;
    QPen m_dashPen;
    QColor m_placeholderFill;
};

} // namespace gantry

#pragma once

#include <QColor>
#include <QRectF>

class QPainter;

namespace gantry {

/// Diagonal stripes over `rect`, `spacing` apart, in `colour` at `opacity`: the mark
/// of an inferred or merged span. Spacing comes from the font so it scales with DPI.
void paintHatching(QPainter *painter, const QRectF &rect, const QColor &colour, double spacing, double opacity = 1.0);

} // namespace gantry

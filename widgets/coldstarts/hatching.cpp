#include "widgets/coldstarts/hatching.h"

#include <QPainter>

#include <algorithm>

namespace gantry {

void paintHatching(QPainter *painter, const QRectF &rect, const QColor &colour, double spacing, double opacity)
{
    if (rect.isEmpty())
        return;
    spacing = std::max(3.0, spacing);
    painter->save();
    painter->setClipRect(rect, Qt::IntersectClip);
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setOpacity(painter->opacity() * opacity);
    painter->setPen(QPen(colour, std::max(1.5, spacing / 2.5)));
    // Lines rising to the right; start far enough left to cover the corner.
    for (double x = rect.left() - rect.height(); x < rect.right(); x += spacing)
        painter->drawLine(QPointF(x, rect.bottom()), QPointF(x + rect.height(), rect.top()));
    painter->restore();
}

} // namespace gantry

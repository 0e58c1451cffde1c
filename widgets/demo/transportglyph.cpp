#include "widgets/demo/transportglyph.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

namespace gantry {

namespace {

constexpr int glyphSize = 16;

void draw(QPainter &painter, TransportGlyph glyph, const QColor &colour)
{
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    switch (glyph) {
    case TransportGlyph::Play:
        painter.drawPolygon(QPolygonF({QPointF(4.5, 2.5), QPointF(13.5, 8), QPointF(4.5, 13.5)}));
        break;
    case TransportGlyph::Pause:
        painter.drawRoundedRect(QRectF(3.5, 2.5, 3.5, 11), 0.8, 0.8);
        painter.drawRoundedRect(QRectF(9, 2.5, 3.5, 11), 0.8, 0.8);
        break;
    case TransportGlyph::NextBeat:
        painter.drawPolygon(QPolygonF({QPointF(2.5, 3), QPointF(10, 8), QPointF(2.5, 13)}));
        painter.drawRoundedRect(QRectF(10.5, 3, 2.5, 10), 0.6, 0.6);
        break;
    case TransportGlyph::Restart: {
        // Most of a circle, and an arrowhead where it restarts.
        QPainterPath arc;
        const QRectF circle(3, 3, 10, 10);
        arc.arcMoveTo(circle, 70);
        arc.arcTo(circle, 70, 290);
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(colour, 1.8, Qt::SolidLine, Qt::RoundCap));
        painter.drawPath(arc);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawPolygon(QPolygonF({QPointF(7.2, 0.6), QPointF(11.6, 3.4), QPointF(7.4, 6.4)}));
        break;
    }
    }
}

QPixmap render(TransportGlyph glyph, const QColor &colour)
{
    // Drawn at twice the size, so it stays crisp on high-density screens.
    QPixmap pixmap(glyphSize * 2, glyphSize * 2);
    pixmap.setDevicePixelRatio(2);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    draw(painter, glyph, colour);
    return pixmap;
}

} // namespace

QIcon transportGlyph(TransportGlyph glyph, const QPalette &palette)
{
    QIcon icon;
    icon.addPixmap(render(glyph, palette.color(QPalette::Active, QPalette::ButtonText)), QIcon::Normal);
    icon.addPixmap(render(glyph, palette.color(QPalette::Disabled, QPalette::ButtonText)), QIcon::Disabled);
    return icon;
}

} // namespace gantry

#include "widgets/events/eventicons.h"

#include "backend/fleet/notableevents.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <functional>

namespace gantry {

namespace {

const QColor amber(0xe3, 0xa0, 0x08);
const QColor red(0xd9, 0x36, 0x33);
const QColor blue(0x3b, 0x82, 0xf6);
const QColor ink(0x1f, 0x1a, 0x10);

using Painter = std::function<void(QPainter &, qreal size)>;

/// One pixmap per common size, so small icons stay sharp instead of being scaled down.
QIcon paintedIcon(const Painter &paint)
{
    QIcon icon;
    for (int size : {16, 20, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        paint(painter, size);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

void exclamation(QPainter &painter, qreal size, const QColor &colour, qreal top, qreal bottom)
{
    QPen pen(colour, size * 0.13, Qt::SolidLine, Qt::RoundCap);
    painter.setPen(pen);
    painter.drawLine(QPointF(size / 2, size * top), QPointF(size / 2, size * bottom));
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    const qreal dot = size * 0.075;
    painter.drawEllipse(QPointF(size / 2, size * (bottom + 0.17)), dot, dot);
}

void disc(QPainter &painter, qreal size, const QColor &colour)
{
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    const qreal inset = size * 0.06;
    painter.drawEllipse(QRectF(inset, inset, size - 2 * inset, size - 2 * inset));
}

QIcon paintWarning()
{
    return paintedIcon([](QPainter &painter, qreal size) {
        QPainterPath triangle;
        triangle.moveTo(size / 2, size * 0.06);
        triangle.lineTo(size * 0.97, size * 0.92);
        triangle.lineTo(size * 0.03, size * 0.92);
        triangle.closeSubpath();
        painter.setPen(QPen(amber, size * 0.08, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.setBrush(amber);
        painter.drawPath(triangle);
        exclamation(painter, size, ink, 0.36, 0.6);
    });
}

QIcon paintCrash()
{
    return paintedIcon([](QPainter &painter, qreal size) {
        disc(painter, size, red);
        exclamation(painter, size, Qt::white, 0.24, 0.56);
    });
}

QIcon paintScaling()
{
    return paintedIcon([](QPainter &painter, qreal size) {
        disc(painter, size, blue);
        QPen pen(Qt::white, size * 0.12, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawLine(QPointF(size / 2, size * 0.74), QPointF(size / 2, size * 0.28));
        painter.drawPolyline(QPolygonF({QPointF(size * 0.31, size * 0.46), QPointF(size / 2, size * 0.27), QPointF(size * 0.69, size * 0.46)}));
    });
}

QIcon paintNormal()
{
    return paintedIcon([](QPainter &painter, qreal size) {
        disc(painter, size, blue);
        painter.setBrush(Qt::white);
        painter.setPen(Qt::NoPen);
        const qreal dot = size * 0.075;
        painter.drawEllipse(QPointF(size / 2, size * 0.29), dot, dot);
        painter.setPen(QPen(Qt::white, size * 0.13, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(QPointF(size / 2, size * 0.45), QPointF(size / 2, size * 0.74));
    });
}

} // namespace

EventIcons::EventIcons()
    : m_warning(paintWarning())
    , m_crash(paintCrash())
    , m_scaling(paintScaling())
    , m_normal(paintNormal())
{
}

const QIcon &EventIcons::forEvent(const fleet::NotableEvent &event) const
{
    if (event.type == "Warning")
        return event.category == fleet::EventCategory::Crash ? m_crash : m_warning;
    if (event.category == fleet::EventCategory::ScaleUp)
        return m_scaling;
    return m_normal;
}

} // namespace gantry

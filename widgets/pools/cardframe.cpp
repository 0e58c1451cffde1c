#include "widgets/pools/cardframe.h"

#include <QPainter>

namespace gantry {

CardFrame::CardFrame(QWidget *parent)
    : QWidget(parent)
{
}

void CardFrame::paintSurface(QPainter &painter, const QRect &rect, const QPalette &palette)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QColor border = palette.color(QPalette::Text);
    border.setAlpha(45);
    painter.setPen(QPen(border, 1));
    painter.setBrush(palette.color(QPalette::Base));
    painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    painter.restore();
}

void CardFrame::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintSurface(painter, rect(), palette());
}

} // namespace gantry

#include "widgets/rotationline.h"

#include <QPaintEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace gantry {

RotationLine::RotationLine(QWidget *parent)
    : QWidget(parent)
{
    setFixedHeight(3);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void RotationLine::setFraction(double fraction)
{
    fraction = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
    const int before = filledWidth();
    m_fraction = fraction;
    const int after = filledWidth();
    if (after != before)
        update(std::min(before, after), 0, std::abs(after - before), height());
}

int RotationLine::filledWidth() const
{
    return static_cast<int>(std::lround(m_fraction * width()));
}

QSize RotationLine::sizeHint() const
{
    return {100, 3};
}

void RotationLine::paintEvent(QPaintEvent *event)
{
    QPainter painter(this);
    const int filled = filledWidth();
    const QRect area = event->rect();
    painter.fillRect(area.intersected(QRect(0, 0, filled, height())), palette().color(QPalette::Highlight));
    painter.fillRect(area.intersected(QRect(filled, 0, width() - filled, height())), palette().color(QPalette::Window));
}

} // namespace gantry

#include "widgets/coldstarts/timeaxisheader.h"

#include "widgets/coldstarts/timelineframe.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace gantry {

TimeAxisHeader::TimeAxisHeader(const TimelineFrame *frame, int timelineSection, QWidget *parent)
    : QHeaderView(Qt::Horizontal, parent)
    , m_frame(frame)
    , m_timelineSection(timelineSection)
{
    setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    setHighlightSections(false);
}

QSize TimeAxisHeader::sizeHint() const
{
    QSize size = QHeaderView::sizeHint();
    // A line of labels over tick marks.
    size.setHeight(std::max(size.height(), static_cast<int>(std::ceil(fontMetrics().height() * 1.9))));
    return size;
}

void TimeAxisHeader::paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const
{
    if (logicalIndex != m_timelineSection || !m_frame) {
        QHeaderView::paintSection(painter, rect, logicalIndex);
        return;
    }
    // The styled background without a title; the ticks are the title.
    QStyleOptionHeader option;
    initStyleOption(&option);
    option.rect = rect;
    option.section = logicalIndex;
    option.text.clear();
    painter->save();
    style()->drawControl(QStyle::CE_Header, &option, painter, this);
    painter->setClipRect(rect);

    const TimelineFrame &frame = *m_frame;
    const QFontMetrics metrics = fontMetrics();
    const QColor ink = palette().color(QPalette::WindowText);
    QColor tickColour = ink;
    tickColour.setAlphaF(0.55);
    const int tickLength = std::max(3, metrics.height() / 4);
    const double step = frame.tickStep(metrics);
    const int baseline = rect.bottom() - tickLength - metrics.descent() - 1;
    for (double tick : frame.axis.ticks(step, frame.zoneOffset())) {
        const int x = rect.left() + static_cast<int>(std::lround(frame.axis.toPixel(tick)));
        painter->setPen(QPen(tickColour, 0));
        painter->drawLine(x, rect.bottom() - tickLength, x, rect.bottom());
        const QString label = frame.tickLabel(tick, step);
        const int width = metrics.horizontalAdvance(label);
        // Centred on the tick, but kept inside the section at the edges.
        const int textLeft = std::clamp(x - width / 2, rect.left() + 2, rect.right() - width - 2);
        painter->setPen(ink);
        painter->drawText(textLeft, baseline, label);
    }

    if (frame.alignment == TimelineFrame::Alignment::WallClock) {
        const double x = rect.left() + frame.axis.toPixel(frame.now);
        if (x >= rect.left() && x <= rect.right()) {
            const QColor accent = palette().color(QPalette::Highlight);
            painter->setRenderHint(QPainter::Antialiasing, true);
            const double size = tickLength * 1.6;
            QPainterPath marker;
            marker.moveTo(x - size, rect.bottom() - size * 1.2);
            marker.lineTo(x + size, rect.bottom() - size * 1.2);
            marker.lineTo(x, rect.bottom());
            marker.closeSubpath();
            painter->fillPath(marker, accent);
        }
    }
    painter->restore();
}

} // namespace gantry

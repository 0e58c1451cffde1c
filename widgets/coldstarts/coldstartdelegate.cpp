#include "widgets/coldstarts/coldstartdelegate.h"

#include "widgets/coldstarts/coldstartmodel.h"
#include "widgets/coldstarts/durationtext.h"
#include "widgets/coldstarts/hatching.h"
#include "widgets/coldstarts/phasecolours.h"
#include "widgets/coldstarts/timelineframe.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace gantry {

using fleet::ColdStartPhase;

ColdStartDelegate::ColdStartDelegate(const TimelineFrame *frame, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_frame(frame)
{
}

QRect ColdStartDelegate::barRect(const QRect &cell)
{
    const int inset = std::max(2, cell.height() / 6);
    return cell.adjusted(0, inset, 0, -inset);
}

QSize ColdStartDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    // Room for a bar with a duration inside it, whatever the font.
    size.setHeight(std::max(size.height(), static_cast<int>(std::ceil(option.fontMetrics.height() * 1.75))));
    return size;
}

void ColdStartDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto kind = index.data(ColdStartModel::RowKindRole).value<ColdStartModel::RowKind>();
    if (kind == ColdStartModel::RowKind::Service && index.column() == ColdStartModel::NameColumn) {
        paintService(painter, option, index);
        return;
    }
    if (kind == ColdStartModel::RowKind::Start && index.column() == ColdStartModel::TimelineColumn) {
        paintTimeline(painter, option, index);
        return;
    }
    QStyledItemDelegate::paint(painter, option, index);
}

void ColdStartDelegate::paintService(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    painter->save();
    QColor band = option.palette.color(QPalette::Text);
    band.setAlphaF(0.06);
    painter->fillRect(option.rect, band);
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QColor text = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.7);
    const int pad = option.fontMetrics.averageCharWidth();
    QRect rect = option.rect.adjusted(pad, 0, -pad, 0);

    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(text);
    const QString name = index.data(Qt::DisplayRole).toString();
    const int nameWidth = QFontMetrics(bold).horizontalAdvance(name);
    painter->drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, name);
    rect.setLeft(rect.left() + nameWidth + 2 * pad);

    const QString key = index.data(ColdStartModel::ServiceKeyRole).toString();
    const QString namespaceName = key.section(QLatin1Char('/'), 0, 0);
    QString detail = index.data(ColdStartModel::SummaryRole).toString();
    if (!namespaceName.isEmpty())
        detail = namespaceName + QStringLiteral("  ·  ") + detail;
    painter->setFont(option.font);
    painter->setPen(dim);
    painter->drawText(rect, Qt::AlignLeft | Qt::AlignVCenter, option.fontMetrics.elidedText(detail, Qt::ElideRight, rect.width()));
    painter->restore();
}

void ColdStartDelegate::paintTimeline(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt(option);
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const auto holder = index.data(ColdStartModel::ColdStartRole).value<std::shared_ptr<const fleet::ColdStart>>();
    if (!holder || !m_frame)
        return;
    const fleet::ColdStart &start = *holder;
    const TimelineFrame &frame = *m_frame;
    const TimeAxis &axis = frame.axis;
    const QFontMetrics &metrics = option.fontMetrics;
    const QRect cell = option.rect;
    const double left = cell.left();
    const auto xOf = [&](double time) { return left + axis.toPixel(time); };

    painter->save();
    painter->setClipRect(cell);
    painter->setRenderHint(QPainter::Antialiasing, false);

    // Faint tick lines, continuing the header's ticks down through the rows.
    QColor grid = option.palette.color(QPalette::Text);
    grid.setAlphaF(0.09);
    painter->setPen(QPen(grid, 0));
    const double step = frame.tickStep(metrics);
    for (double tick : axis.ticks(step, frame.zoneOffset())) {
        const int x = static_cast<int>(std::lround(xOf(tick)));
        painter->drawLine(x, cell.top(), x, cell.bottom());
    }

    const QRect bar = barRect(cell);
    const double pad = metrics.averageCharWidth();
    double barEnd = xOf(frame.place(start, start.created));
    std::optional<double> readyX;
    for (const fleet::PhaseSpan &span : start.phases) {
        const double from = frame.place(start, span.start);
        const double to = frame.spanEnd(start, span);
        if (span.phase == ColdStartPhase::Ready) {
            readyX = xOf(from);
            barEnd = std::max(barEnd, *readyX);
            continue;
        }
        barEnd = std::max(barEnd, xOf(to));
        if (!axis.overlaps(from, to))
            continue;
        // Clamp far-away ends so huge zooms do not overflow the integer raster.
        const double x0 = std::max(xOf(from), left - 4);
        const double x1 = std::min(xOf(to), left + cell.width() + 4);
        if (x1 - x0 < 0.5)
            continue; // sub-pixel: would only smear the neighbours
        const QRectF rect(x0, bar.top(), x1 - x0, bar.height());
        const bool open = !span.end;
        painter->fillRect(rect, phaseColour(span.phase));
        if (span.merged())
            paintHatching(painter, rect, phaseColour(span.lastPhase), metrics.height() / 3.0);
        else if (span.inferred)
            paintHatching(painter, rect, phaseTextColour(span.phase), metrics.height() / 3.0, 0.35);
        painter->setPen(QPen(phaseOutlineColour(span.phase, option.palette), 0));
        if (open) {
            // No right edge: the phase has not ended. A chevron points on to now.
            painter->drawLine(QLineF(rect.topLeft(), rect.topRight()));
            painter->drawLine(QLineF(rect.bottomLeft(), rect.bottomRight()));
            painter->drawLine(QLineF(rect.topLeft(), rect.bottomLeft()));
            painter->setRenderHint(QPainter::Antialiasing, true);
            const double h = rect.height() / 2;
            QPainterPath chevron;
            chevron.moveTo(rect.right(), rect.top());
            chevron.lineTo(rect.right() + h * 0.8, rect.center().y());
            chevron.lineTo(rect.right(), rect.bottom());
            chevron.closeSubpath();
            painter->fillPath(chevron, phaseColour(span.phase));
            painter->drawPath(chevron);
            painter->setRenderHint(QPainter::Antialiasing, false);
        } else {
            painter->drawRect(rect.adjusted(0, 0, -1, -1));
        }
        // The duration inside the bar when it fits; merged spans say they are estimates.
        QString text = formatDuration(to - from);
        if (span.merged() || span.inferred)
            text.prepend(QStringLiteral("≈"));
        if (rect.width() >= metrics.horizontalAdvance(text) + 2 * pad) {
            const QColor ink = phaseTextColour(span.phase);
            if (span.merged() || span.inferred) {
                // Keep the text legible over the stripes.
                const QRectF box = QRectF(metrics.boundingRect(text)).adjusted(-pad / 2, 0, pad / 2, 0);
                QRectF backing(0, 0, box.width(), std::min<double>(metrics.height(), rect.height() - 2));
                backing.moveCenter(rect.center());
                painter->fillRect(backing, phaseColour(span.phase));
            }
            painter->setPen(ink);
            painter->drawText(rect, Qt::AlignCenter, text);
        }
    }

    if (readyX && *readyX >= cell.left() - 2 && *readyX <= cell.right() + 2) {
        // Ready is a moment, not a bar: a green post.
        const QColor green = phaseColour(ColdStartPhase::Ready);
        painter->setPen(QPen(phaseOutlineColour(ColdStartPhase::Ready, option.palette), 0));
        const int width = std::max(3, metrics.averageCharWidth() / 2);
        const QRect post(static_cast<int>(std::lround(*readyX)), cell.top() + 2, width, cell.height() - 4);
        painter->fillRect(post, green);
        painter->drawRect(post.adjusted(0, 0, -1, -1));
        barEnd = std::max(barEnd, static_cast<double>(post.right()));
    }

    // The total right after the bar, where the eye lands.
    QString total = formatDuration(index.siblingAtColumn(ColdStartModel::TotalColumn).data(ColdStartModel::SecondsRole).toDouble());
    QFont font = option.font;
    if (!start.complete) {
        total = tr("%1 so far").arg(total);
        font.setItalic(true);
    }
    const int textLeft = static_cast<int>(std::ceil(barEnd + pad * 1.5));
    const QFontMetrics totalMetrics(font);
    if (textLeft + totalMetrics.horizontalAdvance(total) <= cell.right() && textLeft >= cell.left()) {
        painter->setFont(font);
        painter->setPen(option.palette.color((option.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(QRect(textLeft, cell.top(), cell.right() - textLeft, cell.height()), Qt::AlignLeft | Qt::AlignVCenter, total);
    }
    painter->restore();
}

} // namespace gantry

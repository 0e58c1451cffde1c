#include "widgets/palette/paletteitemdelegate.h"

#include "widgets/palette/palettemodel.h"
#include "widgets/scaledfont.h"

#include <QApplication>
#include <QPainter>

namespace gantry {

void PaletteItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem base = option;
    initStyleOption(&base, index);
    base.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &base, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const bool available = index.data(PaletteModel::UnavailableRole).toString().isEmpty();
    const QPalette &palette = option.palette;
    const QColor text = selected ? palette.color(QPalette::HighlightedText) : palette.color(QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.6);

    const int margin = option.fontMetrics.averageCharWidth() * 3 / 2;
    QRect area = option.rect.adjusted(margin, 0, -margin, 0);

    // The kind badge on the right.
    const QString kind = paletteKindName(static_cast<PaletteEntry::Kind>(index.data(PaletteModel::KindRole).toInt()));
    const QFont small = scaledFont(option.font, 0.85);
    const QFontMetrics smallMetrics(small);
    const int badgeWidth = smallMetrics.horizontalAdvance(kind) + margin;
    const QRect badge(area.right() - badgeWidth, area.center().y() - smallMetrics.height() / 2 - 1, badgeWidth,
                      smallMetrics.height() + 2);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(dim, 1));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
    painter->setFont(small);
    painter->drawText(badge, Qt::AlignCenter, kind);
    area.setRight(badge.left() - margin);

    QFont bold = option.font;
    bold.setWeight(QFont::DemiBold);
    const QFontMetrics boldMetrics(bold);
    const QString title = boldMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, area.width() * 2 / 3);
    painter->setFont(bold);
    painter->setPen(available ? text : dim);
    painter->drawText(area, Qt::AlignLeft | Qt::AlignVCenter, title);

    const QString unavailable = index.data(PaletteModel::UnavailableRole).toString();
    const QString detail = unavailable.isEmpty() ? index.data(PaletteModel::DetailRole).toString() : unavailable;
    const int detailLeft = area.left() + boldMetrics.horizontalAdvance(title) + margin;
    const QRect detailArea(detailLeft, area.top(), area.right() - detailLeft, area.height());
    painter->setFont(option.font);
    painter->setPen(dim);
    painter->drawText(detailArea, Qt::AlignLeft | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(detail, Qt::ElideRight, detailArea.width()));
    painter->restore();
}

QSize PaletteItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return {option.fontMetrics.averageCharWidth() * 60, option.fontMetrics.height() * 2};
}

} // namespace gantry

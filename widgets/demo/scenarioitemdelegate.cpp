#include "widgets/demo/scenarioitemdelegate.h"

#include "widgets/scaledfont.h"

#include <QListView>
#include <QApplication>
#include <QPainter>

namespace gantry {

namespace {

constexpr int paddingX = 12;
constexpr int paddingY = 9;
constexpr int lineGap = 3;
constexpr int descriptionFlags = Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop;

QFont nameFont(const QFont &base)
{
    QFont font = base;
    font.setBold(true);
    return font;
}

QFont smallFont(const QFont &base)
{
    return scaledFont(base, 0.9);
}

int textWidth(const QStyleOptionViewItem &option)
{
    int width = option.rect.width();
    // A list asks for sizes before it lays out; its viewport knows the real width.
    if (const auto *view = qobject_cast<const QListView *>(option.widget))
        width = view->viewport()->width() - 2 * view->spacing();
    return std::max(width - 2 * paddingX, 120);
}

} // namespace

void ScenarioItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &palette = option.palette;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(selected ? 0.85 : 0.62);

    const QRect content = option.rect.adjusted(paddingX, paddingY, -paddingX, -paddingY);
    painter->save();
    const QFont name = nameFont(option.font);
    const QFontMetrics nameMetrics(name);
    const QFont small = smallFont(option.font);
    const QFontMetrics smallMetrics(small);

    // The tag on the right: the file, and that it is the one playing.
    QString tag = index.data(FileRole).toString();
    if (index.data(CurrentRole).toBool())
        tag = tr("playing · %1").arg(tag);
    const int tagWidth = smallMetrics.horizontalAdvance(tag);
    painter->setFont(small);
    painter->setPen(muted);
    const QRect nameLine(content.left(), content.top(), content.width(), nameMetrics.height());
    painter->drawText(nameLine, Qt::AlignRight | Qt::AlignVCenter, tag);

    painter->setFont(name);
    painter->setPen(text);
    painter->drawText(nameLine.adjusted(0, 0, -tagWidth - 12, 0), Qt::AlignLeft | Qt::AlignVCenter,
                      nameMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight,
                                             content.width() - tagWidth - 12));

    const QString description = index.data(DescriptionRole).toString();
    if (!description.isEmpty()) {
        painter->setFont(option.font);
        painter->setPen(muted);
        const QRect below(content.left(), nameLine.bottom() + 1 + lineGap, content.width(),
                          content.bottom() - nameLine.bottom() - lineGap);
        painter->drawText(below, descriptionFlags, description);
    }
    painter->restore();
}

QSize ScenarioItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int width = textWidth(option);
    int height = QFontMetrics(nameFont(option.font)).height();
    const QString description = index.data(DescriptionRole).toString();
    if (!description.isEmpty())
        height += lineGap + QFontMetrics(option.font).boundingRect(QRect(0, 0, width, 10000), descriptionFlags, description).height();
    return {width + 2 * paddingX, height + 2 * paddingY};
}

} // namespace gantry

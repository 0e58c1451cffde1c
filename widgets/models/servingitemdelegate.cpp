#include "widgets/models/servingitemdelegate.h"

#include "widgets/models/servingcolours.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace gantry {

namespace {

QIcon paintDot(const QColor &colour, int size, qreal devicePixelRatio)
{
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    const qreal inset = size * 0.2;
    painter.drawEllipse(QRectF(inset, inset, size - 2 * inset, size - 2 * inset));
    return QIcon(pixmap);
}

/// One icon per colour, size and pixel ratio, reused across paints: a new QIcon
/// per paint would also be a new key in the style's pixmap cache, which then
/// fills up to its limit (10 MB) on a screen that repaints for weeks.
QIcon dotIcon(const QColor &colour, int size, qreal devicePixelRatio)
{
    static QHash<quint64, QIcon> icons;
    const quint64 key = (quint64(colour.rgba()) << 32) | (quint64(size & 0xfffff) << 12)
                        | quint64(qRound(devicePixelRatio * 100) & 0xfff);
    if (const auto found = icons.constFind(key); found != icons.constEnd())
        return *found;
    // A handful of severity colours at one or two sizes; the bound only guards misuse.
    if (icons.size() >= 256)
        icons.clear();
    return *icons.insert(key, paintDot(colour, size, devicePixelRatio));
}

} // namespace

ServingItemDelegate::ServingItemDelegate(int severityRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_severityRole(severityRole)
{
}

void ServingItemDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant decoration = index.data(Qt::DecorationRole);
    if (decoration.typeId() == QMetaType::QColor) {
        const int size = option->fontMetrics.height();
        const qreal ratio = option->widget ? option->widget->devicePixelRatioF() : 1.0;
        option->icon = dotIcon(decoration.value<QColor>(), size, ratio);
        option->decorationSize = QSize(size, size);
    }
    const auto severity = static_cast<servingcolours::Severity>(index.data(m_severityRole).toInt());
    const QColor colour = servingcolours::forSeverity(severity, option->palette);
    if (colour.isValid())
        option->palette.setColor(QPalette::Text, colour);
}

} // namespace gantry

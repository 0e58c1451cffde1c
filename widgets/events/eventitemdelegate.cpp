#include "widgets/events/eventitemdelegate.h"

#include "widgets/events/eventtablemodel.h"

namespace gantry {

EventItemDelegate::EventItemDelegate(QObject *parent)
    : ServingItemDelegate(EventTableModel::SeverityRole, parent)
{
}

void EventItemDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    ServingItemDelegate::initStyleOption(option, index);
    if (index.column() == EventTableModel::Object)
        option->textElideMode = Qt::ElideMiddle;
}

} // namespace gantry

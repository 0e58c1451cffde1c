#pragma once

#include "widgets/models/servingitemdelegate.h"

namespace gantry {

/// The events table's cells: coloured by severity like the models table, and
/// object names elided in the middle, since a pod's name starts with its model
/// and ends with what tells replicas apart.
class EventItemDelegate : public ServingItemDelegate
{
    Q_OBJECT

public:
    explicit EventItemDelegate(QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace gantry

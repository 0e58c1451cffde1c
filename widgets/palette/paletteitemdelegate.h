#pragma once

#include <QStyledItemDelegate>

namespace gantry {

/// One palette row: the title, the detail dimmed after it (or why the entry is
/// unavailable), and the kind as a small badge on the right.
class PaletteItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace gantry

#pragma once

#include <QStyledItemDelegate>

namespace gantry {

/// Draws a scenario as two parts: its name in bold (and "playing" beside the
/// current one), what it shows wrapped beneath in a muted colour.
class ScenarioItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    enum Role {
        DescriptionRole = Qt::UserRole + 1,
        FileRole,
        CurrentRole, ///< bool: the scenario playing now
    };

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace gantry

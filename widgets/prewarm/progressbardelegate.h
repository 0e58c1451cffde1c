#pragma once

#include <QStyledItemDelegate>

namespace gantry {

/// Paints a cell as a progress bar from a 0–1 fraction in `fractionRole`; a
/// negative fraction is drawn as an empty bar with the cell's text (a pending
/// or running node whose log says nothing yet). Painting, not a widget per row,
/// so a pool of hundreds of nodes stays cheap.
class ProgressBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ProgressBarDelegate(int fractionRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_fractionRole;
};

} // namespace gantry

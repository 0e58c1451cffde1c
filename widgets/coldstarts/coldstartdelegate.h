#pragma once

#include <QStyledItemDelegate>

namespace gantry {

struct TimelineFrame;

/// Paints the cold-start rows: each start's phases as coloured bars on the shared
/// time axis (hatched where inferred or merged, open-ended up to now while in
/// progress, a Ready mark and the total), and service rows as group headers.
class ColdStartDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ColdStartDelegate(const TimelineFrame *frame, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The rectangle of the bars inside a timeline cell.
    static QRect barRect(const QRect &cell);

private:
    void paintService(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
    void paintTimeline(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;

    const TimelineFrame *m_frame;
};

} // namespace gantry

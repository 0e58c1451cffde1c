#pragma once

#include "backend/fleet/coldstart.h"
#include "widgets/coldstarts/timelineframe.h"

#include <QTreeView>

namespace gantry {

class ColdStartModel;
class ColdStartDelegate;
class TimeAxisHeader;

/// The cold-start timeline: a tree of services and their replica starts, each
/// start's phases painted as bars on one time axis (the header). The wheel zooms
/// around the cursor, a drag pans, fitAll() shows everything; until the operator
/// zooms or pans, the axis follows new data.
class ColdStartTimelineView : public QTreeView
{
    Q_OBJECT

public:
    /// What is under a point of the viewport.
    struct Hit
    {
        const fleet::ColdStart *start = nullptr;
        const fleet::PhaseSpan *span = nullptr;
    };

    explicit ColdStartTimelineView(QWidget *parent = nullptr);
    ~ColdStartTimelineView() override;

    void setColdStartModel(ColdStartModel *model);
    ColdStartModel *coldStartModel() const { return m_model; }

    const TimelineFrame &frame() const { return m_frame; }
    const TimeAxis &axis() const { return m_frame.axis; }
    void setVisibleRange(double begin, double end);
    void setAlignment(TimelineFrame::Alignment alignment);
    TimelineFrame::Alignment alignment() const { return m_frame.alignment; }
    void setTimeZone(const QTimeZone &zone);
    /// True until the operator zooms or pans; fitAll() turns it back on.
    bool isFollowing() const { return m_following; }

    Hit hitAt(const QPoint &viewportPos) const;
    /// The tooltip for a point of the viewport (rich text), empty over nothing.
    QString toolTipAt(const QPoint &viewportPos) const;
    /// The viewport point at `time` in the row of the start with `podUid` (for tests
    /// and for scrolling to a start); invalid when the row is not visible.
    QPoint pointAt(const QString &podUid, SystemTime time) const;

public Q_SLOTS:
    void fitAll();
    void zoomAround(double factor, double viewportX);

Q_SIGNALS:
    void visibleRangeChanged();

protected:
    bool viewportEvent(QEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// Column widths from typical content in the current font (the wall screen's is larger).
    void sizeColumnsToFont();
    void onSnapshotApplied();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void syncAxisWidth();
    int timelineLeft() const;
    bool inTimeline(const QPoint &viewportPos) const;
    void axisChanged();

    ColdStartModel *m_model = nullptr;
    ColdStartDelegate *m_delegate = nullptr;
    TimeAxisHeader *m_header = nullptr;
    TimelineFrame m_frame;
    bool m_following = true;
    bool m_panning = false;
    QPoint m_pressPos;
    double m_lastPanX = 0;
};

} // namespace gantry

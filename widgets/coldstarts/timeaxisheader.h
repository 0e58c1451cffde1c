#pragma once

#include <QHeaderView>

namespace gantry {

struct TimelineFrame;

/// A horizontal header whose timeline section is the time axis: tick marks with
/// clock times ("15:20") or offsets ("+2m30s"), and the "now" mark.
class TimeAxisHeader : public QHeaderView
{
    Q_OBJECT

public:
    explicit TimeAxisHeader(const TimelineFrame *frame, int timelineSection, QWidget *parent = nullptr);

    int timelineSection() const { return m_timelineSection; }
    QSize sizeHint() const override;

protected:
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;

private:
    const TimelineFrame *m_frame;
    int m_timelineSection;
};

} // namespace gantry

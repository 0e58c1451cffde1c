#include "widgets/coldstarts/coldstarttimelineview.h"

#include "widgets/coldstarts/coldstartdelegate.h"
#include "widgets/coldstarts/coldstartmodel.h"
#include "widgets/coldstarts/durationtext.h"
#include "widgets/coldstarts/phasecolours.h"
#include "widgets/coldstarts/timeaxisheader.h"

#include <QApplication>
#include <QDateTime>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace gantry {

namespace {

QString clockText(SystemTime time, const QTimeZone &zone)
{
    const auto msecs = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(msecs, zone).toString(QStringLiteral("HH:mm:ss"));
}

QString html(const std::string &text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

} // namespace

ColdStartTimelineView::ColdStartTimelineView(QWidget *parent)
    : QTreeView(parent)
{
    m_header = new TimeAxisHeader(&m_frame, ColdStartModel::TimelineColumn, this);
    setHeader(m_header);
    m_delegate = new ColdStartDelegate(&m_frame, this);
    setItemDelegate(m_delegate);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setTextElideMode(Qt::ElideMiddle);
    setIndentation(fontMetrics().averageCharWidth() * 2);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_header->setStretchLastSection(true);
    m_header->setSectionsMovable(false);
    m_header->viewport()->installEventFilter(this);
    connect(m_header, &QHeaderView::sectionResized, this, [this](int section) {
        if (section == ColdStartModel::TimelineColumn)
            syncAxisWidth();
    });
    connect(m_header, &QHeaderView::geometriesChanged, this, &ColdStartTimelineView::syncAxisWidth);
    m_frame.axis.width = 100;
}

ColdStartTimelineView::~ColdStartTimelineView() = default;

void ColdStartTimelineView::setColdStartModel(ColdStartModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    setModel(model);
    if (!model)
        return;
    for (int column : {ColdStartModel::StartsColumn, ColdStartModel::P50Column, ColdStartModel::P95Column, ColdStartModel::StateColumn})
        setColumnHidden(column, true);
    sizeColumnsToFont();
    connect(model, &ColdStartModel::snapshotApplied, this, &ColdStartTimelineView::onSnapshotApplied);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ColdStartTimelineView::onRowsInserted);
    if (model->rowCount() > 0)
        onRowsInserted({}, 0, model->rowCount() - 1);
    onSnapshotApplied();
}

void ColdStartTimelineView::sizeColumnsToFont()
{
    const QFontMetrics metrics = fontMetrics();
    const int pad = metrics.averageCharWidth() * 3;
    // Widths from typical content: KServe pod names are long and elided in the middle.
    m_header->resizeSection(ColdStartModel::NameColumn,
                            metrics.horizontalAdvance(QStringLiteral("mistral-predictor-7d6c5b4a3-h5j2k")) + pad + 2 * indentation());
    m_header->resizeSection(ColdStartModel::NodeColumn, metrics.horizontalAdvance(QStringLiteral("gpu-h100-pool-017")) + pad);
    m_header->resizeSection(ColdStartModel::WeightSourceColumn, metrics.horizontalAdvance(QStringLiteral("shared volume")) + pad);
    m_header->resizeSection(ColdStartModel::TotalColumn, metrics.horizontalAdvance(QStringLiteral("21m04s")) + pad);
}

void ColdStartTimelineView::changeEvent(QEvent *event)
{
    QTreeView::changeEvent(event);
    if (event->type() == QEvent::FontChange && m_model)
        sizeColumnsToFont();
}

void ColdStartTimelineView::resizeEvent(QResizeEvent *event)
{
    QTreeView::resizeEvent(event);
    // In a narrow window the bars matter more than the node, which the tooltip names.
    if (m_model)
        setColumnHidden(ColdStartModel::NodeColumn, viewport()->width() < fontMetrics().averageCharWidth() * 150);
}

void ColdStartTimelineView::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    // Services are group headers across the row; they open expanded.
    for (int row = first; row <= last; ++row) {
        setFirstColumnSpanned(row, {}, true);
        expand(m_model->index(row, 0));
    }
}

void ColdStartTimelineView::onSnapshotApplied()
{
    m_frame.now = TimeAxis::seconds(m_model->at());
    if (m_following)
        fitAll();
    else
        axisChanged();
}

void ColdStartTimelineView::setVisibleRange(double begin, double end)
{
    m_frame.axis.begin = begin;
    m_frame.axis.end = std::max(end, begin + TimeAxis::minimumSpan);
    m_following = false;
    axisChanged();
}

void ColdStartTimelineView::setAlignment(TimelineFrame::Alignment alignment)
{
    if (alignment == m_frame.alignment)
        return;
    m_frame.alignment = alignment;
    // Times mean something else now; show everything again.
    fitAll();
}

void ColdStartTimelineView::setTimeZone(const QTimeZone &zone)
{
    m_frame.zone = zone;
    axisChanged();
}

void ColdStartTimelineView::fitAll()
{
    double first = 0, last = 0;
    bool any = false;
    if (m_model && m_model->coldStarts()) {
        for (const auto &start : m_model->coldStarts()->starts) {
            if (!start)
                continue;
            const double from = m_frame.place(*start, start->created);
            const double to = start->ready ? m_frame.place(*start, *start->ready) : m_frame.nowFor(*start);
            first = any ? std::min(first, from) : from;
            last = any ? std::max(last, std::max(from, to)) : std::max(from, to);
            any = true;
        }
    }
    if (!any) {
        last = m_frame.alignment == TimelineFrame::Alignment::WallClock ? m_frame.now : 600;
        first = last - 600;
    }
    const QFontMetrics metrics = fontMetrics();
    // Room on the right for the total printed after the longest bar.
    const double right = metrics.horizontalAdvance(QStringLiteral("00m00s so far")) + metrics.averageCharWidth() * 3;
    m_frame.axis.fit(first, last, metrics.averageCharWidth() * 2, right);
    m_following = true;
    axisChanged();
}

void ColdStartTimelineView::zoomAround(double factor, double viewportX)
{
    m_frame.axis.zoom(factor, viewportX - timelineLeft());
    m_following = false;
    axisChanged();
}

void ColdStartTimelineView::syncAxisWidth()
{
    const int width = m_header->sectionSize(ColdStartModel::TimelineColumn);
    if (width <= 0 || width == static_cast<int>(m_frame.axis.width))
        return;
    m_frame.axis.setWidth(width);
    if (m_following)
        fitAll();
    else
        axisChanged();
}

void ColdStartTimelineView::axisChanged()
{
    m_header->viewport()->update();
    viewport()->update();
    Q_EMIT visibleRangeChanged();
}

int ColdStartTimelineView::timelineLeft() const
{
    return m_header->sectionViewportPosition(ColdStartModel::TimelineColumn);
}

bool ColdStartTimelineView::inTimeline(const QPoint &viewportPos) const
{
    const int left = timelineLeft();
    return viewportPos.x() >= left && viewportPos.x() < left + m_header->sectionSize(ColdStartModel::TimelineColumn);
}

ColdStartTimelineView::Hit ColdStartTimelineView::hitAt(const QPoint &viewportPos) const
{
    Hit hit;
    if (!m_model || !inTimeline(viewportPos))
        return hit;
    const QModelIndex index = indexAt(viewportPos);
    hit.start = m_model->coldStart(index);
    if (!hit.start)
        return hit;
    const double time = m_frame.axis.toTime(viewportPos.x() - timelineLeft());
    const double scale = m_frame.axis.pixelsPerSecond();
    // A few pixels of slack so thin bars and the Ready post can be pointed at.
    const double tolerance = scale > 0 ? fontMetrics().averageCharWidth() / 2.0 / scale : 0;
    hit.span = spanAtTime(*hit.start, m_frame, time, tolerance);
    return hit;
}

QString ColdStartTimelineView::toolTipAt(const QPoint &viewportPos) const
{
    const Hit hit = hitAt(viewportPos);
    if (!hit.start)
        return {};
    const fleet::ColdStart &start = *hit.start;
    const SystemTime now = m_model->at();
    QString text;
    if (hit.span && hit.span->phase == fleet::ColdStartPhase::Ready) {
        text = tr("<b>ready</b> at %1 · total %2").arg(clockText(hit.span->start, m_frame.zone), formatDuration(start.totalSeconds(now)));
    } else if (hit.span) {
        const fleet::PhaseSpan &span = *hit.span;
        const QString label = spanLabel(span).toHtmlEscaped();
        if (span.end) {
            text = tr("<b>%1</b> · %2<br/>%3 → %4")
                       .arg(label, formatDuration(span.seconds()), clockText(span.start, m_frame.zone), clockText(*span.end, m_frame.zone));
        } else {
            const double soFar = std::max(0.0, std::chrono::duration<double>(now - span.start).count());
            text = tr("<b>%1</b> · %2 so far, in progress<br/>since %3").arg(label, formatDuration(soFar), clockText(span.start, m_frame.zone));
        }
        if (!span.evidence.empty())
            text += tr("<br/>Evidence: %1").arg(html(span.evidence));
        if (span.merged())
            text += tr("<br/><i>Inferred: the evidence between %1 and %2 is missing, so they show as one bar.</i>")
                        .arg(phaseLabel(span.phase), phaseLabel(span.lastPhase));
        else if (span.inferred)
            text += tr("<br/><i>Inferred: a boundary was not observed and is taken from the neighbouring phase.</i>");
    } else {
        text = tr("<b>%1</b> · %2").arg(html(start.podName), formatDuration(start.totalSeconds(now)));
    }
    for (const std::string &note : start.notes)
        text += QStringLiteral("<br/>• ") + html(note);
    text += tr("<hr/>%1 on %2 · weights from %3")
                .arg(html(start.podName), start.node.empty() ? tr("no node yet") : html(start.node),
                     start.weightSource.empty() ? tr("unknown") : html(start.weightSource));
    return text;
}

QPoint ColdStartTimelineView::pointAt(const QString &podUid, SystemTime time) const
{
    if (!m_model)
        return {};
    const QModelIndex index = m_model->indexOfStart(podUid, ColdStartModel::TimelineColumn);
    const fleet::ColdStart *start = m_model->coldStart(index);
    const QRect rect = visualRect(index);
    if (!start || !rect.isValid())
        return {};
    const double x = timelineLeft() + m_frame.axis.toPixel(m_frame.place(*start, time));
    return QPoint(static_cast<int>(std::lround(x)), rect.center().y());
}

bool ColdStartTimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        if (inTimeline(help->pos())) {
            const QString text = toolTipAt(help->pos());
            if (text.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(help->globalPos(), text, viewport());
            return true;
        }
    }
    return QTreeView::viewportEvent(event);
}

void ColdStartTimelineView::wheelEvent(QWheelEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (!inTimeline(pos)) {
        QTreeView::wheelEvent(event);
        return;
    }
    const QPoint delta = event->angleDelta();
    if (std::abs(delta.x()) > std::abs(delta.y())) {
        // A sideways wheel or swipe pans.
        m_frame.axis.pan(delta.x() / 2.0);
        m_following = false;
        axisChanged();
    } else if (delta.y() != 0) {
        // One notch (120) zooms by a fifth.
        zoomAround(std::pow(1.2, delta.y() / 120.0), pos.x());
    }
    event->accept();
}

void ColdStartTimelineView::mousePressEvent(QMouseEvent *event)
{
    m_panning = false;
    m_pressPos = event->position().toPoint();
    m_lastPanX = event->position().x();
    QTreeView::mousePressEvent(event);
}

void ColdStartTimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if ((event->buttons() & Qt::LeftButton) && (m_panning || inTimeline(m_pressPos))) {
        if (!m_panning && (event->position().toPoint() - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
            m_panning = true;
            viewport()->setCursor(Qt::ClosedHandCursor);
        }
        if (m_panning) {
            m_frame.axis.pan(event->position().x() - m_lastPanX);
            m_lastPanX = event->position().x();
            m_following = false;
            axisChanged();
            event->accept();
            return;
        }
    }
    QTreeView::mouseMoveEvent(event);
}

void ColdStartTimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    QTreeView::mouseReleaseEvent(event);
}

bool ColdStartTimelineView::eventFilter(QObject *watched, QEvent *event)
{
    // The wheel over the axis zooms too: that is where people expect it most.
    if (watched == m_header->viewport() && event->type() == QEvent::Wheel) {
        auto *wheel = static_cast<QWheelEvent *>(event);
        const int x = static_cast<int>(wheel->position().x());
        if (x >= timelineLeft() && wheel->angleDelta().y() != 0) {
            zoomAround(std::pow(1.2, wheel->angleDelta().y() / 120.0), x);
            return true;
        }
    }
    return QTreeView::eventFilter(watched, event);
}

void ColdStartTimelineView::paintEvent(QPaintEvent *event)
{
    QTreeView::paintEvent(event);
    if (m_frame.alignment != TimelineFrame::Alignment::WallClock || !m_model || m_model->rowCount() == 0)
        return;
    const double x = timelineLeft() + m_frame.axis.toPixel(m_frame.now);
    if (!inTimeline(QPoint(static_cast<int>(x), 0)))
        return;
    QPainter painter(viewport());
    QPen pen(palette().color(QPalette::Highlight), std::max(1.0, fontMetrics().height() / 10.0), Qt::DashLine);
    painter.setPen(pen);
    painter.drawLine(QPointF(x, 0), QPointF(x, viewport()->height()));
}

} // namespace gantry

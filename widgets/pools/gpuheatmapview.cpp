#include "widgets/pools/gpuheatmapview.h"

#include "backend/fleet/fleet.h"
#include "backend/fleet/gpupool.h"
#include "widgets/pools/heatmappainter.h"
#include "widgets/pools/heatmaptext.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>

namespace gantry {
namespace {

// At most ~25 frames per second, however fast snapshots or hover moves arrive.
constexpr int frameIntervalMs = 40;

} // namespace

GpuHeatmapView::GpuHeatmapView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setObjectName(QStringLiteral("gpuHeatmap"));
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setMouseTracking(true);
    viewport()->setAutoFillBackground(false);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);

    m_frameTimer.setInterval(frameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &GpuHeatmapView::onFrame);
}

GpuHeatmapView::~GpuHeatmapView() = default;

void GpuHeatmapView::setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    setPools(snapshot ? snapshot->pools : nullptr);
}

void GpuHeatmapView::setPools(std::shared_ptr<const fleet::PoolsSnapshot> pools)
{
    if (pools == m_pools)
        return; // the same object: nothing in the pools changed
    m_pools = std::move(pools);
    invalidateLayout();
}

void GpuHeatmapView::setColourMode(HeatmapColourMode mode)
{
    if (mode == m_colourMode)
        return;
    m_colourMode = mode;
    scheduleRepaint();
}

void GpuHeatmapView::setFitToView(bool fit)
{
    if (fit == m_fitToView)
        return;
    m_fitToView = fit;
    invalidateLayout();
}

HeatmapMetrics GpuHeatmapView::metricsFor(const fleet::PoolsSnapshot *pools) const
{
    const QFontMetrics fm = fontMetrics();
    const int line = fm.height();
    HeatmapMetrics m;
    m.margin = std::max(8, line / 2);
    m.headerHeight = line + line; // text line, rule, breathing room
    m.sectionGap = line;
    m.rowCell = std::max(12, line);
    m.rowHeight = m.rowCell + std::max(6, line / 3);
    m.maxCell = m.rowCell + 2;
    m.minCell = 4;

    // The name column fits the longest name (measured once, by character count
    // first) but never takes more than a third of the width.
    std::size_t longest = 0;
    const std::string *longestName = nullptr;
    if (pools) {
        for (const auto &pool : pools->pools) {
            if (!pool)
                continue;
            for (const auto &node : pool->nodes) {
                if (node && node->name.size() > longest) {
                    longest = node->name.size();
                    longestName = &node->name;
                }
            }
        }
    }
    const int nameWidth = longestName ? fm.horizontalAdvance(QString::fromStdString(*longestName)) : 0;
    const int minimum = fm.horizontalAdvance(QStringLiteral("awaiting node 00"));
    m.rowLabelWidth = std::clamp(std::max(nameWidth, minimum) + 3 * fm.averageCharWidth(), minimum,
                                 std::max(minimum, viewport()->width() / 3));
    return m;
}

void GpuHeatmapView::invalidateLayout()
{
    m_layoutValid = false;
    updateScrollBars();
    scheduleRepaint();
}

void GpuHeatmapView::ensureLayout() const
{
    if (m_layoutValid)
        return;
    const QSize size = viewport()->size();
    m_layout = HeatmapLayout::build(m_pools, size.width(), m_fitToView ? size.height() : 0, metricsFor(m_pools.get()));
    m_summaries.clear();
    if (m_layout.aggregated()) {
        m_summaries.reserve(m_layout.items.size());
        for (const auto &item : m_layout.items)
            m_summaries.push_back(m_layout.summarize(item));
    }
    m_layoutValid = true;
    if (m_layout.mode != m_lastMode) {
        m_lastMode = m_layout.mode;
        // The legend follows the level of detail; the view itself is unchanged by it.
        Q_EMIT const_cast<GpuHeatmapView *>(this)->modeChanged(m_layout.mode);
    }
}

const HeatmapLayout &GpuHeatmapView::heatmapLayout() const
{
    ensureLayout();
    return m_layout;
}

void GpuHeatmapView::updateScrollBars()
{
    ensureLayout();
    QScrollBar *bar = verticalScrollBar();
    const int page = viewport()->height();
    bar->setPageStep(page);
    bar->setSingleStep(std::max(1, m_layout.metrics.rowHeight));
    bar->setRange(0, std::max(0, m_layout.height - page));
}

void GpuHeatmapView::scheduleRepaint(const QRect &contentRect)
{
    m_repaintPending = true;
    if (contentRect.isNull())
        m_repaintAll = true;
    else if (!m_repaintAll)
        m_repaintRegion += contentRect.translated(0, -verticalScrollBar()->value());
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
}

void GpuHeatmapView::onFrame()
{
    if (!m_repaintPending) {
        m_frameTimer.stop(); // idle: no wake-ups until something changes
        return;
    }
    if (m_repaintAll)
        viewport()->update();
    else
        viewport()->update(m_repaintRegion);
    m_repaintPending = false;
    m_repaintAll = false;
    m_repaintRegion = QRegion();
}

void GpuHeatmapView::paintContent(QPainter &painter, const QRect &contentRect) const
{
    ensureLayout();
    HeatmapPainter heatmapPainter(painter, m_layout, m_summaries, m_colourMode, palette(), font());
    heatmapPainter.paint(contentRect, m_hovered);
}

void GpuHeatmapView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    painter.fillRect(event->rect(), palette().color(QPalette::Base));
    const int offset = verticalScrollBar()->value();
    painter.translate(0, -offset);
    paintContent(painter, event->rect().translated(0, offset));
}

void GpuHeatmapView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    m_layoutValid = false;
    updateScrollBars();
    viewport()->update(); // a resize wants its frame now, not on the next tick
}

void GpuHeatmapView::scrollContentsBy(int, int)
{
    viewport()->update();
}

void GpuHeatmapView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        invalidateLayout();
    else if (event->type() == QEvent::PaletteChange)
        scheduleRepaint();
    QAbstractScrollArea::changeEvent(event);
}

HeatmapHit GpuHeatmapView::hitAt(QPoint viewportPos) const
{
    ensureLayout();
    return m_layout.hitTest(viewportPos + QPoint(0, verticalScrollBar()->value()));
}

QString GpuHeatmapView::toolTipAt(QPoint viewportPos) const
{
    return heatmapToolTip(heatmapLayout(), hitAt(viewportPos));
}

QString GpuHeatmapView::nodeAt(QPoint viewportPos) const
{
    const HeatmapHit hit = hitAt(viewportPos);
    if (!hit.isValid())
        return {};
    const HeatmapItem &item = m_layout.items[static_cast<std::size_t>(hit.item)];
    if (item.nodeCount != 1)
        return {};
    const fleet::FleetNode *node = m_layout.node(item);
    return node ? QString::fromStdString(node->name) : QString();
}

bool GpuHeatmapView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    if (event->type() == QEvent::Leave)
        setHovered(-1);
    return QAbstractScrollArea::viewportEvent(event);
}

QRect GpuHeatmapView::hoverBounds(int item) const
{
    if (item < 0 || static_cast<std::size_t>(item) >= m_layout.items.size())
        return {};
    // The hover frame is drawn a few pixels outside the item.
    return m_layout.items[static_cast<std::size_t>(item)].rect.adjusted(-4, -4, 4, 4);
}

void GpuHeatmapView::setHovered(int item)
{
    if (item == m_hovered)
        return;
    // Only the old and the new item change: a hover costs two items, not a frame
    // of 16,000 cells.
    ensureLayout();
    const QRect before = hoverBounds(m_hovered);
    const QRect after = hoverBounds(item);
    m_hovered = item;
    if (before.isValid())
        scheduleRepaint(before);
    if (after.isValid())
        scheduleRepaint(after);
}

void GpuHeatmapView::mouseMoveEvent(QMouseEvent *event)
{
    const HeatmapHit hit = hitAt(event->position().toPoint());
    setHovered(hit.item);
    const bool clickable = !nodeAt(event->position().toPoint()).isEmpty();
    viewport()->setCursor(clickable ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QAbstractScrollArea::mouseMoveEvent(event);
}

void GpuHeatmapView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const QString node = nodeAt(event->position().toPoint());
        if (!node.isEmpty()) {
            Q_EMIT nodeActivated(node);
            event->accept();
            return;
        }
    }
    QAbstractScrollArea::mousePressEvent(event);
}

QSize GpuHeatmapView::sizeHint() const
{
    const int line = fontMetrics().height();
    return QSize(line * 40, line * 20);
}

} // namespace gantry

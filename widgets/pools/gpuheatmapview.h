#pragma once

#include "widgets/pools/heatmapcolours.h"
#include "widgets/pools/heatmaplayout.h"

#include <QAbstractScrollArea>
#include <QRegion>
#include <QTimer>

#include <memory>
#include <vector>

namespace gantry::fleet {
struct FleetSnapshot;
struct PoolsSnapshot;
} // namespace gantry::fleet

namespace gantry {

/// Every GPU of the fleet as a painted heatmap: a section per pool, a row or
/// block per node, a cell per GPU coloured by utilization or memory, with marks
/// for allocation and node state. No item per GPU: the layout is arithmetic
/// cached per snapshot and size, and a paint touches only the visible rows.
/// Snapshots may arrive at any rate; the view repaints on a steady frame timer.
class GpuHeatmapView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit GpuHeatmapView(QWidget *parent = nullptr);
    ~GpuHeatmapView() override;

    void setPools(std::shared_ptr<const fleet::PoolsSnapshot> pools);
    const std::shared_ptr<const fleet::PoolsSnapshot> &pools() const { return m_pools; }

    HeatmapColourMode colourMode() const { return m_colourMode; }
    void setColourMode(HeatmapColourMode mode);
    /// Fit: shrink and then aggregate cells so the whole fleet fits the viewport.
    /// Off: one labelled row per node, scrolled.
    bool fitToView() const { return m_fitToView; }
    void setFitToView(bool fit);

    /// The layout of the current pools for the current viewport (rebuilt only
    /// when either changed).
    const HeatmapLayout &heatmapLayout() const;
    /// The tooltip at a viewport position; empty where there is nothing.
    QString toolTipAt(QPoint viewportPos) const;
    /// The node at a viewport position; empty on gaps, headers, placeholders and groups.
    QString nodeAt(QPoint viewportPos) const;
    /// Paints the layout's part inside `contentRect` (layout coordinates) with
    /// `painter`; the paint event and benchmarks use it.
    void paintContent(QPainter &painter, const QRect &contentRect) const;

    QSize sizeHint() const override;

public Q_SLOTS:
    void setSnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);

Q_SIGNALS:
    /// The user clicked a node (its name, as in the cluster).
    void nodeActivated(const QString &nodeName);
    /// The level of detail changed (e.g. the fleet grew past what fits).
    void modeChanged(gantry::HeatmapMode mode);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    HeatmapMetrics metricsFor(const fleet::PoolsSnapshot *pools) const;
    void invalidateLayout();
    void ensureLayout() const;
    void updateScrollBars();
    /// Repaints on the next frame: everything, or only `contentRect` (layout coordinates).
    void scheduleRepaint(const QRect &contentRect = {});
    QRect hoverBounds(int item) const;
    void onFrame();
    HeatmapHit hitAt(QPoint viewportPos) const;
    void setHovered(int item);

    std::shared_ptr<const fleet::PoolsSnapshot> m_pools;
    HeatmapColourMode m_colourMode = HeatmapColourMode::Utilization;
    bool m_fitToView = true;
    int m_hovered = -1;

    mutable bool m_layoutValid = false;
    mutable HeatmapLayout m_layout;
    mutable std::vector<HeatmapSummary> m_summaries; ///< per item, aggregate modes only
    mutable HeatmapMode m_lastMode = HeatmapMode::Rows;

    QTimer m_frameTimer;
    bool m_repaintPending = false;
    bool m_repaintAll = false;
    QRegion m_repaintRegion; ///< viewport coordinates, when not everything

};

} // namespace gantry

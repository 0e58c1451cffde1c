#pragma once

#include "widgets/pools/heatmapcolours.h"
#include "widgets/pools/heatmaplayout.h"

#include <QWidget>

namespace gantry {

/// The key to the heatmap: the colour ramp with its scale, the "no reading"
/// grey and the marks for allocation and node state, drawn exactly as the
/// heatmap draws them.
class HeatmapLegend : public QWidget
{
    Q_OBJECT

public:
    explicit HeatmapLegend(QWidget *parent = nullptr);

    void setColourMode(HeatmapColourMode mode);
    /// The heatmap's level of detail: node cells mark fully allocated nodes, and
    /// group cells add a mark for nodes of mixed states.
    void setMode(HeatmapMode mode);

    /// The legend's words in order, for tests and accessibility.
    QStringList entries() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    /// Draws (with a painter) or only measures; returns the width used.
    int layoutEntries(QPainter *painter) const;

    HeatmapColourMode m_colourMode = HeatmapColourMode::Utilization;
    HeatmapMode m_mode = HeatmapMode::Rows;
};

} // namespace gantry

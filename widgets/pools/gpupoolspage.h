#pragma once

#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QScrollArea;

namespace gantry::fleet {
struct FleetSnapshot;
struct PoolsSnapshot;
} // namespace gantry::fleet

namespace gantry {

class GpuHeatmapView;
class HeatmapLegend;
class PoolCard;

/// The GPU pools page: a card per pool on top, then every GPU of the fleet in a
/// heatmap with its colour-mode selector and legend.
class GpuPoolsPage : public QWidget
{
    Q_OBJECT

public:
    explicit GpuPoolsPage(QWidget *parent = nullptr);

    /// Non-empty when there is nothing to show, saying why.
    QString emptyStateText() const;

    GpuHeatmapView *heatmap() const { return m_heatmap; }
    HeatmapLegend *legend() const { return m_legend; }
    const std::vector<PoolCard *> &cards() const { return m_cards; }

public Q_SLOTS:
    void setSnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);

Q_SIGNALS:
    /// A node was clicked in the heatmap.
    void nodeActivated(const QString &nodeName);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateCards();
    void updateUnassigned();

    std::shared_ptr<const fleet::PoolsSnapshot> m_pools;
    bool m_haveSnapshot = false;
    QScrollArea *m_cardScroll = nullptr;
    QWidget *m_cardStrip = nullptr;
    QHBoxLayout *m_cardLayout = nullptr;
    std::vector<PoolCard *> m_cards;
    QLabel *m_summary = nullptr;
    QLabel *m_unassigned = nullptr;
    QComboBox *m_colourMode = nullptr;
    QCheckBox *m_fit = nullptr;
    GpuHeatmapView *m_heatmap = nullptr;
    HeatmapLegend *m_legend = nullptr;
};

} // namespace gantry

#pragma once

#include "widgets/coldstarts/weightsourcecomparison.h"

#include <QWidget>

#include <memory>

namespace gantry::fleet {
struct FleetSnapshot;
struct ColdStartsSnapshot;
} // namespace gantry::fleet

namespace gantry {

/// Starts lined up by where the weights came from: per source the number of
/// starts, p50 and p95 of the total, and a bar of the median of each phase, on
/// one scale, so "node cache 1m40s" against "hub 21m" is seen at a glance.
class ColdStartComparisonPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ColdStartComparisonPanel(QWidget *parent = nullptr);

    QString emptyStateText() const;
    const std::vector<WeightSourceSummary> &summaries() const { return m_summaries; }
    /// The longest bar, in seconds: the panel's scale runs from 0 to a little past it.
    double scaleSeconds() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    void setSnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);
    void setColdStarts(const std::shared_ptr<const gantry::fleet::ColdStartsSnapshot> &coldStarts);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int rowHeight() const;

    std::shared_ptr<const fleet::ColdStartsSnapshot> m_coldStarts;
    std::vector<WeightSourceSummary> m_summaries;
};

} // namespace gantry

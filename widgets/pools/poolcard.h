#pragma once

#include <QWidget>

#include <memory>

namespace gantry::fleet {
struct GpuPool;
}

namespace gantry {

/// One GPU pool at a glance: name and GPU product, GPUs allocated of total with
/// a bar, pending demand, mean utilization and its nodes by state. Painted, with
/// the figures in large type for a wall screen; the texts are exposed for
/// accessibility and tests.
class PoolCard : public QWidget
{
    Q_OBJECT

public:
    explicit PoolCard(QWidget *parent = nullptr);

    /// Shows `pool`; the same object as before is a no-op.
    void setPool(std::shared_ptr<const fleet::GpuPool> pool);
    const std::shared_ptr<const fleet::GpuPool> &pool() const { return m_pool; }

    QString poolName() const;
    QString productText() const;
    QString allocationText() const;  ///< "12 / 16"
    QString utilizationText() const; ///< "63 %", "—" without readings
    QString pendingText() const;     ///< "+8 GPUs pending", "No GPUs pending"
    QString nodeCountsText() const;  ///< "2 ready · 1 provisioning · 1 not ready · 1 cordoned"

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QFont scaledFont(double factor, QFont::Weight weight) const;
    /// Widest of the captions under the node counts and the big figures, so the
    /// card never squeezes them into each other.
    int contentMinimumWidth() const;

    std::shared_ptr<const fleet::GpuPool> m_pool;
};

} // namespace gantry

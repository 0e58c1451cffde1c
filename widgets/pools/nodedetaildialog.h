#pragma once

#include <QDialog>

#include <chrono>
#include <memory>

class QLabel;
class QTableView;

namespace gantry::fleet {
struct FleetSnapshot;
struct FleetNode;
}

namespace gantry {

class NodeGpuTableModel;

/// One node in detail, opened from the heatmap or the command palette: its
/// pool, GPU product, state and why, age, GPUs allocated, and every GPU with
/// the pod and model on it and its live figures. Follows snapshots while open;
/// says so when the node leaves the cluster.
class NodeDetailDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NodeDetailDialog(QWidget *parent = nullptr);

    QString nodeName() const { return m_nodeName; }
    /// Shows `nodeName` as `snapshot` has it.
    void showNode(const QString &nodeName, const std::shared_ptr<const fleet::FleetSnapshot> &snapshot);
    void applySnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot);

    QString headerText() const;
    NodeGpuTableModel *gpuModel() const { return m_gpus; }
    QTableView *gpuTable() const { return m_table; }

private:
    void update(const fleet::FleetNode *node, const QString &poolName);

    QString m_nodeName;
    QLabel *m_title = nullptr;
    QLabel *m_facts = nullptr;
    QLabel *m_state = nullptr;
    NodeGpuTableModel *m_gpus = nullptr;
    QTableView *m_table = nullptr;
    bool m_columnsSized = false;
    std::chrono::system_clock::time_point m_at; ///< the snapshot's time: ages are the cluster's, not this machine's
};

} // namespace gantry

#pragma once

#include <QAbstractTableModel>

#include <memory>

namespace gantry::fleet {
struct FleetNode;
}

namespace gantry {

/// The GPUs of one node, one row each: index, the pod and model holding it,
/// utilization, memory, power and temperature. A new reading of the same node
/// updates the rows in place (dataChanged), so a selection survives.
class NodeGpuTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Index, Pod, Model, Utilization, Memory, Power, Temperature, ColumnCount };

    explicit NodeGpuTableModel(QObject *parent = nullptr);

    void setNode(std::shared_ptr<const fleet::FleetNode> node);
    const fleet::FleetNode *node() const { return m_node.get(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const fleet::FleetNode> m_node;
};

} // namespace gantry

#include "widgets/pools/nodegputablemodel.h"

#include "backend/fleet/gpupool.h"
#include "widgets/models/servingformat.h"

namespace gantry {

namespace fmt = servingformat;

NodeGpuTableModel::NodeGpuTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void NodeGpuTableModel::setNode(std::shared_ptr<const fleet::FleetNode> node)
{
    const int before = rowCount();
    const int after = node ? static_cast<int>(node->gpus.size()) : 0;
    const bool sameNode = m_node && node && m_node->name == node->name;
    if (!sameNode || before != after) {
        beginResetModel();
        m_node = std::move(node);
        endResetModel();
        return;
    }
    m_node = std::move(node);
    if (after > 0)
        Q_EMIT dataChanged(index(0, 0), index(after - 1, ColumnCount - 1));
}

int NodeGpuTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_node ? 0 : static_cast<int>(m_node->gpus.size());
}

int NodeGpuTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NodeGpuTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fleet::Gpu &gpu = m_node->gpus.at(static_cast<size_t>(index.row()));
    if (role == Qt::TextAlignmentRole) {
        const bool figure = index.column() == Index || index.column() >= Utilization;
        return QVariant::fromValue(Qt::Alignment(figure ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == Index && !gpu.uuid.empty())
        return QString::fromStdString(gpu.modelName + ' ' + gpu.uuid);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Index:
        return gpu.index;
    case Pod:
        if (gpu.podName.empty())
            return gpu.allocated ? tr("allocated") : tr("free");
        return QString::fromStdString(gpu.podNamespace + '/' + gpu.podName);
    case Model:
        return gpu.inferenceService.empty() ? fmt::missing() : QString::fromStdString(gpu.inferenceService);
    case Utilization:
        return fmt::orMissing(gpu.utilizationPercent, fmt::percent);
    case Memory:
        if (!gpu.memoryUsedMiB)
            return fmt::missing();
        if (!gpu.memoryTotalMiB || *gpu.memoryTotalMiB <= 0)
            return tr("%1 GiB").arg(*gpu.memoryUsedMiB / 1024, 0, 'f', 1);
        return tr("%1 / %2 GiB").arg(*gpu.memoryUsedMiB / 1024, 0, 'f', 1).arg(*gpu.memoryTotalMiB / 1024, 0, 'f', 0);
    case Power:
        return gpu.powerWatts ? tr("%1 W").arg(*gpu.powerWatts, 0, 'f', 0) : fmt::missing();
    case Temperature:
        return gpu.temperatureCelsius ? tr("%1 °C").arg(*gpu.temperatureCelsius, 0, 'f', 0) : fmt::missing();
    default:
        return {};
    }
}

QVariant NodeGpuTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Index:
        return tr("GPU");
    case Pod:
        return tr("Pod");
    case Model:
        return tr("Model");
    case Utilization:
        return tr("Utilization");
    case Memory:
        return tr("Memory");
    case Power:
        return tr("Power");
    case Temperature:
        return tr("Temp.");
    default:
        return {};
    }
}

} // namespace gantry

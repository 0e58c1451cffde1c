#include "widgets/pools/heatmaptext.h"

#include "backend/fleet/gpupool.h"
#include "widgets/pools/heatmaplayout.h"

#include <QCoreApplication>
#include <QStringList>

#include <cmath>

namespace gantry {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("GpuHeatmapView", text);
}

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

QString number(double value, int decimals)
{
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("—");
}

QString gibText(double mib)
{
    return number(mib / 1024.0, 1);
}

QString allocatedText(int allocated, int gpus)
{
    return tr("%1 / %2 GPUs allocated").arg(allocated).arg(gpus);
}

void appendGpuFigures(QStringList &lines, const fleet::Gpu &gpu)
{
    if (!gpu.utilizationPercent && !gpu.memoryUsedMiB && !gpu.powerWatts && !gpu.temperatureCelsius) {
        lines << tr("No readings from dcgm-exporter for this GPU");
        return;
    }
    lines << tr("Utilization: %1").arg(percentText(gpu.utilizationPercent));
    if (gpu.memoryUsedMiB && gpu.memoryTotalMiB)
        lines << tr("Memory: %1 / %2 GiB used (%3)")
                     .arg(gibText(*gpu.memoryUsedMiB), gibText(*gpu.memoryTotalMiB),
                          percentText(HeatmapLayout::memoryUsedPercent(gpu)));
    else if (gpu.memoryUsedMiB)
        lines << tr("Memory: %1 GiB used").arg(gibText(*gpu.memoryUsedMiB));
    QStringList sensors;
    if (gpu.powerWatts)
        sensors << tr("Power: %1 W").arg(number(*gpu.powerWatts, 0));
    if (gpu.temperatureCelsius)
        sensors << tr("Temperature: %1 °C").arg(number(*gpu.temperatureCelsius, 0));
    if (!sensors.isEmpty())
        lines << sensors.join(QStringLiteral(" · "));
}

QString stateLine(const fleet::FleetNode &node)
{
    QString line = tr("Node: %1").arg(nodeStateText(node.state));
    if (node.state != fleet::NodeState::Ready && !node.stateReason.empty())
        line += QStringLiteral(" — ") + fromStd(node.stateReason);
    return line;
}

QString gpuToolTip(const HeatmapLayout &layout, const HeatmapItem &item, int index)
{
    const fleet::FleetNode *node = layout.node(item);
    if (!node)
        return {};
    QStringList lines;
    lines << tr("%1 · GPU %2").arg(fromStd(node->name)).arg(index);
    const fleet::Gpu *gpu = layout.gpu(item, index);
    if (!gpu) {
        lines << tr("The node reports this GPU in its capacity but nothing about it yet");
        lines << stateLine(*node);
        return lines.join(QLatin1Char('\n'));
    }
    if (!gpu->modelName.empty())
        lines << fromStd(gpu->modelName);
    if (!gpu->podName.empty())
        lines << tr("Pod: %1/%2").arg(fromStd(gpu->podNamespace), fromStd(gpu->podName));
    else
        lines << (gpu->allocated ? tr("Allocated (pod not known)") : tr("Free"));
    if (!gpu->inferenceService.empty())
        lines << tr("InferenceService: %1").arg(fromStd(gpu->inferenceService));
    appendGpuFigures(lines, *gpu);
    lines << stateLine(*node);
    return lines.join(QLatin1Char('\n'));
}

QString groupToolTip(const HeatmapLayout &layout, const HeatmapItem &item)
{
    const fleet::GpuPool *pool = layout.pool(item);
    const HeatmapSummary summary = layout.summarize(item);
    QStringList lines;
    if (item.placeholder) {
        lines << (item.nodeCount == 1 ? tr("Provisioning node") : tr("%1 provisioning nodes").arg(item.nodeCount));
        lines << tr("Requested of the pool's MachineSet; no Node object has joined yet");
        if (pool)
            lines << tr("Pool: %1").arg(fromStd(pool->name));
        return lines.join(QLatin1Char('\n'));
    }
    const fleet::FleetNode *first = layout.node(item, 0);
    const fleet::FleetNode *last = layout.node(item, item.nodeCount - 1);
    if (!first || !last)
        return {};
    if (item.nodeCount == 1)
        lines << fromStd(first->name);
    else
        lines << tr("%1 nodes: %2 … %3").arg(item.nodeCount).arg(fromStd(first->name), fromStd(last->name));
    lines << allocatedText(summary.allocated, summary.gpus);
    lines << tr("Mean utilization: %1").arg(percentText(summary.utilizationPercent));
    lines << tr("Mean memory used: %1").arg(percentText(summary.memoryUsedPercent));
    if (item.nodeCount == 1) {
        lines << stateLine(*first);
    } else {
        QStringList states;
        for (const auto state : {fleet::NodeState::Ready, fleet::NodeState::NotReady, fleet::NodeState::Cordoned,
                                 fleet::NodeState::Provisioning, fleet::NodeState::Unknown}) {
            int count = 0;
            for (int i = 0; i < item.nodeCount; ++i) {
                const fleet::FleetNode *n = layout.node(item, i);
                count += n && n->state == state ? 1 : 0;
            }
            if (count > 0)
                states << QStringLiteral("%1 %2").arg(count).arg(nodeStateText(state).toLower());
        }
        lines << tr("Nodes: %1").arg(states.join(QStringLiteral(", ")));
    }
    if (layout.aggregated())
        lines << (layout.mode == HeatmapMode::NodeGroups ? tr("Turn off “Fit whole fleet” to see single nodes")
                                                         : tr("Turn off “Fit whole fleet” to see single GPUs"));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString nodeStateText(fleet::NodeState state)
{
    switch (state) {
    case fleet::NodeState::Ready:
        return tr("Ready");
    case fleet::NodeState::NotReady:
        return tr("Not ready");
    case fleet::NodeState::Cordoned:
        return tr("Cordoned");
    case fleet::NodeState::Provisioning:
        return tr("Provisioning");
    case fleet::NodeState::Unknown:
        break;
    }
    return tr("State unknown");
}

QString percentText(std::optional<double> percent)
{
    if (!percent || !std::isfinite(*percent))
        return QStringLiteral("—");
    return QStringLiteral("%1 %").arg(number(*percent, 0));
}

QString heatmapToolTip(const HeatmapLayout &layout, const HeatmapHit &hit)
{
    if (!hit.isValid() || static_cast<std::size_t>(hit.item) >= layout.items.size())
        return {};
    const HeatmapItem &item = layout.items[static_cast<std::size_t>(hit.item)];
    if (hit.gpu >= 0 && !item.placeholder && !layout.aggregated())
        return gpuToolTip(layout, item, hit.gpu);
    return groupToolTip(layout, item);
}

QString heatmapRowStatus(const HeatmapLayout &layout, const HeatmapItem &item)
{
    if (item.placeholder)
        return tr("Provisioning — requested of the MachineSet, no node yet");
    const fleet::FleetNode *node = layout.node(item);
    if (!node)
        return {};
    const HeatmapSummary summary = layout.summarize(item);
    QString figures = tr("%1 / %2 allocated").arg(summary.allocated).arg(summary.gpus);
    if (summary.utilizationPercent || summary.memoryUsedPercent)
        figures += QStringLiteral(" · ")
            + tr("%1 util · %2 memory").arg(percentText(summary.utilizationPercent), percentText(summary.memoryUsedPercent));
    else
        figures += QStringLiteral(" · ") + tr("no readings");
    if (node->state == fleet::NodeState::Ready)
        return figures;
    QString status = nodeStateText(node->state);
    if (!node->stateReason.empty())
        status += QStringLiteral(" — ") + fromStd(node->stateReason);
    return status + QStringLiteral(" · ") + figures;
}

} // namespace gantry

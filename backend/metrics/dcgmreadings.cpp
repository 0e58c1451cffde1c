#include "backend/metrics/dcgmreadings.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>

namespace gantry::metrics {

namespace {

int gpuIndex(const std::string &text)
{
    int index = -1;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), index);
    return result.ec == std::errc() && result.ptr == text.data() + text.size() && index >= 0 ? index : -1;
}

void copyLabel(LabelMap &labels, const char *from, const char *to)
{
    const auto it = labels.find(from);
    if (it != labels.end() && !it->second.empty())
        labels[to] = it->second;
}

} // namespace

const std::vector<GpuFigureSource> &gpuFigureSources()
{
    static const std::vector<GpuFigureSource> sources = {
        { GpuFigure::Utilization, "gpu_utilization", "DCGM_FI_DEV_GPU_UTIL" },
        { GpuFigure::MemoryUsed, "gpu_memory_used", "DCGM_FI_DEV_FB_USED" },
        { GpuFigure::MemoryFree, "gpu_memory_free", "DCGM_FI_DEV_FB_FREE" },
        { GpuFigure::MemoryReserved, "gpu_memory_reserved", "DCGM_FI_DEV_FB_RESERVED" },
        { GpuFigure::Power, "gpu_power", "DCGM_FI_DEV_POWER_USAGE" },
        { GpuFigure::Temperature, "gpu_temperature", "DCGM_FI_DEV_GPU_TEMP" },
    };
    return sources;
}

LabelMap canonicalDcgmLabels(LabelMap labels)
{
    copyLabel(labels, "Hostname", "hostname");
    copyLabel(labels, "UUID", "uuid");
    copyLabel(labels, "exported_pod", "pod");
    copyLabel(labels, "exported_namespace", "namespace");
    return labels;
}

void DcgmReadings::add(GpuFigure figure, const LabelMap &raw, double value)
{
    add(figure, raw, value, false);
}

void DcgmReadings::add(GpuFigure figure, const LabelMap &raw, double value, bool onlyIfUnknown)
{
    const LabelMap labels = canonicalDcgmLabels(raw);
    GpuReading identity;
    identity.node = firstLabel(labels, { "hostname" });
    identity.uuid = firstLabel(labels, { "uuid" });
    identity.index = gpuIndex(firstLabel(labels, { "gpu" }));
    identity.modelName = firstLabel(labels, { "modelName" });
    identity.migProfile = firstLabel(labels, { "GPU_I_PROFILE" });
    identity.migInstance = firstLabel(labels, { "GPU_I_ID" });
    identity.podNamespace = firstLabel(labels, { "namespace" });
    identity.podName = firstLabel(labels, { "pod" });
    const std::string key = identity.node + '\x01' + identity.uuid + '\x01' + std::to_string(identity.index) + '\x01'
        + identity.migInstance + '\x01' + identity.podNamespace + '\x01' + identity.podName;
    Entry &entry = m_readings.try_emplace(key, Entry { std::move(identity), {}, {} }).first->second;
    GpuReading &reading = entry.reading;
    if (std::isnan(value))
        return;
    switch (figure) {
    case GpuFigure::Utilization:
        if (!onlyIfUnknown || !reading.utilizationPercent)
            reading.utilizationPercent = value;
        break;
    case GpuFigure::MemoryUsed:
        reading.memoryUsedMiB = value;
        break;
    case GpuFigure::MemoryFree:
        entry.freeMiB = value;
        break;
    case GpuFigure::MemoryReserved:
        entry.reservedMiB = value;
        break;
    case GpuFigure::Power:
        reading.powerWatts = value;
        break;
    case GpuFigure::Temperature:
        reading.temperatureCelsius = value;
        break;
    }
}

void DcgmReadings::addFamilies(const MetricFamilies &families)
{
    auto addAll = [&](std::string_view name, GpuFigure figure, double factor) {
        const MetricFamily *family = families.find(name);
        if (!family)
            return;
        for (const Sample &sample : family->samples) {
            if (sample.name != name)
                continue;
            LabelMap labels;
            for (const Label &label : sample.labels)
                labels.emplace(label.name, label.value);
            add(figure, labels, sample.value * factor, figure == GpuFigure::Utilization && factor != 1);
        }
    };
    for (const GpuFigureSource &source : gpuFigureSources())
        addAll(source.metricName, source.figure, 1);
    // MIG instances have no DCGM_FI_DEV_GPU_UTIL; the graphics engine's active ratio stands in.
    addAll(migUtilizationMetric, GpuFigure::Utilization, 100);
}

std::vector<GpuReading> DcgmReadings::take()
{
    std::vector<GpuReading> out;
    out.reserve(m_readings.size());
    for (auto &[key, entry] : m_readings) {
        GpuReading &reading = entry.reading;
        // dcgm-exporter's FB_* fields split the framebuffer: used + free (+ reserved, when published).
        if (reading.memoryUsedMiB && entry.freeMiB)
            reading.memoryTotalMiB = *reading.memoryUsedMiB + *entry.freeMiB + entry.reservedMiB.value_or(0);
        out.push_back(std::move(reading));
    }
    m_readings.clear();
    std::sort(out.begin(), out.end(), [](const GpuReading &a, const GpuReading &b) {
        return std::tie(a.node, a.index, a.migInstance, a.podNamespace, a.podName)
            < std::tie(b.node, b.index, b.migInstance, b.podNamespace, b.podName);
    });
    return out;
}

} // namespace gantry::metrics

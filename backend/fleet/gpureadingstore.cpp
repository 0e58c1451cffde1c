#include "backend/fleet/gpureadingstore.h"

#include <algorithm>
#include <tuple>

namespace gantry::fleet {

namespace {

bool sameReading(const metrics::GpuReading &a, const metrics::GpuReading &b)
{
    const auto fields = [](const metrics::GpuReading &r) {
        return std::tie(r.node, r.index, r.uuid, r.modelName, r.podNamespace, r.podName, r.utilizationPercent,
                        r.memoryUsedMiB, r.memoryTotalMiB, r.powerWatts, r.temperatureCelsius);
    };
    return fields(a) == fields(b);
}

bool sameReadings(const GpuReadingStore::NodeReadings &a, const GpuReadingStore::NodeReadings &b)
{
    return a.size() == b.size()
        && std::equal(a.begin(), a.end(), b.begin(),
                      [](const auto &x, const auto &y) { return x.first == y.first && sameReading(x.second, y.second); });
}

} // namespace

std::vector<std::string> GpuReadingStore::replace(const std::vector<metrics::GpuReading> &readings, int maxIndex)
{
    std::map<std::string, NodeReadings> next;
    for (const metrics::GpuReading &reading : readings) {
        if (reading.node.empty() || reading.index < 0 || reading.index > maxIndex)
            continue;
        // A shared GPU (time-slicing, MIG) has a reading per pod: keep one that names a pod.
        auto [slot, fresh] = next[reading.node].try_emplace(reading.index, reading);
        if (!fresh && slot->second.podName.empty())
            slot->second = reading;
    }
    std::vector<std::string> changed;
    for (const auto &[node, gpus] : m_readings) {
        const auto other = next.find(node);
        if (other == next.end() || !sameReadings(gpus, other->second))
            changed.push_back(node);
    }
    for (const auto &[node, gpus] : next) {
        if (!m_readings.contains(node))
            changed.push_back(node);
    }
    m_readings = std::move(next);
    return changed;
}

const GpuReadingStore::NodeReadings *GpuReadingStore::find(const std::string &node) const
{
    const auto found = m_readings.find(node);
    return found == m_readings.end() ? nullptr : &found->second;
}

} // namespace gantry::fleet

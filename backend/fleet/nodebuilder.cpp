#include "backend/fleet/nodebuilder.h"

#include <algorithm>

namespace gantry::fleet {

namespace {

struct Occupant
{
    std::string namespaceName;
    std::string name;
    std::string inferenceService;

    std::string qualifiedName() const { return namespaceName + "/" + name; }
};

Occupant occupantOf(const PodContribution &pod)
{
    return {pod.namespaceName, pod.name, pod.inferenceService};
}

void copyReading(const metrics::GpuReading &reading, Gpu &gpu)
{
    gpu.uuid = reading.uuid;
    gpu.modelName = reading.modelName;
    gpu.utilizationPercent = reading.utilizationPercent;
    gpu.memoryUsedMiB = reading.memoryUsedMiB;
    if (reading.memoryTotalMiB)
        gpu.memoryTotalMiB = reading.memoryTotalMiB;
    gpu.powerWatts = reading.powerWatts;
    gpu.temperatureCelsius = reading.temperatureCelsius;
}

} // namespace

const PodContribution *PodDirectory::find(const std::string &key) const
{
    const auto found = byKey.find(key);
    return found == byKey.end() ? nullptr : &found->second;
}

const PodContribution *PodDirectory::findByName(const std::string &namespaceName, const std::string &name) const
{
    const auto key = keyByName.find(namespaceName + "/" + name);
    return key == keyByName.end() ? nullptr : find(key->second);
}

std::shared_ptr<const FleetNode> buildFleetNode(const NodeFacts &facts, const std::string &pool, const GpuSlots &slots,
                                                const PodDirectory &pods,
                                                const std::map<int, metrics::GpuReading> *readings)
{
    auto node = std::make_shared<FleetNode>();
    node->name = facts.name;
    node->pool = pool;
    node->gpuProduct = facts.gpuProduct;
    node->gpuMemoryMiB = facts.gpuMemoryMiB;
    node->gpuCapacity = facts.gpuCapacity;
    node->gpuAllocatable = facts.gpuAllocatable;
    node->state = facts.state;
    node->stateReason = facts.stateReason;
    node->createdAt = facts.createdAt;
    node->readySince = facts.readySince;

    // Readings may know GPUs the capacity does not show (device plugin down): show them too.
    int count = slots.size();
    if (readings && !readings->empty())
        count = std::max(count, std::min(readings->rbegin()->first + 1, GpuSlots::maxDevices));
    std::vector<std::optional<Occupant>> occupants(static_cast<std::size_t>(count));
    std::vector<bool> namedByReading(occupants.size(), false);

    // Devices each pod still has to be shown on, after the readings placed it.
    std::vector<std::pair<const PodContribution *, int>> remaining;
    for (const auto &[key, devices] : slots.requests()) {
        if (const PodContribution *pod = pods.find(key)) {
            node->gpuAllocated += pod->gpus;
            remaining.emplace_back(pod, devices);
        }
    }
    const auto take = [&](const PodContribution *pod) {
        for (auto &[candidate, left] : remaining) {
            if (candidate == pod && left > 0) {
                --left;
                return true;
            }
        }
        return false;
    };

    if (readings) {
        for (const auto &[index, reading] : *readings) {
            if (index >= count || reading.podName.empty())
                continue;
            const PodContribution *pod = pods.findByName(reading.podNamespace, reading.podName);
            occupants[static_cast<std::size_t>(index)] =
                pod ? occupantOf(*pod) : Occupant{reading.podNamespace, reading.podName, {}};
            namedByReading[static_cast<std::size_t>(index)] = true;
            if (pod)
                take(pod);
        }
    }
    for (int index = 0; index < slots.size(); ++index) {
        const auto slot = static_cast<std::size_t>(index);
        const PodContribution *pod = pods.find(slots.holder(index));
        if (!namedByReading[slot] && pod && take(pod))
            occupants[slot] = occupantOf(*pod);
    }
    // Pods a reading displaced from their own devices take the free ones left.
    for (auto &[pod, left] : remaining) {
        for (std::size_t slot = 0; slot < occupants.size() && left > 0; ++slot) {
            if (!occupants[slot] && !namedByReading[slot]) {
                occupants[slot] = occupantOf(*pod);
                --left;
            }
        }
    }

    node->gpus.resize(occupants.size());
    for (std::size_t slot = 0; slot < occupants.size(); ++slot) {
        Gpu &gpu = node->gpus[slot];
        gpu.index = static_cast<int>(slot);
        gpu.memoryTotalMiB = facts.gpuMemoryMiB;
        if (const auto &occupant = occupants[slot]) {
            gpu.allocated = true;
            gpu.podNamespace = occupant->namespaceName;
            gpu.podName = occupant->name;
            gpu.inferenceService = occupant->inferenceService;
            const std::string name = occupant->qualifiedName();
            if (std::find(node->gpuPods.begin(), node->gpuPods.end(), name) == node->gpuPods.end())
                node->gpuPods.push_back(name);
        }
        if (readings) {
            if (const auto reading = readings->find(gpu.index); reading != readings->end())
                copyReading(reading->second, gpu);
        }
    }
    // Pods bound here that no device shows (no capacity reported) are still the node's.
    for (const auto &[pod, left] : remaining) {
        const std::string name = pod->qualifiedName();
        if (std::find(node->gpuPods.begin(), node->gpuPods.end(), name) == node->gpuPods.end())
            node->gpuPods.push_back(name);
    }
    return node;
}

} // namespace gantry::fleet

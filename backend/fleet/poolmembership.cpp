#include "backend/fleet/poolmembership.h"

#include <initializer_list>

namespace gantry::fleet {

namespace {

// Explicit pool labels first, the instance type (shared across pools by accident) last.
constexpr std::initializer_list<const char *> poolLabelKeys = {
    gantryPoolLabel,
    "cloud.google.com/gke-nodepool",
    "eks.amazonaws.com/nodegroup",
    "kubernetes.azure.com/agentpool",
    "agentpool",
    "karpenter.sh/nodepool",
    "machine.openshift.io/cluster-api-machineset",
    "node.kubernetes.io/instance-type",
};

bool carries(const std::map<std::string, std::string> &labels, const std::map<std::string, std::string> &wanted)
{
    for (const auto &[key, value] : wanted) {
        const auto found = labels.find(key);
        if (found == labels.end() || found->second != value)
            return false;
    }
    return true;
}

} // namespace

MachineSetPool machineSetPool(const kube::CompactMachineSet &set)
{
    return {set.meta.name, set.replicas, set.nodeLabels};
}

bool declaresGpuPool(const MachineSetPool &set)
{
    for (const auto &[key, value] : set.nodeLabels) {
        if (key == gantryPoolLabel || key.starts_with("nvidia.com/"))
            return true;
    }
    return false;
}

PoolMembership poolForNode(const NodeFacts &node, const std::map<std::string, MachineSetPool> &machineSets)
{
    const MachineSetPool *best = nullptr;
    for (const auto &[key, set] : machineSets) {
        if (set.nodeLabels.empty() || set.name.empty() || !carries(node.labels, set.nodeLabels))
            continue;
        if (!node.hasGpus && !declaresGpuPool(set))
            continue;
        if (!best || set.nodeLabels.size() > best->nodeLabels.size())
            best = &set;
    }
    if (best)
        return {best->name, "MachineSet " + best->name};
    if (!node.hasGpus)
        return {};
    for (const char *key : poolLabelKeys) {
        const auto found = node.labels.find(key);
        if (found != node.labels.end() && !found->second.empty())
            return {found->second, std::string("label ") + key};
    }
    if (!node.gpuProduct.empty())
        return {node.gpuProduct, "GPU product"};
    return {unpooledName, "none"};
}

} // namespace gantry::fleet

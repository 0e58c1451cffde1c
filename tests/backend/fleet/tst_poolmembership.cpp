// Which pool a node is in (MachineSet, node-pool label, GPU product) and which
// pool a pending pod's nodeSelector waits for.

#include "backend/fleet/poolmembership.h"
#include "backend/fleet/selectorindex.h"
#include "pooltestsupport.h"

#include <gtest/gtest.h>

using namespace gantry;
using namespace gantry::fleet;
using namespace gantry::fleet::test;

namespace {

NodeFacts facts(const NodeSpec &spec)
{
    return nodeFacts(kube::extractNode(nodeJson(spec)), at("2026-01-01T12:00:00Z"));
}

std::map<std::string, MachineSetPool> sets(std::initializer_list<nlohmann::json> objects)
{
    std::map<std::string, MachineSetPool> result;
    for (const nlohmann::json &object : objects) {
        const kube::CompactMachineSet set = kube::extractMachineSet(object);
        result[set.meta.namespaceName + "/" + set.meta.name] = machineSetPool(set);
    }
    return result;
}

} // namespace

TEST(PoolMembership, MachineSetWhoseLabelsTheNodeCarries)
{
    const auto machineSets = sets({machineSetJson("h100", 2, {{"gantry.io/pool", "h100"}}),
                                   machineSetJson("workers", 3, {{"node-role.kubernetes.io/worker", ""}})});
    NodeSpec node = poolNode("h100-0", "h100", "NVIDIA-H100-80GB-HBM3");
    node.labels["node-role.kubernetes.io/worker"] = "";
    EXPECT_EQ(poolForNode(facts(node), machineSets), (PoolMembership{"h100", "MachineSet h100"}));

    // The most specific MachineSet wins when several match.
    const auto nested = sets({machineSetJson("gpu-any", 1, {{"nvidia.com/gpu.present", "true"}}),
                              machineSetJson("h100-zone-a", 1, {{"nvidia.com/gpu.present", "true"},
                                                                {"gantry.io/pool", "h100"}})});
    EXPECT_EQ(poolForNode(facts(node), nested).pool, "h100-zone-a");

    // A node missing one of the labels is not the MachineSet's: the label decides instead.
    NodeSpec other = poolNode("h100-9", "h100-spot", "NVIDIA-H100-80GB-HBM3");
    EXPECT_EQ(poolForNode(facts(other), machineSets), (PoolMembership{"h100-spot", "label gantry.io/pool"}));
}

TEST(PoolMembership, LabelsThenProductThenNone)
{
    NodeSpec gke;
    gke.name = "gke-l4";
    gke.labels = {{"cloud.google.com/gke-nodepool", "l4-pool"}, {"nvidia.com/gpu.product", "NVIDIA-L4"},
                  {"node.kubernetes.io/instance-type", "g2-standard-8"}};
    EXPECT_EQ(poolForNode(facts(gke), {}), (PoolMembership{"l4-pool", "label cloud.google.com/gke-nodepool"}));

    NodeSpec karpenter;
    karpenter.name = "ip-10-0-0-1";
    karpenter.labels = {{"karpenter.sh/nodepool", "gpu-spot"}};
    EXPECT_EQ(poolForNode(facts(karpenter), {}), (PoolMembership{"gpu-spot", "label karpenter.sh/nodepool"}));

    NodeSpec product;
    product.name = "bare";
    product.labels = {{"nvidia.com/gpu.product", "NVIDIA-A10G"}};
    product.gpus = nullptr;
    EXPECT_EQ(poolForNode(facts(product), {}), (PoolMembership{"NVIDIA-A10G", "GPU product"}));

    NodeSpec unlabelled;
    unlabelled.name = "gpu-box";
    EXPECT_EQ(poolForNode(facts(unlabelled), {}), (PoolMembership{unpooledName, "none"}));

    // No GPUs in capacity nor labels: no GPU pool, whatever pool label it has.
    NodeSpec cpu;
    cpu.name = "cpu-0";
    cpu.gpus = nullptr;
    cpu.labels = {{"eks.amazonaws.com/nodegroup", "general"}};
    EXPECT_EQ(poolForNode(facts(cpu), {}), PoolMembership{});
    // …and a CPU MachineSet does not make it one either.
    EXPECT_EQ(poolForNode(facts(cpu), sets({machineSetJson("general", 2, {{"eks.amazonaws.com/nodegroup", "general"}})})),
              PoolMembership{});
    // A GPU MachineSet claims its joining node before the device plugin has reported.
    NodeSpec joining = cpu;
    joining.labels = {{"gantry.io/pool", "h200"}};
    EXPECT_EQ(poolForNode(facts(joining), sets({machineSetJson("h200", 1, {{"gantry.io/pool", "h200"}})})).pool, "h200");
}

TEST(SelectorIndex, PendingPodsFindTheirPool)
{
    const auto machineSets = sets({machineSetJson("h100", 1, {{"gantry.io/pool", "h100"}}),
                                   machineSetJson("h200", 0, {{"gantry.io/pool", "h200"},
                                                              {"nvidia.com/gpu.product", "NVIDIA-H200"}})});
    SelectorIndex index;
    const auto h100 = facts(poolNode("h100-0", "h100", "NVIDIA-H100-80GB-HBM3")).labels;
    const auto a100 = facts(poolNode("a100-0", "a100", "NVIDIA-A100-SXM4-80GB")).labels;
    index.add("h100", h100);
    index.add("a100", a100);

    EXPECT_EQ(index.resolve({{"gantry.io/pool", "h100"}}, machineSets), "h100");
    EXPECT_EQ(index.resolve({{"nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"}}, machineSets), "a100");
    // h200 has no node yet: its MachineSet names it, and it does not know the os label.
    EXPECT_EQ(index.resolve({{"nvidia.com/gpu.product", "NVIDIA-H200"}, {"kubernetes.io/os", "linux"}}, machineSets),
              "h200");
    // Every pool could take it, or none can: no single pool's demand.
    EXPECT_EQ(index.resolve({{"kubernetes.io/hostname", "nowhere"}}, machineSets), "");
    EXPECT_EQ(index.resolve({{"node.kubernetes.io/instance-type", "p5.48xlarge"}}, machineSets), "");
    EXPECT_EQ(index.resolve({}, machineSets), "");
    // Contradicted by a label the pool does carry with another value.
    EXPECT_EQ(index.resolve({{"gantry.io/pool", "h100"}, {"nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"}},
                            machineSets),
              "");

    index.remove("a100", a100);
    EXPECT_EQ(index.resolve({{"nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"}}, machineSets), "");
    EXPECT_EQ(index.resolve({{"node.kubernetes.io/instance-type", "p5.48xlarge"}}, machineSets), "h100");
}

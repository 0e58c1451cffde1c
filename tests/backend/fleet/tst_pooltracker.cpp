// The pool view derived incrementally from change batches: grouping, GPUs held
// and released, pending demand, provisioning, node states, readings joined to
// GPUs, GPUs per team, structural sharing between snapshots, and bad input.

#include "backend/fleet/pooltracker.h"
#include "pooltestsupport.h"

#include <gtest/gtest.h>

using namespace gantry;
using namespace gantry::fleet;
using namespace gantry::fleet::test;
using kube::ObjectKind;

namespace {

constexpr const char *h100Product = "NVIDIA-H100-80GB-HBM3";
constexpr const char *a100Product = "NVIDIA-A100-SXM4-80GB";

class PoolTrackerTest : public ::testing::Test
{
protected:
    PoolTracker tracker{[this] { return m_now; }};
    SystemTime m_now = at("2026-01-01T12:00:00Z");

    /// Two MachineSet pools (h100 with two nodes, a100 with one) and a spare h200 MachineSet.
    void setUpFactory()
    {
        tracker.apply(batch(ObjectKind::MachineSet,
                            {machineSetJson("h100", 2, {{"gantry.io/pool", "h100"}}),
                             machineSetJson("a100", 1, {{"gantry.io/pool", "a100"}}),
                             machineSetJson("h200", 0, {{"gantry.io/pool", "h200"},
                                                        {"nvidia.com/gpu.product", "NVIDIA-H200"}})}));
        tracker.apply(batch(ObjectKind::Node,
                            {nodeJson(poolNode("h100-0", "h100", h100Product)),
                             nodeJson(poolNode("h100-1", "h100", h100Product)),
                             nodeJson(poolNode("a100-0", "a100", a100Product))}));
    }

    std::shared_ptr<const PoolsSnapshot> snap() { return tracker.snapshot(); }

    std::shared_ptr<const GpuPool> pool(const std::string &name)
    {
        auto found = findPool(*snap(), name);
        EXPECT_TRUE(found) << "no pool " << name;
        return found;
    }

    std::shared_ptr<const FleetNode> node(const std::string &poolName, const std::string &name)
    {
        const auto owner = pool(poolName);
        auto found = owner ? findNode(*owner, name) : nullptr;
        EXPECT_TRUE(found) << "no node " << name << " in " << poolName;
        return found;
    }

    static std::vector<std::string> gpuPods(const FleetNode &node)
    {
        std::vector<std::string> result;
        for (const Gpu &gpu : node.gpus)
            result.push_back(gpu.podName);
        return result;
    }
};

PodSpec pod(const std::string &name, const std::string &node, int gpus, const std::string &ns = "team-a")
{
    PodSpec spec;
    spec.name = name;
    spec.node = node;
    spec.gpus = gpus;
    spec.namespaceName = ns;
    return spec;
}

PodSpec pendingPod(const std::string &name, int gpus, std::map<std::string, std::string> selector,
                   const std::string &ns = "team-a")
{
    PodSpec spec = pod(name, "", gpus, ns);
    spec.phase = "Pending";
    spec.nodeSelector = std::move(selector);
    return spec;
}

} // namespace

TEST_F(PoolTrackerTest, GroupsByMachineSetLabelAndProduct)
{
    setUpFactory();
    NodeSpec karpenter;
    karpenter.name = "ip-10-0-1-7";
    karpenter.labels = {{"karpenter.sh/nodepool", "gpu-spot"}, {"nvidia.com/gpu.product", "NVIDIA-L40S"}};
    karpenter.gpus = "4";
    NodeSpec bare;
    bare.name = "dgx-1";
    bare.labels = {{"nvidia.com/gpu.product", "A100-SXM4-40GB"}, {"nvidia.com/gpu.memory", "39538"}};
    NodeSpec cpu;
    cpu.name = "cpu-0";
    cpu.gpus = nullptr;
    cpu.labels = {{"eks.amazonaws.com/nodegroup", "general"}};
    tracker.apply(batch(ObjectKind::Node, {nodeJson(karpenter), nodeJson(bare), nodeJson(cpu)}));

    const auto snapshot = snap();
    std::vector<std::string> names;
    for (const auto &p : snapshot->pools)
        names.push_back(p->name);
    EXPECT_EQ(names, (std::vector<std::string>{"A100-SXM4-40GB", "a100", "gpu-spot", "h100", "h200"}));

    const auto h100 = findPool(*snapshot, "h100");
    EXPECT_EQ(h100->source, "MachineSet h100");
    EXPECT_EQ(h100->gpuProduct, h100Product);
    EXPECT_EQ(h100->nodesReady, 2);
    EXPECT_EQ(h100->gpusTotal, 16);
    EXPECT_EQ(h100->gpusAllocatable, 16);
    EXPECT_EQ(h100->desiredNodes, 2);
    ASSERT_EQ(h100->nodes.size(), 2u);
    EXPECT_EQ(h100->nodes[0]->name, "h100-0");
    EXPECT_EQ(h100->nodes[0]->gpus.size(), 8u);
    EXPECT_EQ(h100->nodes[0]->gpuMemoryMiB, 81559);
    EXPECT_EQ(h100->nodes[0]->gpus[3].memoryTotalMiB, 81559);

    EXPECT_EQ(findPool(*snapshot, "gpu-spot")->source, "label karpenter.sh/nodepool");
    EXPECT_EQ(findPool(*snapshot, "gpu-spot")->gpusTotal, 4);
    EXPECT_FALSE(findPool(*snapshot, "gpu-spot")->desiredNodes);
    const auto product = findPool(*snapshot, "A100-SXM4-40GB");
    EXPECT_EQ(product->source, "GPU product");
    EXPECT_EQ(product->nodes[0]->gpuMemoryMiB, 39538);

    // An empty GPU MachineSet is a pool of its own, with the product of its template.
    const auto h200 = findPool(*snapshot, "h200");
    EXPECT_TRUE(h200->nodes.empty());
    EXPECT_EQ(h200->gpuProduct, "NVIDIA-H200");
    EXPECT_EQ(h200->nodesProvisioning, 0);
}

TEST_F(PoolTrackerTest, RelabelledMachineSetMovesNodes)
{
    tracker.apply(batch(ObjectKind::MachineSet, {machineSetJson("ms-gpu-1", 2, {{"gantry.io/pool", "h100"}})}));
    tracker.apply(batch(ObjectKind::Node, {nodeJson(poolNode("h100-0", "h100", h100Product)),
                                           nodeJson(poolNode("h100-1", "h100", h100Product))}));
    EXPECT_EQ(pool("ms-gpu-1")->nodes.size(), 2u);
    EXPECT_EQ(findPool(*snap(), "h100"), nullptr);

    // The MachineSet now stamps another label: its nodes fall back to their own pool label.
    tracker.apply(batch(ObjectKind::MachineSet, {}, {machineSetJson("ms-gpu-1", 2, {{"gantry.io/pool", "h100-new"}})}));
    const auto machineSet = pool("ms-gpu-1");
    EXPECT_EQ(machineSet->source, "MachineSet ms-gpu-1");
    EXPECT_TRUE(machineSet->nodes.empty());
    EXPECT_EQ(machineSet->nodesProvisioning, 2); // two replicas asked for, none carries the labels
    const auto byLabel = pool("h100");
    EXPECT_EQ(byLabel->source, "label gantry.io/pool");
    EXPECT_EQ(byLabel->nodes.size(), 2u);
    EXPECT_FALSE(byLabel->desiredNodes);

    // Deleted, the MachineSet's pool goes with it.
    tracker.apply(batch(ObjectKind::MachineSet, {}, {}, {machineSetJson("ms-gpu-1", 2, {{"gantry.io/pool", "h100-new"}})}));
    EXPECT_EQ(findPool(*snap(), "ms-gpu-1"), nullptr);
    EXPECT_EQ(pool("h100")->nodes.size(), 2u);
}

TEST_F(PoolTrackerTest, AllocationFollowsPodsBindingFinishingAndDeleted)
{
    setUpFactory();
    PodSpec big = pod("chat-1", "h100-0", 2);
    big.inferenceService = "chat";
    big.startTime = "2026-01-01T11:00:00Z";
    PodSpec small = pod("chat-2", "h100-0", 1);
    small.inferenceService = "chat";
    small.startTime = "2026-01-01T11:05:00Z";
    // Listed out of start order: placement still follows start time.
    tracker.apply(batch(ObjectKind::Pod, {podJson(small), podJson(big)}));

    auto h100 = node("h100", "h100-0");
    EXPECT_EQ(h100->gpuAllocated, 3);
    EXPECT_EQ(gpuPods(*h100), (std::vector<std::string>{"chat-1", "chat-1", "chat-2", "", "", "", "", ""}));
    EXPECT_TRUE(h100->gpus[0].allocated);
    EXPECT_FALSE(h100->gpus[3].allocated);
    EXPECT_EQ(h100->gpus[2].inferenceService, "chat");
    EXPECT_EQ(h100->gpus[2].podNamespace, "team-a");
    EXPECT_EQ(h100->gpuPods, (std::vector<std::string>{"team-a/chat-1", "team-a/chat-2"}));
    EXPECT_EQ(pool("h100")->gpusAllocated, 3);
    EXPECT_EQ(findTeam(*snap(), "team-a")->gpusAllocated, 3);

    // The first pod finishes: its GPUs free up, the other keeps its own.
    big.phase = "Succeeded";
    big.resourceVersion = "2";
    tracker.apply(batch(ObjectKind::Pod, {}, {podJson(big)}));
    h100 = node("h100", "h100-0");
    EXPECT_EQ(h100->gpuAllocated, 1);
    EXPECT_EQ(gpuPods(*h100), (std::vector<std::string>{"", "", "chat-2", "", "", "", "", ""}));
    // A newcomer takes the lowest free GPUs.
    tracker.apply(batch(ObjectKind::Pod, {podJson(pod("mistral-1", "h100-0", 2, "team-b"))}));
    h100 = node("h100", "h100-0");
    EXPECT_EQ(gpuPods(*h100), (std::vector<std::string>{"mistral-1", "mistral-1", "chat-2", "", "", "", "", ""}));
    EXPECT_EQ(findTeam(*snap(), "team-b")->gpusAllocated, 2);

    // Deleted pods release too; a namespace without GPU pods drops out.
    tracker.apply(batch(ObjectKind::Pod, {}, {}, {podJson(small), podJson(big)}));
    EXPECT_EQ(node("h100", "h100-0")->gpuAllocated, 2);
    EXPECT_EQ(findTeam(*snap(), "team-a"), nullptr);
    // A failed pod holds nothing either.
    PodSpec failed = pod("mistral-1", "h100-0", 2, "team-b");
    failed.phase = "Failed";
    failed.resourceVersion = "3";
    tracker.apply(batch(ObjectKind::Pod, {}, {podJson(failed)}));
    EXPECT_EQ(pool("h100")->gpusAllocated, 0);
    EXPECT_TRUE(snap()->teams.empty());
}

TEST_F(PoolTrackerTest, PendingDemandGoesToThePoolItsSelectorNames)
{
    setUpFactory();
    tracker.apply(batch(ObjectKind::Pod,
                        {podJson(pendingPod("chat-3", 1, {{"gantry.io/pool", "h100"}})),
                         podJson(pendingPod("chat-4", 1, {{"gantry.io/pool", "h100"}})),
                         podJson(pendingPod("qwen-1", 2, {{"nvidia.com/gpu.product", "NVIDIA-H200"}}, "team-b")),
                         podJson(pendingPod("reason-1", 4, {{"nvidia.com/gpu.product", a100Product}}, "team-b")),
                         podJson(pendingPod("loose-1", 1, {})),
                         podJson(pendingPod("nowhere-1", 8, {{"gantry.io/pool", "b200"}})),
                         podJson(pendingPod("any-1", 1, {{"kubernetes.io/os", "linux"}}))}));
    auto snapshot = snap();
    EXPECT_EQ(findPool(*snapshot, "h100")->pendingGpuDemand, 2);
    EXPECT_EQ(findPool(*snapshot, "h200")->pendingGpuDemand, 2);
    EXPECT_EQ(findPool(*snapshot, "a100")->pendingGpuDemand, 4);
    EXPECT_EQ(snapshot->unassignedPendingGpuDemand, 10);
    EXPECT_EQ(findTeam(*snapshot, "team-a")->gpusPending, 12);
    EXPECT_EQ(findTeam(*snapshot, "team-b")->gpusPending, 6);
    EXPECT_EQ(findTeam(*snapshot, "team-b")->gpusAllocated, 0);

    // Scheduled: demand becomes allocation.
    PodSpec bound = pendingPod("chat-3", 1, {{"gantry.io/pool", "h100"}});
    bound.node = "h100-1";
    bound.resourceVersion = "2";
    tracker.apply(batch(ObjectKind::Pod, {}, {podJson(bound)}));
    snapshot = snap();
    EXPECT_EQ(findPool(*snapshot, "h100")->pendingGpuDemand, 1);
    EXPECT_EQ(findPool(*snapshot, "h100")->gpusAllocated, 1);
    EXPECT_EQ(findTeam(*snapshot, "team-a")->gpusPending, 11);
    EXPECT_EQ(findTeam(*snapshot, "team-a")->gpusAllocated, 1);

    // A pool that appears later takes the demand that named it.
    tracker.apply(batch(ObjectKind::Node, {nodeJson(poolNode("b200-0", "b200", "NVIDIA-B200"))}));
    snapshot = snap();
    EXPECT_EQ(findPool(*snapshot, "b200")->pendingGpuDemand, 8);
    EXPECT_EQ(snapshot->unassignedPendingGpuDemand, 2);
    // Deleting a pending pod withdraws its demand.
    tracker.apply(batch(ObjectKind::Pod, {}, {}, {podJson(pendingPod("nowhere-1", 8, {{"gantry.io/pool", "b200"}}))}));
    EXPECT_EQ(pool("b200")->pendingGpuDemand, 0);
}

TEST_F(PoolTrackerTest, ProvisioningCountsMachineSetReplicasBeforeNodesExist)
{
    setUpFactory();
    // The autoscaler grows h200 to two machines: nothing registered yet.
    tracker.apply(batch(ObjectKind::MachineSet, {}, {machineSetJson("h200", 2, {{"gantry.io/pool", "h200"},
                                                                                {"nvidia.com/gpu.product", "NVIDIA-H200"}})}));
    auto h200 = pool("h200");
    EXPECT_EQ(h200->desiredNodes, 2);
    EXPECT_EQ(h200->nodesProvisioning, 2);
    EXPECT_EQ(h200->nodesReady, 0);
    EXPECT_EQ(h200->gpusTotal, 0);

    // One registers, NotReady since creation: joining.
    NodeSpec joining = poolNode("h200-0", "h200", "NVIDIA-H200");
    joining.ready = "False";
    joining.created = "2026-01-01T11:58:00Z";
    joining.readySince = "2026-01-01T11:58:00Z";
    tracker.apply(batch(ObjectKind::Node, {nodeJson(joining)}));
    h200 = pool("h200");
    EXPECT_EQ(h200->nodesProvisioning, 2);
    EXPECT_EQ(findNode(*h200, "h200-0")->state, NodeState::Provisioning);
    EXPECT_EQ(h200->gpusTotal, 8);

    // It turns Ready.
    joining.ready = "True";
    joining.readySince = "2026-01-01T12:03:00Z";
    joining.resourceVersion = "2";
    m_now = at("2026-01-01T12:04:00Z");
    tracker.apply(batch(ObjectKind::Node, {}, {nodeJson(joining)}));
    h200 = pool("h200");
    EXPECT_EQ(h200->nodesReady, 1);
    EXPECT_EQ(h200->nodesProvisioning, 1);
    EXPECT_EQ(findNode(*h200, "h200-0")->readySince, at("2026-01-01T12:03:00Z"));
}

TEST_F(PoolTrackerTest, AJoiningNodeThatNeverTurnsReadyBecomesNotReadyWithoutAnEvent)
{
    setUpFactory();
    NodeSpec joining = poolNode("h100-2", "h100", h100Product);
    joining.ready = "False";
    joining.created = "2026-01-01T11:55:00Z";
    joining.readySince = "2026-01-01T11:55:00Z";
    tracker.apply(batch(ObjectKind::Node, {nodeJson(joining)}));
    EXPECT_EQ(pool("h100")->nodesProvisioning, 1);
    EXPECT_FALSE(tracker.dirty());

    m_now = at("2026-01-01T12:09:00Z");
    EXPECT_FALSE(tracker.dirty());
    m_now = at("2026-01-01T12:11:00Z"); // 16 minutes old
    EXPECT_TRUE(tracker.dirty());
    const auto h100 = pool("h100");
    EXPECT_EQ(h100->nodesProvisioning, 0);
    EXPECT_EQ(h100->nodesNotReady, 1);
    EXPECT_EQ(findNode(*h100, "h100-2")->stateReason, "Ready=False; never became Ready");
    EXPECT_FALSE(tracker.dirty());
}

TEST_F(PoolTrackerTest, CordonedAndNotReadyNodes)
{
    setUpFactory();
    NodeSpec cordoned = poolNode("h100-0", "h100", h100Product);
    cordoned.unschedulable = true;
    cordoned.resourceVersion = "2";
    NodeSpec down = poolNode("h100-1", "h100", h100Product);
    down.ready = "Unknown";
    down.readySince = "2026-01-01T11:40:00Z";
    down.resourceVersion = "2";
    tracker.apply(batch(ObjectKind::Node, {}, {nodeJson(cordoned), nodeJson(down)}));
    const auto h100 = pool("h100");
    EXPECT_EQ(h100->nodesCordoned, 1);
    EXPECT_EQ(h100->nodesNotReady, 1);
    EXPECT_EQ(h100->nodesReady, 0);
    EXPECT_EQ(findNode(*h100, "h100-0")->state, NodeState::Cordoned);
    EXPECT_EQ(findNode(*h100, "h100-0")->stateReason, "cordoned (spec.unschedulable)");
    EXPECT_EQ(findNode(*h100, "h100-1")->state, NodeState::NotReady);
    EXPECT_FALSE(findNode(*h100, "h100-1")->readySince);
}

TEST_F(PoolTrackerTest, ReadingsJoinGpusAndNameTheirPods)
{
    setUpFactory();
    PodSpec chat = pod("chat-1", "h100-0", 2);
    chat.inferenceService = "chat";
    tracker.apply(batch(ObjectKind::Pod, {podJson(chat), podJson(pod("mistral-1", "h100-0", 1, "team-b"))}));
    ASSERT_EQ(gpuPods(*node("h100", "h100-0")), (std::vector<std::string>{"chat-1", "chat-1", "mistral-1", "", "", "", "", ""}));

    metrics::Readings readings;
    // dcgm-exporter says chat-1 runs on GPUs 5 and 6: the metrics win over the slot order.
    for (int index : {5, 6}) {
        metrics::GpuReading reading;
        reading.node = "h100-0";
        reading.index = index;
        reading.uuid = "GPU-" + std::to_string(index);
        reading.podNamespace = "team-a";
        reading.podName = "chat-1";
        reading.utilizationPercent = 90;
        reading.memoryUsedMiB = 73000;
        reading.memoryTotalMiB = 81559;
        reading.powerWatts = 600;
        reading.temperatureCelsius = 71;
        readings.gpus.push_back(reading);
    }
    metrics::GpuReading idle;
    idle.node = "h100-0";
    idle.index = 0;
    idle.utilizationPercent = 0;
    readings.gpus.push_back(idle);
    metrics::GpuReading early;
    early.node = "h100-5"; // not registered yet
    early.index = 1;
    early.utilizationPercent = 42;
    readings.gpus.push_back(early);
    tracker.applyReadings(readings);

    const auto h100 = node("h100", "h100-0");
    // mistral-1 keeps GPU 2; chat-1 is shown where dcgm saw it.
    EXPECT_EQ(gpuPods(*h100), (std::vector<std::string>{"", "", "mistral-1", "", "", "chat-1", "chat-1", ""}));
    EXPECT_EQ(h100->gpus[5].inferenceService, "chat");
    EXPECT_EQ(h100->gpus[5].uuid, "GPU-5");
    EXPECT_EQ(h100->gpus[5].utilizationPercent, 90);
    EXPECT_EQ(h100->gpus[6].memoryUsedMiB, 73000);
    EXPECT_EQ(h100->gpus[6].powerWatts, 600);
    EXPECT_EQ(h100->gpus[6].temperatureCelsius, 71);
    EXPECT_EQ(h100->gpus[0].utilizationPercent, 0);
    EXPECT_FALSE(h100->gpus[1].utilizationPercent);
    EXPECT_EQ(h100->gpuAllocated, 3);
    EXPECT_EQ(h100->gpuPods, (std::vector<std::string>{"team-b/mistral-1", "team-a/chat-1"}));
    EXPECT_DOUBLE_EQ(*pool("h100")->meanUtilizationPercent, 60); // (90 + 90 + 0) / 3
    EXPECT_FALSE(pool("a100")->meanUtilizationPercent);

    // The reading for the unknown node waits for it.
    tracker.apply(batch(ObjectKind::Node, {nodeJson(poolNode("h100-5", "h100", h100Product))}));
    EXPECT_EQ(node("h100", "h100-5")->gpus[1].utilizationPercent, 42);

    // Newer readings replace older ones entirely.
    tracker.applyReadings({});
    EXPECT_FALSE(node("h100", "h100-5")->gpus[1].utilizationPercent);
    EXPECT_EQ(gpuPods(*node("h100", "h100-0")), (std::vector<std::string>{"chat-1", "chat-1", "mistral-1", "", "", "", "", ""}));
}

TEST_F(PoolTrackerTest, APodBatchRebuildsOnlyWhatItTouches)
{
    setUpFactory();
    tracker.apply(batch(ObjectKind::Pod, {podJson(pod("chat-1", "h100-0", 1))}));
    const auto before = snap();
    EXPECT_FALSE(tracker.dirty());
    EXPECT_EQ(snap(), before); // nothing new: the same snapshot

    tracker.apply(batch(ObjectKind::Pod, {podJson(pod("chat-2", "h100-1", 2, "team-b"))}));
    EXPECT_TRUE(tracker.dirty());
    const auto after = snap();
    ASSERT_NE(after, before);
    EXPECT_EQ(after->generation, before->generation + 1);
    // Other pools are the very same objects, and so is the untouched node of the touched pool.
    EXPECT_EQ(findPool(*after, "a100"), findPool(*before, "a100"));
    EXPECT_EQ(findPool(*after, "h200"), findPool(*before, "h200"));
    EXPECT_NE(findPool(*after, "h100"), findPool(*before, "h100"));
    EXPECT_EQ(findNode(*findPool(*after, "h100"), "h100-0"), findNode(*findPool(*before, "h100"), "h100-0"));
    EXPECT_NE(findNode(*findPool(*after, "h100"), "h100-1"), findNode(*findPool(*before, "h100"), "h100-1"));
    EXPECT_EQ(findPool(*after, "h100")->gpusAllocated, 3);

    // A pod update that changes nothing the pool view shows (status, new resourceVersion) costs nothing.
    PodSpec same = pod("chat-2", "h100-1", 2, "team-b");
    same.resourceVersion = "7";
    tracker.apply(batch(ObjectKind::Pod, {}, {podJson(same)}));
    EXPECT_FALSE(tracker.dirty());
    EXPECT_EQ(snap(), after);
    // Nor does a node heartbeat.
    NodeSpec heartbeat = poolNode("a100-0", "a100", a100Product);
    heartbeat.resourceVersion = "9";
    tracker.apply(batch(ObjectKind::Node, {}, {nodeJson(heartbeat)}));
    EXPECT_FALSE(tracker.dirty());
    // A pending pod changes its pool's totals but not its nodes.
    tracker.apply(batch(ObjectKind::Pod, {podJson(pendingPod("qwen-1", 1, {{"gantry.io/pool", "a100"}}))}));
    const auto pending = snap();
    EXPECT_NE(findPool(*pending, "a100"), findPool(*after, "a100"));
    EXPECT_EQ(findPool(*pending, "a100")->nodes[0], findPool(*after, "a100")->nodes[0]);
    EXPECT_EQ(findPool(*pending, "h100"), findPool(*after, "h100"));

    // Readings of one node rebuild that node and its pool only; the same readings again change nothing.
    metrics::Readings readings;
    metrics::GpuReading reading;
    reading.node = "a100-0";
    reading.index = 0;
    reading.utilizationPercent = 55;
    readings.gpus.push_back(reading);
    tracker.applyReadings(readings);
    const auto measured = snap();
    EXPECT_NE(findPool(*measured, "a100"), findPool(*pending, "a100"));
    EXPECT_EQ(findPool(*measured, "a100")->meanUtilizationPercent, 55);
    EXPECT_EQ(findPool(*measured, "h100"), findPool(*pending, "h100"));
    EXPECT_EQ(measured->teams.size(), pending->teams.size());
    tracker.applyReadings(readings);
    EXPECT_FALSE(tracker.dirty());
    EXPECT_EQ(snap(), measured);
}

TEST_F(PoolTrackerTest, PodsOnUnknownNodesCountForTheTeamAndJoinTheNodeLater)
{
    setUpFactory();
    tracker.apply(batch(ObjectKind::Pod, {podJson(pod("early", "h100-7", 4))}));
    auto snapshot = snap();
    EXPECT_EQ(findTeam(*snapshot, "team-a")->gpusAllocated, 4);
    EXPECT_EQ(findPool(*snapshot, "h100")->gpusAllocated, 0);
    tracker.apply(batch(ObjectKind::Node, {nodeJson(poolNode("h100-7", "h100", h100Product))}));
    const auto late = node("h100", "h100-7");
    EXPECT_EQ(late->gpuAllocated, 4);
    EXPECT_EQ(gpuPods(*late), (std::vector<std::string>{"early", "early", "early", "early", "", "", "", ""}));
    // The node goes away; its pods still count for their team.
    tracker.apply(batch(ObjectKind::Node, {}, {}, {nodeJson(poolNode("h100-7", "h100", h100Product))}));
    snapshot = snap();
    EXPECT_EQ(findPool(*snapshot, "h100")->nodes.size(), 2u);
    EXPECT_EQ(findPool(*snapshot, "h100")->gpusAllocated, 0);
    EXPECT_EQ(findTeam(*snapshot, "team-a")->gpusAllocated, 4);
}

TEST_F(PoolTrackerTest, BadInputDegradesAndNeverCrashes)
{
    setUpFactory();
    // A node with nothing: no labels, no conditions, no GPUs: in no pool.
    tracker.apply(batch(ObjectKind::Node, {nlohmann::json{{"metadata", {{"name", "empty"}}}}}));
    // Without a name it cannot be tracked at all.
    tracker.apply(batch(ObjectKind::Node, {nlohmann::json{{"status", {{"capacity", {{"nvidia.com/gpu", "4"}}}}}}}));
    // Garbage GPU quantities and labels on a labelled GPU node.
    NodeSpec garbage = poolNode("h100-9", "h100", h100Product);
    garbage.gpus = "lots";
    garbage.labels["nvidia.com/gpu.count"] = "eight";
    garbage.labels["nvidia.com/gpu.memory"] = "-1";
    garbage.ready = "";
    garbage.created = "";
    tracker.apply(batch(ObjectKind::Node, {nodeJson(garbage)}));
    // Pods with negative, unreadable or absurd requests hold nothing.
    PodSpec negative = pod("negative", "h100-0", 0);
    negative.gpus = "-2";
    PodSpec absurd = pod("absurd", "h100-0", 0);
    absurd.gpus = "1e999";
    PodSpec none = pod("none", "h100-0", 0);
    none.gpus = nullptr;
    // A huge but finite request is capped on the node's devices, not allocated as a vector.
    PodSpec huge = pod("huge", "h100-1", 0);
    huge.gpus = "1e12";
    tracker.apply(batch(ObjectKind::Pod, {podJson(negative), podJson(absurd), podJson(none), podJson(huge),
                                          nlohmann::json::object(), nlohmann::json::array({1, 2})}));
    // Nulls, objects of the wrong kind and kinds the tracker does not read.
    kube::ChangeBatch odd;
    odd.kind = ObjectKind::Node;
    odd.added = {nullptr, compact(ObjectKind::Pod, podJson(pod("stray", "h100-0", 1)))};
    odd.deleted = {nullptr, compact(ObjectKind::Node, nodeJson(poolNode("never-seen", "x", h100Product)))};
    tracker.apply(odd);
    tracker.apply(batch(ObjectKind::Event, {nlohmann::json{{"metadata", {{"name", "e"}}}}}));
    tracker.apply(batch(ObjectKind::Pod, {}, {}, {podJson(pod("never-seen", "h100-0", 1))}));
    // Readings without a node or with impossible indices.
    metrics::Readings readings;
    for (int index : {-1, 1'000'000, 2}) {
        metrics::GpuReading reading;
        reading.node = index == 2 ? "" : "h100-0";
        reading.index = index;
        reading.utilizationPercent = 50;
        readings.gpus.push_back(reading);
    }
    tracker.applyReadings(readings);

    const auto snapshot = snap();
    const auto h100 = findPool(*snapshot, "h100");
    ASSERT_TRUE(h100);
    EXPECT_EQ(h100->nodes.size(), 3u);
    const auto bad = findNode(*h100, "h100-9");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->gpuCapacity, 0);
    EXPECT_TRUE(bad->gpus.empty());
    EXPECT_FALSE(bad->gpuMemoryMiB);
    EXPECT_EQ(bad->state, NodeState::Unknown);
    EXPECT_EQ(bad->stateReason, "no Ready condition and no creationTimestamp");
    EXPECT_EQ(h100->nodesUnknown, 1);
    EXPECT_EQ(h100->gpusTotal, 16);
    EXPECT_EQ(findNode(*h100, "h100-0")->gpuAllocated, 0);
    EXPECT_FALSE(findNode(*h100, "h100-0")->gpus[0].utilizationPercent);
    const auto h1 = findNode(*h100, "h100-1");
    EXPECT_EQ(h1->gpuAllocated, 1e12);
    EXPECT_EQ(gpuPods(*h1), std::vector<std::string>(8, "huge"));
    for (const auto &p : snapshot->pools) {
        EXPECT_EQ(findNode(*p, "empty"), nullptr);
        EXPECT_EQ(findNode(*p, "stray"), nullptr);
    }
    EXPECT_EQ(findTeam(*snapshot, "team-a")->gpusAllocated, 1e12);
}

// A node's derived facts (GPU product, memory, count, state) from the real node
// objects published by GPU feature discovery, the device plugin, OpenCost and
// Podman Desktop (tests/fixtures/nodes), and the state rules on made-up nodes.

#include "backend/core/yamljson.h"
#include "backend/fleet/nodefacts.h"
#include "backend/fleet/poolmembership.h"
#include "pooltestsupport.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace gantry;
using namespace gantry::fleet;
using namespace gantry::fleet::test;

namespace {

const SystemTime now = at("2026-01-01T12:00:00Z");

std::string readFixture(const std::string &relative)
{
    const char *root = std::getenv("GANTRY_FIXTURES_DIR");
    std::ifstream in(std::string(root ? root : GANTRY_SOURCE_FIXTURES_DIR) + "/" + relative);
    EXPECT_TRUE(in.good()) << relative;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> lines(const std::string &text)
{
    std::vector<std::string> result;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        result.push_back(line);
    return result;
}

std::string trimmed(const std::string &text)
{
    const auto begin = text.find_first_not_of(" \t");
    const auto end = text.find_last_not_of(" \t\r");
    return begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
}

// The excerpts cut objects short; keep the longest head of the text that still parses.
nlohmann::json loadablePrefix(const std::string &text)
{
    std::vector<std::string> all = lines(text);
    while (!all.empty()) {
        std::string joined;
        for (const std::string &line : all)
            joined += line + "\n";
        const YamlToJsonResult parsed = yamlToJson(joined);
        if (parsed.json)
            return *parsed.json;
        all.pop_back();
    }
    return nullptr;
}

std::vector<std::string> documents(const std::string &text)
{
    std::vector<std::string> result(1);
    for (const std::string &line : lines(text)) {
        if (line == "---")
            result.emplace_back();
        else
            result.back() += line + "\n";
    }
    return result;
}

NodeFacts factsOf(const nlohmann::json &object)
{
    return nodeFacts(kube::extractNode(object), now);
}

} // namespace

TEST(NodeFacts, GpuFeatureDiscoveryLabelsFromTheGfdReadme)
{
    // The README elides with "..." lines, which are not YAML inside a mapping.
    std::string text;
    for (const std::string &line : lines(readFixture("nodes/gfd-readme-kubectl-get-nodes-labels.elided.yaml"))) {
        if (trimmed(line) != "...")
            text += line + "\n";
    }
    const YamlToJsonResult list = yamlToJson(text);
    ASSERT_TRUE(list.json) << list.error << " at line " << list.line;
    ASSERT_EQ((*list.json)["items"].size(), 1u);
    const NodeFacts facts = factsOf((*list.json)["items"][0]);
    EXPECT_EQ(facts.gpuProduct, "A100-SXM4-40GB");
    ASSERT_TRUE(facts.gpuMemoryMiB);
    EXPECT_EQ(*facts.gpuMemoryMiB, 39538);
    // No status in the listing: the count comes from nvidia.com/gpu.count.
    EXPECT_EQ(facts.gpuCapacity, 1);
    EXPECT_EQ(facts.gpuAllocatable, 0);
    EXPECT_TRUE(facts.hasGpus);
    EXPECT_EQ(facts.state, NodeState::Unknown);
    EXPECT_EQ(facts.stateReason, "no Ready condition and no creationTimestamp");
    EXPECT_EQ(poolForNode(facts, {}), (PoolMembership{"A100-SXM4-40GB", "GPU product"}));
}

TEST(NodeFacts, H100LabelsFromADevicePluginIssue)
{
    // `kubectl describe node` prints labels as key=value lines; rebuild the object from them.
    nlohmann::json object = {{"metadata", {{"name", "xe9680"}, {"labels", nlohmann::json::object()}}}};
    for (const std::string &line :
         lines(readFixture("nodes/k8s-device-plugin-1501-h100-node-labels.describe-excerpt.txt"))) {
        const std::string label = trimmed(line);
        const auto equals = label.find('=');
        if (equals != std::string::npos)
            object["metadata"]["labels"][label.substr(0, equals)] = label.substr(equals + 1);
    }
    ASSERT_GE(object["metadata"]["labels"].size(), 18u);
    const NodeFacts facts = factsOf(object);
    EXPECT_EQ(facts.gpuProduct, "NVIDIA-H100-80GB-HBM3");
    ASSERT_TRUE(facts.gpuMemoryMiB);
    EXPECT_EQ(*facts.gpuMemoryMiB, 81559);
    EXPECT_EQ(facts.gpuCapacity, 8);
    EXPECT_TRUE(facts.hasGpus);
    EXPECT_EQ(poolForNode(facts, {}).pool, "NVIDIA-H100-80GB-HBM3");
}

TEST(NodeFacts, AwsG5NodeFromAnOpenCostIssue)
{
    const std::vector<std::string> parts = documents(readFixture("nodes/opencost-2657-aws-g5.2xlarge-node.excerpt.yaml"));
    ASSERT_EQ(parts.size(), 2u);

    // First excerpt: the status with one GPU, no labels.
    const YamlToJsonResult status = yamlToJson(parts[0]);
    ASSERT_TRUE(status.json) << status.error;
    const NodeFacts withStatus = factsOf(*status.json);
    EXPECT_EQ(withStatus.gpuCapacity, 1);
    EXPECT_TRUE(withStatus.hasGpus);
    EXPECT_EQ(withStatus.gpuProduct, "");
    EXPECT_FALSE(withStatus.gpuMemoryMiB);
    EXPECT_EQ(poolForNode(withStatus, {}), (PoolMembership{unpooledName, "none"}));

    // Second excerpt: labels cut off mid-key; what parses has no GPU labels and no capacity.
    const nlohmann::json labelled = loadablePrefix(parts[1]);
    ASSERT_TRUE(labelled.is_object());
    EXPECT_EQ(labelled["metadata"]["labels"]["beta.kubernetes.io/instance-type"], "g5.2xlarge");
    const NodeFacts withLabels = factsOf(labelled);
    EXPECT_GE(withLabels.labels.size(), 10u);
    EXPECT_EQ(withLabels.gpuCapacity, 0);
    EXPECT_FALSE(withLabels.hasGpus);
    EXPECT_EQ(poolForNode(withLabels, {}), PoolMembership{});
}

TEST(NodeFacts, PodmanDesktopGpuNodeStatusFragment)
{
    const YamlToJsonResult fragment = yamlToJson(readFixture("nodes/podman-desktop-7778-gpu-node-status.fragment.yaml"));
    ASSERT_TRUE(fragment.json) << fragment.error;
    const NodeFacts facts = factsOf(*fragment.json);
    EXPECT_EQ(facts.gpuCapacity, 1);
    EXPECT_EQ(facts.gpuAllocatable, 1);
    EXPECT_TRUE(facts.hasGpus);
    EXPECT_EQ(facts.name, "");
    EXPECT_EQ(facts.state, NodeState::Unknown);
    EXPECT_FALSE(facts.reconsiderAt);
}

TEST(NodeFacts, ReadyNodeKnowsSince)
{
    const NodeFacts facts = factsOf(nodeJson(poolNode("h100-0", "h100", "NVIDIA-H100-80GB-HBM3")));
    EXPECT_EQ(facts.state, NodeState::Ready);
    ASSERT_TRUE(facts.readySince);
    EXPECT_EQ(*facts.readySince, at("2026-01-01T10:03:00Z"));
    EXPECT_EQ(*facts.createdAt, at("2026-01-01T10:00:00Z"));
    EXPECT_EQ(facts.gpuCapacity, 8);
    EXPECT_FALSE(facts.reconsiderAt);
}

TEST(NodeFacts, AYoungNodeThatNeverTurnedReadyIsProvisioning)
{
    NodeSpec spec = poolNode("h100-1", "h100", "NVIDIA-H100-80GB-HBM3");
    spec.ready = "False";
    spec.created = "2026-01-01T11:58:00Z";
    spec.readySince = "2026-01-01T11:58:00Z";
    const NodeFacts joining = factsOf(nodeJson(spec));
    EXPECT_EQ(joining.state, NodeState::Provisioning);
    EXPECT_EQ(joining.stateReason, "joining: Ready=False since it was created");
    ASSERT_TRUE(joining.reconsiderAt);
    EXPECT_EQ(*joining.reconsiderAt, at("2026-01-01T12:13:00Z"));
    EXPECT_FALSE(joining.readySince);

    // Past the window it is broken, not joining.
    const NodeFacts stuck = nodeFacts(kube::extractNode(nodeJson(spec)), at("2026-01-01T12:14:00Z"));
    EXPECT_EQ(stuck.state, NodeState::NotReady);
    EXPECT_EQ(stuck.stateReason, "Ready=False; never became Ready");

    // Without a Ready condition at all, only age tells joining from unknown.
    spec.ready = "";
    EXPECT_EQ(factsOf(nodeJson(spec)).state, NodeState::Provisioning);
    EXPECT_EQ(factsOf(nodeJson(spec)).stateReason, "joining: no Ready condition yet");
    spec.created = "2026-01-01T09:00:00Z";
    EXPECT_EQ(factsOf(nodeJson(spec)).state, NodeState::Unknown);
    EXPECT_EQ(factsOf(nodeJson(spec)).stateReason, "no Ready condition reported");
}

TEST(NodeFacts, NotReadyCordonedAndGarbageStatus)
{
    NodeSpec spec = poolNode("a100-0", "a100", "NVIDIA-A100-SXM4-80GB");
    spec.ready = "False";
    spec.readySince = "2026-01-01T11:30:00Z"; // long after creation: it was Ready before
    EXPECT_EQ(factsOf(nodeJson(spec)).state, NodeState::NotReady);
    EXPECT_EQ(factsOf(nodeJson(spec)).stateReason, "Ready=False since 2026-01-01T11:30:00Z");

    spec.ready = "Unknown";
    EXPECT_EQ(factsOf(nodeJson(spec)).state, NodeState::NotReady);
    EXPECT_EQ(factsOf(nodeJson(spec)).stateReason,
              "Ready=Unknown: the kubelet stopped reporting since 2026-01-01T11:30:00Z");

    spec.unschedulable = true;
    const NodeFacts cordoned = factsOf(nodeJson(spec));
    EXPECT_EQ(cordoned.state, NodeState::Cordoned);
    EXPECT_EQ(cordoned.stateReason.rfind("cordoned (spec.unschedulable); not-ready: ", 0), 0u) << cordoned.stateReason;

    spec.unschedulable = false;
    spec.ready = "Maybe";
    EXPECT_EQ(factsOf(nodeJson(spec)).state, NodeState::Unknown);
    EXPECT_EQ(factsOf(nodeJson(spec)).stateReason, "Ready condition status \"Maybe\" is not True, False or Unknown");
}

TEST(NodeFacts, GarbageQuantitiesDegradePerField)
{
    NodeSpec spec = poolNode("bad-0", "h100", "NVIDIA-H100-80GB-HBM3");
    spec.labels["nvidia.com/gpu.memory"] = "lots";
    spec.labels["nvidia.com/gpu.count"] = "-8";
    spec.gpus = "-4";
    spec.created = "yesterday";
    NodeFacts facts = factsOf(nodeJson(spec));
    EXPECT_EQ(facts.gpuCapacity, 0);
    EXPECT_EQ(facts.gpuAllocatable, 0);
    EXPECT_FALSE(facts.gpuMemoryMiB);
    EXPECT_FALSE(facts.createdAt);
    EXPECT_EQ(facts.gpuProduct, "NVIDIA-H100-80GB-HBM3");
    EXPECT_TRUE(facts.hasGpus); // the product label still says so
    EXPECT_EQ(facts.state, NodeState::Ready); // the Ready condition is intact

    spec.gpus = "1e999";
    EXPECT_EQ(factsOf(nodeJson(spec)).gpuCapacity, 0);
    spec.gpus = nlohmann::json::array({1, 2});
    EXPECT_EQ(factsOf(nodeJson(spec)).gpuCapacity, 0);

    EXPECT_STREQ(nodeStateName(NodeState::Ready), "ready");
    EXPECT_STREQ(nodeStateName(NodeState::NotReady), "not-ready");
    EXPECT_STREQ(nodeStateName(NodeState::Cordoned), "cordoned");
    EXPECT_STREQ(nodeStateName(NodeState::Provisioning), "provisioning");
    EXPECT_STREQ(nodeStateName(NodeState::Unknown), "unknown");
    EXPECT_STREQ(nodeStateName(static_cast<NodeState>(42)), "unknown");
}

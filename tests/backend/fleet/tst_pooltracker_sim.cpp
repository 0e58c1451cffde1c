// The pool tracker fed the way the console feeds it: gantry-sim runs the
// factory scenario, the test lists nodes, pods and MachineSets over HTTPS with
// the console's RestClient, the object store reconciles them into change
// batches, and the pools must agree with the objects the server returned.

#include "backend/fleet/pooltracker.h"
#include "backend/kube/compactobjects.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigresolver.h"
#include "backend/kube/objectstore.h"
#include "backend/kube/restclient.h"
#include "backend/metrics/expositionparser.h"
#include "pooltestsupport.h"
#include "sim/factory/factory.h"
#include "sim/scenario/scenario.h"
#include "sim/simfixture.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

using namespace gantry;
using namespace gantry::fleet;
using gantry::kube::ObjectKind;
using nlohmann::json;

namespace {

double gpuRequest(const json &pod)
{
    // The factory writes requests as strings of whole GPUs.
    double total = 0;
    for (const json &container : pod["spec"]["containers"]) {
        const json *request = nullptr;
        if (container.contains("resources") && container["resources"].contains("requests"))
            request = &container["resources"]["requests"];
        if (request && request->contains("nvidia.com/gpu")) {
            const json &value = (*request)["nvidia.com/gpu"];
            total += value.is_string() ? std::stod(value.get<std::string>()) : value.get<double>();
        }
    }
    return total;
}

std::string text(const json &object, std::initializer_list<const char *> path)
{
    const json *current = &object;
    for (const char *key : path) {
        if (!current->is_object() || !current->contains(key))
            return {};
        current = &(*current)[key];
    }
    return current->is_string() ? current->get<std::string>() : std::string();
}

bool nodeReady(const json &node)
{
    for (const json &condition : node["status"]["conditions"]) {
        if (condition["type"] == "Ready")
            return condition["status"] == "True";
    }
    return false;
}

/// What the server returned, per kind, as JSON (the ground truth) and as compact objects.
struct Listing
{
    std::map<ObjectKind, std::vector<json>> objects;
};

class PoolTrackerSimTest : public gantry::test::SimulatorTest
{
protected:
    void configure(sim::SimulatorOptions &options) override
    {
        const sim::ScenarioLoadResult loaded =
            sim::loadScenarioFile(std::string(GANTRY_SCENARIOS_DIR) + "/factory.yaml");
        ASSERT_TRUE(loaded.scenario) << (loaded.errors.empty() ? "" : loaded.errors.front().message);
        options.scenario = *loaded.scenario;
        options.speed = 0; // the test steps the clock itself
    }

    void SetUp() override
    {
        SimulatorTest::SetUp();
        if (HasFatalFailure())
            return;
        const auto config = kube::loadKubeconfigFile(kubeconfigPath());
        ASSERT_TRUE(config) << config.error().message;
        const auto viewer = kube::resolveContext(*config, "gantry-viewer");
        ASSERT_TRUE(viewer) << viewer.error().message;
        m_client = kube::RestClient::forConnection(*viewer, true);
        m_tracker = std::make_unique<PoolTracker>([this] { return simulator().clock().now(); });
    }

    sim::Factory &factory() { return *simulator().factory(); }

    /// Lists the three kinds the tracker reads and feeds what changed since the last sync.
    Listing sync()
    {
        const std::pair<ObjectKind, kube::ResourceRef> kinds[] = {
            {ObjectKind::MachineSet, {"machine.openshift.io", "v1beta1", "machinesets", "openshift-machine-api", "", ""}},
            {ObjectKind::Node, {"", "v1", "nodes", "", "", ""}},
            {ObjectKind::Pod, {"", "v1", "pods", "", "", ""}},
        };
        Listing listing;
        for (const auto &[kind, ref] : kinds) {
            const kube::JsonResult list = m_client->list(ref);
            EXPECT_TRUE(list) << ref.describe() << ": " << (list ? "" : list.error().summary());
            if (!list)
                continue;
            std::vector<kube::CompactPtr> items;
            for (const json &item : (*list)["items"]) {
                listing.objects[kind].push_back(item);
                items.push_back(std::make_shared<const kube::CompactObject>(kube::extractCompact(kind, item)));
            }
            const kube::ChangeBatch batch = m_store.reconcile(kind, items);
            m_tracker->apply(batch);
        }
        return listing;
    }

    /// Every pool figure recomputed from the listed objects must match the tracker's.
    void expectConsistent(const PoolsSnapshot &snapshot, Listing &listing)
    {
        std::map<std::string, std::string> poolOfNode;
        std::map<std::string, std::vector<const json *>> nodesOfPool;
        for (const json &node : listing.objects[ObjectKind::Node]) {
            const std::string pool = text(node, {"metadata", "labels", "gantry.io/pool"});
            poolOfNode[text(node, {"metadata", "name"})] = pool;
            nodesOfPool[pool].push_back(&node);
        }
        std::map<std::string, double> allocatedOnNode, pendingForPool, allocatedForTeam, pendingForTeam;
        std::set<std::string> teams;
        for (const json &pod : listing.objects[ObjectKind::Pod]) {
            const double gpus = gpuRequest(pod);
            if (gpus <= 0)
                continue;
            const std::string node = text(pod, {"spec", "nodeName"});
            const std::string phase = text(pod, {"status", "phase"});
            const std::string ns = text(pod, {"metadata", "namespace"});
            if (!node.empty() && phase != "Succeeded" && phase != "Failed") {
                allocatedOnNode[node] += gpus;
                allocatedForTeam[ns] += gpus;
                teams.insert(ns);
            } else if (node.empty() && phase == "Pending") {
                pendingForPool[text(pod, {"spec", "nodeSelector", "gantry.io/pool"})] += gpus;
                pendingForTeam[ns] += gpus;
                teams.insert(ns);
            }
        }
        std::map<std::string, std::int64_t> replicas;
        for (const json &set : listing.objects[ObjectKind::MachineSet])
            replicas[text(set, {"metadata", "name"})] = set["spec"]["replicas"].get<std::int64_t>();

        std::set<std::string> published;
        for (const auto &pool : snapshot.pools)
            published.insert(pool->name);
        EXPECT_EQ(published, (std::set<std::string>{"a100", "h100", "h200"}));
        for (const auto &pool : snapshot.pools) {
            SCOPED_TRACE(pool->name);
            const auto &nodes = nodesOfPool[pool->name];
            EXPECT_EQ(pool->source, "MachineSet " + pool->name);
            EXPECT_EQ(pool->desiredNodes, replicas[pool->name]);
            ASSERT_EQ(pool->nodes.size(), nodes.size());
            EXPECT_EQ(pool->gpusTotal, 8.0 * nodes.size());
            double allocated = 0;
            int notReady = 0;
            for (const json *node : nodes) {
                const std::string name = text(*node, {"metadata", "name"});
                const auto fleetNode = fleet::test::findNode(*pool, name);
                ASSERT_TRUE(fleetNode) << name;
                EXPECT_EQ(fleetNode->gpuAllocated, allocatedOnNode[name]) << name;
                EXPECT_EQ(fleetNode->gpuProduct, text(*node, {"metadata", "labels", "nvidia.com/gpu.product"}));
                EXPECT_EQ(fleetNode->gpus.size(), 8u);
                EXPECT_EQ(fleetNode->gpuMemoryMiB,
                          std::stod(text(*node, {"metadata", "labels", "nvidia.com/gpu.memory"})));
                const auto held = std::count_if(fleetNode->gpus.begin(), fleetNode->gpus.end(),
                                                [](const Gpu &gpu) { return gpu.allocated; });
                EXPECT_EQ(static_cast<double>(held), std::min(8.0, allocatedOnNode[name])) << name;
                EXPECT_EQ(fleetNode->state == NodeState::Ready, nodeReady(*node)) << name;
                allocated += allocatedOnNode[name];
                notReady += nodeReady(*node) ? 0 : 1;
            }
            EXPECT_EQ(pool->gpusAllocated, allocated);
            EXPECT_EQ(pool->nodesReady, static_cast<int>(nodes.size()) - notReady);
            // The factory's joining nodes are Ready=False since creation; add the machines not registered yet.
            const auto missing = std::max<std::int64_t>(0, replicas[pool->name] - static_cast<std::int64_t>(nodes.size()));
            EXPECT_EQ(pool->nodesProvisioning, notReady + missing);
            EXPECT_EQ(pool->pendingGpuDemand, pendingForPool[pool->name]);
        }
        EXPECT_EQ(snapshot.unassignedPendingGpuDemand, pendingForPool[""]);
        std::set<std::string> trackedTeams;
        for (const TeamAllocation &team : snapshot.teams) {
            trackedTeams.insert(team.namespaceName);
            EXPECT_EQ(team.gpusAllocated, allocatedForTeam[team.namespaceName]) << team.namespaceName;
            EXPECT_EQ(team.gpusPending, pendingForTeam[team.namespaceName]) << team.namespaceName;
        }
        EXPECT_EQ(trackedTeams, teams);
    }

    /// dcgm-exporter series from the factory's /metrics, as the metrics layer would hand them over.
    metrics::Readings readings()
    {
        const std::string exposition = factory().metrics();
        const metrics::MetricFamilies families = metrics::parseExposition(exposition);
        std::map<std::pair<std::string, int>, metrics::GpuReading> byGpu;
        const auto figure = [&](const char *name, auto assign) {
            const metrics::MetricFamily *family = families.find(name);
            if (!family)
                return;
            for (const metrics::Sample &sample : family->samples) {
                const std::string node(sample.label({"Hostname", "hostname"}));
                const int index = std::stoi(std::string(sample.label("gpu")));
                metrics::GpuReading &reading = byGpu[{node, index}];
                reading.node = node;
                reading.index = index;
                reading.uuid = sample.label({"UUID", "uuid"});
                reading.modelName = sample.label("modelName");
                reading.podNamespace = sample.label({"exported_namespace", "namespace"});
                reading.podName = sample.label({"exported_pod", "pod"});
                assign(reading, sample.value);
            }
        };
        figure("DCGM_FI_DEV_GPU_UTIL", [](metrics::GpuReading &r, double v) { r.utilizationPercent = v; });
        figure("DCGM_FI_DEV_FB_USED", [](metrics::GpuReading &r, double v) { r.memoryUsedMiB = v; });
        figure("DCGM_FI_DEV_POWER_USAGE", [](metrics::GpuReading &r, double v) { r.powerWatts = v; });
        metrics::Readings result;
        result.source = "scrape gantry-sim";
        for (auto &[key, reading] : byGpu)
            result.gpus.push_back(std::move(reading));
        return result;
    }

    std::shared_ptr<kube::RestClient> m_client;
    kube::ObjectStore m_store;
    std::unique_ptr<PoolTracker> m_tracker;
};

} // namespace

TEST_F(PoolTrackerSimTest, PoolsOfTheFactoryScenarioMatchTheCluster)
{
    // The first eighteen minutes, every 30 s: the spike at 9 min asks for more H100s
    // than are free, the pool grows by a node that takes minutes to join, then the
    // waiting replicas land on it.
    bool sawJoining = false;
    bool sawJoined = false;
    for (int step = 0; step < 36; ++step) {
        factory().runFor(30);
        Listing listing = sync();
        const auto snapshot = m_tracker->snapshot();
        SCOPED_TRACE("after " + std::to_string((step + 1) * 30) + " s");
        expectConsistent(*snapshot, listing);
        const auto h100 = fleet::test::findPool(*snapshot, "h100");
        ASSERT_TRUE(h100);
        if (h100->nodesProvisioning > 0 && h100->pendingGpuDemand > 0)
            sawJoining = true;
        if (sawJoining && h100->nodesProvisioning == 0 && h100->pendingGpuDemand == 0 && h100->nodesReady >= 2)
            sawJoined = true;
    }
    EXPECT_TRUE(sawJoining) << "no h100 node was ever seen joining while a replica waited for it";
    EXPECT_TRUE(sawJoined) << "the joining h100 node never turned Ready with the replica placed";

    // Eighteen minutes in: the traffic spike has scaled chat up.
    Listing listing = sync();
    auto snapshot = m_tracker->snapshot();
    expectConsistent(*snapshot, listing);

    // The scenario's pools: 2 × 8 A100, 1 × 8 H200 (fixed sizes), H100 from one node upwards.
    const auto a100 = fleet::test::findPool(*snapshot, "a100");
    const auto h100 = fleet::test::findPool(*snapshot, "h100");
    const auto h200 = fleet::test::findPool(*snapshot, "h200");
    ASSERT_TRUE(a100 && h100 && h200);
    EXPECT_EQ(a100->gpusTotal, 16);
    EXPECT_EQ(a100->gpuProduct, "NVIDIA-A100-SXM4-80GB");
    EXPECT_EQ(h200->gpusTotal, 8);
    EXPECT_EQ(h200->gpuProduct, "NVIDIA-H200");
    EXPECT_EQ(h100->gpuProduct, "NVIDIA-H100-80GB-HBM3");
    EXPECT_GE(h100->nodes.size(), 1u);
    // reasoning (2 × 4 GPUs) and mistral (1 GPU) run on the A100s; chat on the H100s; qwen on the H200.
    EXPECT_GE(a100->gpusAllocated, 9);
    EXPECT_GE(h200->gpusAllocated, 1);
    EXPECT_GT(h100->gpusAllocated, 2) << "the spike did not scale chat beyond its two minimum replicas";

    // Readings from the factory's dcgm-exporter series: their pods are the ones the tracker shows.
    m_tracker->applyReadings(readings());
    snapshot = m_tracker->snapshot();
    int namedGpus = 0;
    for (const auto &pool : snapshot->pools) {
        for (const auto &node : pool->nodes) {
            for (const Gpu &gpu : node->gpus) {
                ASSERT_TRUE(gpu.utilizationPercent) << node->name << " GPU " << gpu.index;
                EXPECT_TRUE(gpu.memoryUsedMiB);
                EXPECT_FALSE(gpu.uuid.empty());
                if (gpu.allocated)
                    ++namedGpus;
            }
        }
        EXPECT_TRUE(pool->meanUtilizationPercent) << pool->name;
    }
    const metrics::Readings truth = readings();
    int checked = 0;
    for (const metrics::GpuReading &reading : truth.gpus) {
        for (const auto &pool : snapshot->pools) {
            if (const auto node = fleet::test::findNode(*pool, reading.node)) {
                ASSERT_LT(reading.index, static_cast<int>(node->gpus.size()));
                EXPECT_EQ(node->gpus[reading.index].podName, reading.podName) << reading.node << " GPU " << reading.index;
                ++checked;
            }
        }
    }
    EXPECT_EQ(checked, static_cast<int>(truth.gpus.size()));
    EXPECT_GE(namedGpus, 12);

    // Ten more minutes: new nodes join, replicas come and go; only the differences are fed.
    factory().runFor(10 * 60);
    listing = sync();
    m_tracker->applyReadings(readings());
    const auto later = m_tracker->snapshot();
    EXPECT_GT(later->generation, snapshot->generation);
    expectConsistent(*later, listing);
}

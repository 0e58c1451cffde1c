// The fleet's composition: it takes in what the store already holds, coalesces
// bursts of batches into at most one snapshot per interval, shares unchanged
// parts, follows the cluster's clock when it runs ahead, and its dump document
// matches the published schema.

#include "backend/fleet/coldstart.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/fleet.h"
#include "backend/fleet/fleetjson.h"
#include "backend/fleet/gpupool.h"
#include "backend/fleet/notableevents.h"
#include "backend/kube/compactobjects.h"
#include "common/jsonschemacheck.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

using namespace gantry;
using namespace gantry::fleet;
using nlohmann::json;

namespace {

kube::CompactPtr node(const std::string &name, int gpus, const std::string &pool)
{
    const json object = {{"metadata",
                          {{"name", name},
                           {"uid", "uid-" + name},
                           {"resourceVersion", "1"},
                           {"creationTimestamp", "2026-11-23T10:00:00Z"},
                           {"labels", {{"gantry.io/pool", pool}, {"nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"}}}}},
                         {"status",
                          {{"capacity", {{"nvidia.com/gpu", std::to_string(gpus)}}},
                           {"allocatable", {{"nvidia.com/gpu", std::to_string(gpus)}}},
                           {"conditions", {{{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", "2026-11-23T10:01:00Z"}}}}}}};
    return std::make_shared<const kube::CompactObject>(kube::extractNode(object));
}

kube::CompactPtr pod(const std::string &name, const std::string &nodeName, int version = 1)
{
    const json object = {
        {"metadata",
         {{"name", name},
          {"namespace", "team-a"},
          {"uid", "uid-" + name},
          {"resourceVersion", std::to_string(version)},
          {"creationTimestamp", "2026-11-23T10:02:00Z"},
          {"labels", {{"serving.kserve.io/inferenceservice", "chat"}, {"component", "predictor"}}}}},
        {"spec",
         {{"nodeName", nodeName},
          {"containers", {{{"name", "kserve-container"}, {"resources", {{"limits", {{"nvidia.com/gpu", "1"}}}}}}}}}},
        {"status", {{"phase", "Running"}}}};
    return std::make_shared<const kube::CompactObject>(kube::extractPod(object));
}

kube::CompactPtr event(const std::string &name, const std::string &reason, const std::string &type,
                       const std::string &time)
{
    const json object = {{"metadata", {{"name", name}, {"namespace", "team-a"}, {"uid", "uid-" + name}, {"resourceVersion", "1"}}},
                         {"involvedObject", {{"kind", "Pod"}, {"namespace", "team-a"}, {"name", "chat-1"}}},
                         {"reason", reason},
                         {"message", reason + " happened"},
                         {"type", type},
                         {"lastTimestamp", time},
                         {"count", 1}};
    return std::make_shared<const kube::CompactObject>(kube::extractEvent(object));
}

void upsert(kube::ObjectStore &store, kube::ObjectKind kind, const kube::CompactPtr &object)
{
    store.apply(kind, {{kube::ObjectChange::Type::Upsert, object}});
}

json schema()
{
    std::ifstream in(std::string(GANTRY_SOURCE_DIR) + "/resources/dump-schema.json");
    return json::parse(in);
}

} // namespace

TEST(Fleet, TakesInWhatTheStoreHeldBeforeStart)
{
    kube::ObjectStore store;
    upsert(store, kube::ObjectKind::Node, node("h100-0", 8, "h100"));
    upsert(store, kube::ObjectKind::Pod, pod("chat-1", "h100-0"));
    Fleet fleet(store);
    fleet.start();
    const auto snapshot = fleet.flush();
    fleet.stop();
    ASSERT_EQ(snapshot->pools->pools.size(), 1u);
    EXPECT_EQ(snapshot->pools->pools[0]->name, "h100");
    EXPECT_EQ(snapshot->pools->pools[0]->gpusAllocated, 1);
}

TEST(Fleet, CoalescesABurstIntoFewSnapshots)
{
    kube::ObjectStore store;
    upsert(store, kube::ObjectKind::Node, node("h100-0", 8, "h100"));
    FleetOptions options;
    options.publishInterval = std::chrono::milliseconds(100);
    Fleet fleet(store, options);
    std::atomic<int> published{0};
    fleet.setSnapshotHandler([&](const std::shared_ptr<const FleetSnapshot> &) { ++published; });
    fleet.start();
    const auto started = std::chrono::steady_clock::now();
    constexpr int burst = 3000;
    for (int i = 0; i < burst; ++i)
        upsert(store, kube::ObjectKind::Pod, pod("chat-" + std::to_string(i % 300), "h100-0", 2 + i));
    const double elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    // Let the last interval pass so the final state is published.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    fleet.stop();
    EXPECT_LE(published.load(), static_cast<int>(elapsedMs / 100) + 4) << "3000 batches in " << elapsedMs << " ms";
    EXPECT_GE(published.load(), 1);
    // Nothing was lost in the coalescing: all 300 pods hold a GPU.
    const auto latest = fleet.latest();
    EXPECT_EQ(latest->pools->pools.at(0)->gpusAllocated, 300);
}

TEST(Fleet, UnchangedPartsAreShared)
{
    kube::ObjectStore store;
    upsert(store, kube::ObjectKind::Node, node("h100-0", 8, "h100"));
    Fleet fleet(store);
    fleet.start();
    upsert(store, kube::ObjectKind::Event, event("e1", "FailedScheduling", "Warning", "2026-11-23T10:03:00Z"));
    const auto first = fleet.flush();
    upsert(store, kube::ObjectKind::Event, event("e2", "BackOff", "Warning", "2026-11-23T10:04:00Z"));
    const auto second = fleet.flush();
    fleet.stop();
    EXPECT_EQ(first->pools, second->pools); // no node or pod changed
    EXPECT_NE(first->events, second->events);
    EXPECT_EQ(second->events->events.size(), 2u);
    EXPECT_GT(second->generation, first->generation);
}

TEST(Fleet, FollowsTheClusterClockWhenItRunsAhead)
{
    kube::ObjectStore store;
    Fleet fleet(store);
    fleet.start();
    const SystemTime ahead = std::chrono::system_clock::now() + std::chrono::hours(3);
    upsert(store, kube::ObjectKind::Event, event("future", "TriggeredScaleUp", "Normal", formatRfc3339(ahead)));
    const auto snapshot = fleet.flush();
    fleet.stop();
    EXPECT_GE(snapshot->at, ahead - std::chrono::seconds(1));
}

TEST(Fleet, DumpDocumentMatchesTheSchema)
{
    kube::ObjectStore store;
    upsert(store, kube::ObjectKind::Node, node("h100-0", 8, "h100"));
    upsert(store, kube::ObjectKind::Pod, pod("chat-1", "h100-0"));
    upsert(store, kube::ObjectKind::Event, event("e1", "FailedScheduling", "Warning", "2026-11-23T10:03:00Z"));
    const json isvc = {{"apiVersion", "serving.kserve.io/v1beta1"},
                       {"kind", "InferenceService"},
                       {"metadata", {{"name", "chat"}, {"namespace", "team-a"}, {"uid", "uid-chat"}, {"resourceVersion", "1"}}},
                       {"spec", {{"predictor", {{"model", {{"modelFormat", {{"name", "huggingface"}}}, {"storageUri", "hf://org/model"}}}}}}}};
    upsert(store, kube::ObjectKind::InferenceService,
           std::make_shared<const kube::CompactObject>(kube::extractInferenceService(isvc)));
    Fleet fleet(store);
    fleet.start();
    const auto snapshot = fleet.flush();
    fleet.stop();
    DumpContext context;
    context.contextName = "gantry-admin";
    context.server = "https://127.0.0.1:6443";
    context.synced = true;
    kube::KindStatus pods;
    pods.kind = kube::ObjectKind::Pod;
    pods.status.state = kube::InformerState::Live;
    pods.status.since = std::chrono::system_clock::now();
    pods.status.lists = 1;
    pods.objects = 1;
    context.kinds.push_back(pods);
    const json document = dumpDocument(*snapshot, context);
    std::vector<std::string> problems;
    gantry::test::checkJsonSchema(document, schema(), "$", problems);
    for (const std::string &problem : problems)
        ADD_FAILURE() << problem;
    EXPECT_EQ(document["schemaVersion"], dumpSchemaVersion);
    EXPECT_EQ(document["deployments"].size(), 1u);
    EXPECT_EQ(document["deployments"][0]["weightSource"], "hub");
    EXPECT_EQ(document["pools"][0]["nodes"][0]["gpus"].size(), 8u);
    EXPECT_EQ(document["events"][0]["reason"], "FailedScheduling");
    EXPECT_EQ(document["connection"]["namespace"], nullptr); // all namespaces
}

TEST(Fleet, TheSchemaCheckerCatchesADrift)
{
    // The checker itself must fail on a wrong document, or the test above proves nothing.
    json document = {{"kind", "GantryDump"}, {"schemaVersion", 2}};
    std::vector<std::string> problems;
    gantry::test::checkJsonSchema(document, schema(), "$", problems);
    EXPECT_GE(problems.size(), 5u);
}

TEST(NotableEvents, KeepsWarningsAndElasticMomentsOnly)
{
    EXPECT_EQ(NotableEvents::classify("Warning", "FailedScheduling"), EventCategory::Scheduling);
    EXPECT_EQ(NotableEvents::classify("Normal", "TriggeredScaleUp"), EventCategory::ScaleUp);
    EXPECT_EQ(NotableEvents::classify("Warning", "SomethingNew"), EventCategory::Other);
    EXPECT_FALSE(NotableEvents::classify("Normal", "Pulled").has_value());
    EXPECT_FALSE(NotableEvents::classify("Normal", "Scheduled").has_value());
}

TEST(NotableEvents, BoundedNewestFirstAndOutliveDeletion)
{
    NotableEvents events(3);
    kube::ChangeBatch batch;
    batch.kind = kube::ObjectKind::Event;
    for (int i = 0; i < 5; ++i)
        batch.added.push_back(event("e" + std::to_string(i), "BackOff", "Warning",
                                    "2026-11-23T10:0" + std::to_string(i) + ":00Z"));
    batch.added.push_back(event("quiet", "Pulled", "Normal", "2026-11-23T10:09:00Z"));
    events.apply(batch);
    auto snapshot = events.snapshot();
    ASSERT_EQ(snapshot->events.size(), 3u);
    EXPECT_EQ(snapshot->events[0]->uid, "uid-e4");
    EXPECT_EQ(snapshot->events[2]->uid, "uid-e2");
    EXPECT_FALSE(events.dirty());
    EXPECT_EQ(events.snapshot(), snapshot); // nothing changed, same object

    kube::ChangeBatch deleted;
    deleted.kind = kube::ObjectKind::Event;
    deleted.deleted.push_back(batch.added[4]);
    events.apply(deleted);
    EXPECT_EQ(events.snapshot()->events.size(), 3u);
}

// The tracker fed change batches as informers deliver them: incremental
// re-derivation, evidence that outlives expired events, log requests, warm
// caches from prewarm Jobs / LocalModelCaches / earlier loads, statistics per
// phase and weight source over a window, and bounded history.

#include "backend/fleet/coldstarttracker.h"
#include "backend/fleet/coldstartstats.h"
#include "coldstarttestsupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace gantry::fleet;
using namespace gantry::fleet::test;
using gantry::SystemTime;
using gantry::kube::ChangeBatch;
using gantry::kube::CompactPtr;
using gantry::kube::ObjectKind;
using nlohmann::json;

namespace {

CompactPtr compact(ObjectKind kind, const json &object)
{
    return std::make_shared<const gantry::kube::CompactObject>(gantry::kube::extractCompact(kind, object));
}

ChangeBatch added(ObjectKind kind, const std::vector<json> &objects)
{
    ChangeBatch batch;
    batch.kind = kind;
    for (const json &object : objects)
        batch.added.push_back(compact(kind, object));
    return batch;
}

ChangeBatch modified(ObjectKind kind, const std::vector<json> &objects)
{
    ChangeBatch batch = added(kind, objects);
    batch.modified.swap(batch.added);
    return batch;
}

ChangeBatch deleted(ObjectKind kind, const std::vector<json> &objects)
{
    ChangeBatch batch = added(kind, objects);
    batch.deleted.swap(batch.added);
    return batch;
}

json isvc(const std::string &name, const std::string &uri)
{
    return {{"apiVersion", "serving.kserve.io/v1beta1"},
            {"kind", "InferenceService"},
            {"metadata", {{"name", name}, {"namespace", "default"}, {"uid", "isvc-" + name}, {"resourceVersion", "1"}}},
            {"spec", {{"predictor", {{"model", {{"modelFormat", {{"name", "huggingface"}}}, {"storageUri", uri}}}}}}}};
}

json nodeJson(const std::string &name, int created, int readySince)
{
    return {{"apiVersion", "v1"},
            {"kind", "Node"},
            {"metadata", {{"name", name}, {"uid", "node-" + name}, {"resourceVersion", "1"}, {"creationTimestamp", stamp(created)}}},
            {"status", {{"conditions", {{{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", stamp(readySince)}}}}}}};
}

json prewarmJob(const std::string &name, const std::string &node, const std::string &uri, std::optional<int> completed)
{
    json job = {{"apiVersion", "batch/v1"},
                {"kind", "Job"},
                {"metadata",
                 {{"name", name}, {"namespace", "default"}, {"uid", "job-" + name}, {"resourceVersion", "1"},
                  {"labels", {{"gantry.io/prewarm", "true"}}},
                  {"annotations", {{"gantry.io/model-uri", uri}, {"gantry.io/node", node}}}}},
                {"status", {{"active", completed ? 0 : 1}}}};
    if (completed) {
        job["status"]["succeeded"] = 1;
        job["status"]["completionTime"] = stamp(*completed);
        job["status"]["conditions"] = {{{"type", "Complete"}, {"status", "True"}, {"lastTransitionTime", stamp(*completed)}}};
    }
    return job;
}

json localModelCache(const std::string &name, const std::string &uri, const json &nodeStatus)
{
    return {{"apiVersion", "serving.kserve.io/v1alpha1"},
            {"kind", "LocalModelCache"},
            {"metadata", {{"name", name}, {"uid", "lmc-" + name}, {"resourceVersion", "1"}}},
            {"spec", {{"sourceModelUri", uri}, {"modelSize", "16Gi"}, {"nodeGroups", {"h100"}}}},
            {"status", {{"nodeStatus", nodeStatus}}}};
}

// A finished start of `name` on `node`: scheduled at s, download s+1…s+d, pull, load, ready.
json finishedPod(const std::string &name, const std::string &node, int created, int duration, const std::string &service = "chat",
                bool download = true)
{
    PodBuilder pod(name, service, created);
    const int s = created + 1;
    pod.scheduled(node, s).serving(s + duration / 2).ready(created + duration);
    if (download)
        pod.init("storage-initializer", s + 1, s + 1 + duration / 4);
    return pod.object;
}

const ColdStart *find(const ColdStartsSnapshot &snapshot, const std::string &pod)
{
    for (const auto &start : snapshot.starts) {
        if (start->podName == pod)
            return start.get();
    }
    return nullptr;
}

ColdStartTrackerOptions options(SystemTime *clock, std::size_t maxCompleted = 2000)
{
    ColdStartTrackerOptions o;
    o.maxCompleted = maxCompleted;
    o.clock = [clock] { return *clock; };
    return o;
}

} // namespace

TEST(ColdStartStats, PercentilesInterpolateBetweenRanks)
{
    const PhaseStats none = phaseStats({});
    EXPECT_EQ(none.count, 0u);
    const PhaseStats one = phaseStats({7});
    EXPECT_DOUBLE_EQ(one.p50, 7);
    EXPECT_DOUBLE_EQ(one.p95, 7);
    const PhaseStats two = phaseStats({10, 20});
    EXPECT_DOUBLE_EQ(two.p50, 15);
    EXPECT_DOUBLE_EQ(two.p95, 19.5);
    EXPECT_DOUBLE_EQ(two.max, 20);
    std::vector<double> hundred;
    for (int i = 100; i >= 1; --i)
        hundred.push_back(i);
    hundred.push_back(std::nan(""));
    const PhaseStats h = phaseStats(hundred);
    EXPECT_EQ(h.count, 100u);
    EXPECT_DOUBLE_EQ(h.p50, 50.5);
    EXPECT_DOUBLE_EQ(h.p95, 95.05);
    EXPECT_DOUBLE_EQ(h.max, 100);
}

TEST(ColdStartTracker, FollowsAStartThroughItsBatchesAndItsLog)
{
    SystemTime clock = at(0);
    ColdStartTracker tracker(options(&clock));
    tracker.apply(added(ObjectKind::InferenceService, {isvc("chat", "hf://meta-llama/Llama-3.1-8B-Instruct")}));
    tracker.apply(added(ObjectKind::Node, {nodeJson("h100-0", -1000, -900)}));

    // Events first: informers run independently, the pod may come later.
    tracker.apply(added(ObjectKind::Event, {eventJson("p1", "FailedScheduling", "0/1 nodes are available: 1 Insufficient "
                                                      "nvidia.com/gpu.", 1, {}, true)}));
    PodBuilder pod("p1");
    pod.unschedulable(1);
    tracker.apply(added(ObjectKind::Pod, {pod.object}));
    EXPECT_TRUE(tracker.dirty());
    auto snapshot = tracker.snapshot(at(5));
    EXPECT_FALSE(tracker.dirty());
    ASSERT_EQ(snapshot->starts.size(), 1u);
    EXPECT_FALSE(snapshot->starts[0]->complete);
    EXPECT_EQ(snapshot->starts[0]->phases.size(), 1u);
    EXPECT_TRUE(tracker.wantedLogs().empty()) << "no container has started";

    pod.object["status"]["conditions"].clear();
    pod.scheduled("h100-0", 20).init("storage-initializer", 21, 150).serving(170).version("2");
    tracker.apply(modified(ObjectKind::Pod, {pod.object}));
    tracker.apply(added(ObjectKind::Event, {eventJson("p1", "Pulling", "Pulling image \"vllm/vllm-openai:v0.8.5\"", 151,
                                                      "kserve-container"),
                                            eventJson("p1", "Pulled", "Successfully pulled image \"vllm/vllm-openai:v0.8.5\" in "
                                                      "18s (18s including waiting). Image size: 16500000000 bytes.", 169,
                                                      "kserve-container")}));
    auto wanted = tracker.wantedLogs();
    ASSERT_EQ(wanted.size(), 1u);
    EXPECT_EQ(wanted[0].podUid, "uid-p1");
    EXPECT_EQ(wanted[0].podNamespace, "default");
    EXPECT_EQ(wanted[0].podName, "p1");
    EXPECT_EQ(wanted[0].container, "kserve-container");
    tracker.applyLog("uid-p1", vllmLog(170, 200, std::nullopt));
    EXPECT_TRUE(tracker.wantedLogs().empty()) << "read since the last change";
    clock = at(250);
    EXPECT_EQ(tracker.wantedLogs().size(), 1u) << "a start in progress is read again after logRefresh";

    snapshot = tracker.snapshot(at(250));
    const ColdStart *loading = find(*snapshot, "p1");
    ASSERT_NE(loading, nullptr);
    ASSERT_NE(loading->span(ColdStartPhase::WeightLoad), nullptr);
    EXPECT_EQ(loading->span(ColdStartPhase::WeightLoad)->end, std::optional<SystemTime>(at(200)));
    ASSERT_NE(loading->span(ColdStartPhase::ImagePull), nullptr);
    EXPECT_DOUBLE_EQ(loading->span(ColdStartPhase::ImagePull)->seconds(), 18);
    EXPECT_FALSE(loading->complete);

    // The events expire before the pod is Ready: what they said stays.
    tracker.apply(deleted(ObjectKind::Event, {eventJson("p1", "Pulling", "x", 151, "kserve-container")}));
    pod.ready(400).version("3");
    tracker.apply(modified(ObjectKind::Pod, {pod.object}));
    ASSERT_EQ(tracker.wantedLogs().size(), 1u) << "Ready: the log holds the rest of the start-up";
    tracker.applyLog("uid-p1", vllmLog(170, 200, 400));
    EXPECT_TRUE(tracker.wantedLogs().empty()) << "settled";
    snapshot = tracker.snapshot(at(500));
    const ColdStart *done = find(*snapshot, "p1");
    ASSERT_NE(done, nullptr);
    EXPECT_TRUE(done->complete);
    EXPECT_TRUE(done->fromLog);
    EXPECT_EQ(done->weightSource, "hub");
    EXPECT_NE(done->span(ColdStartPhase::ImagePull), nullptr);
    EXPECT_EQ(done->span(ColdStartPhase::EngineWarmup)->end, std::optional<SystemTime>(at(400)));

    // A settled start ignores later changes and outlives its pod.
    tracker.apply(deleted(ObjectKind::Pod, {pod.object}));
    snapshot = tracker.snapshot(at(500));
    ASSERT_EQ(snapshot->starts.size(), 1u);
    EXPECT_TRUE(snapshot->starts[0]->complete);
    EXPECT_EQ(tracker.livePods(), 0u);
    EXPECT_EQ(tracker.keptCompleted(), 1u);
}

TEST(ColdStartTracker, StartsInProgressFollowTheirPod)
{
    SystemTime clock = at(0);
    ColdStartTracker tracker(options(&clock));
    PodBuilder pod("gone");
    pod.scheduled("n1", 3).init("storage-initializer", 4, std::nullopt);
    tracker.apply(added(ObjectKind::Pod, {pod.object}));
    EXPECT_EQ(tracker.snapshot(at(10))->starts.size(), 1u);
    tracker.apply(deleted(ObjectKind::Pod, {pod.object}));
    EXPECT_TRUE(tracker.dirty());
    EXPECT_TRUE(tracker.snapshot(at(10))->starts.empty());
    EXPECT_EQ(tracker.keptCompleted(), 0u);

    // A complete start whose log was never read is kept when its pod goes.
    tracker.apply(added(ObjectKind::Pod, {finishedPod("unread", "n1", 0, 100)}));
    tracker.apply(deleted(ObjectKind::Pod, {finishedPod("unread", "n1", 0, 100)}));
    EXPECT_EQ(tracker.keptCompleted(), 1u);

    // Pods that are not replicas (no service, no GPU) are not followed.
    json plain = PodBuilder("plain").object;
    plain["metadata"]["labels"] = json::object();
    plain["spec"]["containers"][0].erase("resources");
    tracker.apply(added(ObjectKind::Pod, {plain}));
    EXPECT_EQ(tracker.livePods(), 0u);
}

TEST(ColdStartTracker, KeepsABoundedHistoryOfCompletedStarts)
{
    SystemTime clock = at(0);
    ColdStartTracker tracker(options(&clock, 10));
    for (int i = 0; i < 25; ++i) {
        const json pod = finishedPod("p" + std::to_string(i), "n" + std::to_string(i), i * 10, 100);
        tracker.apply(added(ObjectKind::Pod, {pod}));
        tracker.applyLog("uid-p" + std::to_string(i), "");
        tracker.apply(deleted(ObjectKind::Pod, {pod}));
    }
    EXPECT_EQ(tracker.keptCompleted(), 10u);
    EXPECT_EQ(tracker.livePods(), 0u);
    const auto snapshot = tracker.snapshot(at(1000));
    ASSERT_EQ(snapshot->starts.size(), 10u);
    // The newest are kept, by creation time.
    EXPECT_EQ(snapshot->starts.front()->podName, "p15");
    EXPECT_EQ(snapshot->starts.back()->podName, "p24");
}

TEST(ColdStartTracker, EventsWaitForTheirPodOnlyAWhile)
{
    SystemTime clock = at(0);
    ColdStartTracker tracker(options(&clock));
    tracker.apply(added(ObjectKind::Event, {eventJson("p1", "FailedScheduling", "0/1 nodes are available.", 0, {}, true)}));
    EXPECT_EQ(tracker.waitingEvents(), 1u);
    // A Killing event after its pod was deleted: that pod never comes.
    clock = at(60);
    tracker.apply(added(ObjectKind::Event, {eventJson("gone", "Killing", "Stopping container kserve-container", 60)}));
    EXPECT_EQ(tracker.waitingEvents(), 2u);

    clock = at(100);
    PodBuilder pod("p1");
    pod.unschedulable(1);
    tracker.apply(added(ObjectKind::Pod, {pod.object}));
    EXPECT_EQ(tracker.waitingEvents(), 1u) << "p1 took its event";
    const auto snapshot = tracker.snapshot(at(100));
    ASSERT_NE(find(*snapshot, "p1"), nullptr);
    EXPECT_EQ(find(*snapshot, "p1")->phases.size(), 1u) << "the early event is evidence";

    clock = at(179);
    tracker.apply(added(ObjectKind::Node, {nodeJson("h100-0", -1000, -900)}));
    EXPECT_EQ(tracker.waitingEvents(), 1u) << "not two minutes yet";
    // Another event for the same pod does not extend the wait.
    tracker.apply(added(ObjectKind::Event, {eventJson("gone", "Killing", "again", 179)}));
    EXPECT_EQ(tracker.waitingEvents(), 2u);
    clock = at(181);
    tracker.apply(added(ObjectKind::Node, {nodeJson("h100-1", -1000, -900)}));
    EXPECT_EQ(tracker.waitingEvents(), 0u);
}

TEST(ColdStartTracker, WaitingEventsAreBoundedByCountToo)
{
    SystemTime clock = at(0);
    ColdStartTrackerOptions bounded = options(&clock);
    bounded.maxOrphanEvents = 3;
    ColdStartTracker tracker(bounded);
    for (int i = 0; i < 5; ++i)
        tracker.apply(added(ObjectKind::Event, {eventJson("p" + std::to_string(i), "Scheduled", "x", i)}));
    EXPECT_EQ(tracker.waitingEvents(), 3u);
    // The oldest went: p0 and p1 arrive without their events, p4 with its.
    PodBuilder p1("p1");
    p1.unschedulable(1);
    PodBuilder p4("p4");
    p4.unschedulable(1);
    tracker.apply(added(ObjectKind::Pod, {p1.object, p4.object}));
    EXPECT_EQ(tracker.waitingEvents(), 2u);
}

TEST(ColdStartTracker, WarmCachesFromPrewarmJobsLocalModelCachesAndEarlierLoads)
{
    SystemTime clock = at(0);
    ColdStartTracker tracker(options(&clock));
    const std::string uri = "hf://meta-llama/Llama-3.1-8B-Instruct";
    tracker.apply(added(ObjectKind::InferenceService, {isvc("chat", uri)}));
    tracker.apply(added(ObjectKind::Node, {nodeJson("h100-0", -100, -90), nodeJson("h100-1", -100, -90),
                                           nodeJson("h100-2", -100, -90)}));

    // A prewarm Job that has not finished yet warms nothing.
    tracker.apply(added(ObjectKind::Job, {prewarmJob("prewarm-h100-1", "h100-1", uri, std::nullopt)}));
    EXPECT_TRUE(tracker.snapshot(at(0))->warmCaches.empty());
    tracker.apply(modified(ObjectKind::Job, {prewarmJob("prewarm-h100-1", "h100-1", uri, 50)}));
    clock = at(60);
    tracker.apply(added(ObjectKind::LocalModelCache,
                        {localModelCache("llama", uri, {{"h100-2", "NodeDownloaded"}, {"h100-0", "NodeDownloading"}})}));

    // First load on h100-0 (cold), then a second replica there after it.
    tracker.apply(added(ObjectKind::Pod, {finishedPod("first", "h100-0", 100, 400)}));
    tracker.applyLog("uid-first", vllmLog(301, 350, 500));
    tracker.apply(added(ObjectKind::Pod, {finishedPod("second", "h100-0", 600, 300), finishedPod("third", "h100-1", 600, 300),
                                          finishedPod("fourth", "h100-2", 600, 300)}));

    auto snapshot = tracker.snapshot(at(1000));
    ASSERT_NE(find(*snapshot, "first"), nullptr);
    EXPECT_EQ(find(*snapshot, "first")->weightSource, "hub");
    // A hub download went to the first pod's emptyDir and left with it: the second downloads again.
    EXPECT_EQ(find(*snapshot, "second")->weightSource, "hub");
    EXPECT_EQ(find(*snapshot, "third")->weightSource, "node cache");
    EXPECT_EQ(find(*snapshot, "fourth")->weightSource, "node cache");

    std::set<std::string> via;
    for (const WarmCache &cache : snapshot->warmCaches)
        via.insert(cache.node + " " + cache.via);
    // Only what the prewarm Job and the LocalModelCache put on the nodes.
    EXPECT_EQ(via, (std::set<std::string>{"h100-1 prewarm job prewarm-h100-1", "h100-2 LocalModelCache llama"}));
    for (const WarmCache &cache : snapshot->warmCaches)
        EXPECT_EQ(cache.modelUri, uri);

    // The LocalModelCache goes: its node is cold again for starts in progress.
    tracker.apply(deleted(ObjectKind::LocalModelCache, {localModelCache("llama", uri, json::object())}));
    snapshot = tracker.snapshot(at(1000));
    EXPECT_EQ(find(*snapshot, "fourth")->weightSource, "hub");
    // A node removed takes its caches with it.
    tracker.apply(deleted(ObjectKind::Node, {nodeJson("h100-1", -100, -90)}));
    snapshot = tracker.snapshot(at(1000));
    for (const WarmCache &cache : snapshot->warmCaches)
        EXPECT_NE(cache.node, "h100-1");
    // A new node under an old name starts cold.
    tracker.apply(modified(ObjectKind::Node, {nodeJson("h100-0", 700, 800)}));
    snapshot = tracker.snapshot(at(1000));
    for (const WarmCache &cache : snapshot->warmCaches) {
        if (cache.node == "h100-0") {
            EXPECT_GE(cache.since, at(700)) << cache.via;
        }
    }
    EXPECT_EQ(std::count_if(snapshot->warmCaches.begin(), snapshot->warmCaches.end(),
                            [](const WarmCache &cache) { return cache.via == "earlier load by first"; }),
              0);
}

TEST(ColdStartTracker, StatisticsPerServicePhaseAndWeightSourceOverAWindow)
{
    SystemTime clock = at(0);
    ColdStartTracker tracker(options(&clock));
    tracker.apply(added(ObjectKind::InferenceService, {isvc("chat", "hf://m"), isvc("reasoning", "pvc://models/m")}));
    // chat: five hub starts of 100…500 s; reasoning: two of 200 s; one old chat start outside the window.
    std::vector<json> pods;
    for (int i = 1; i <= 5; ++i)
        pods.push_back(finishedPod("chat-" + std::to_string(i), "n" + std::to_string(i), 20000, i * 100, "chat"));
    for (int i = 1; i <= 2; ++i)
        pods.push_back(finishedPod("reasoning-" + std::to_string(i), "m" + std::to_string(i), 20000, 200, "reasoning", false));
    pods.push_back(finishedPod("chat-old", "old", 0, 900, "chat"));
    tracker.apply(added(ObjectKind::Pod, pods));

    const auto snapshot = tracker.snapshot(at(21000), std::chrono::hours(1));
    ASSERT_EQ(snapshot->stats.size(), 3u);
    const ColdStartStats &fleet = snapshot->stats[0];
    EXPECT_TRUE(fleet.inferenceService.empty());
    EXPECT_EQ(fleet.count, 7u);
    EXPECT_EQ(fleet.totalByWeightSource.at("hub").count, 5u);
    EXPECT_EQ(fleet.totalByWeightSource.at("shared volume").count, 2u);
    EXPECT_DOUBLE_EQ(fleet.totalByWeightSource.at("shared volume").p50, 200);

    const ColdStartStats &chat = snapshot->stats[1];
    EXPECT_EQ(chat.inferenceService, "chat");
    EXPECT_EQ(chat.namespaceName, "default");
    EXPECT_EQ(chat.count, 5u) << "the start outside the window is left out";
    EXPECT_DOUBLE_EQ(chat.total.p50, 300);
    EXPECT_DOUBLE_EQ(chat.total.p95, 480);
    EXPECT_DOUBLE_EQ(chat.total.max, 500);
    // Download spans are duration/4 long: 25…125 s.
    ASSERT_TRUE(chat.phases.count(ColdStartPhase::ModelDownload));
    EXPECT_EQ(chat.phases.at(ColdStartPhase::ModelDownload).count, 5u);
    EXPECT_DOUBLE_EQ(chat.phases.at(ColdStartPhase::ModelDownload).max, 125);
    // Without logs weight load and warm-up are merged: they count for neither.
    EXPECT_FALSE(chat.phases.count(ColdStartPhase::WeightLoad));
    EXPECT_FALSE(chat.phases.count(ColdStartPhase::EngineWarmup));
    EXPECT_EQ(snapshot->stats[2].inferenceService, "reasoning");
    EXPECT_FALSE(snapshot->stats[2].phases.count(ColdStartPhase::ModelDownload)) << "pvc:// has none";

    // A wider window takes the old start in.
    EXPECT_EQ(tracker.snapshot(at(21000), std::chrono::hours(24))->stats[1].count, 6u);
}

TEST(ColdStartTracker, OnlyTouchedPodsAreDerivedAgain)
{
    SystemTime clock = at(0);
    ColdStartTracker tracker(options(&clock));
    tracker.apply(added(ObjectKind::Pod, {finishedPod("a", "n1", 0, 100), PodBuilder("b").unschedulable(1).object}));
    const auto first = tracker.snapshot(at(200));
    const auto a1 = find(*first, "a");
    const auto b1 = find(*first, "b");
    PodBuilder b("b");
    b.unschedulable(1).version("2");
    b.object["status"]["conditions"].clear();
    b.scheduled("n2", 50);
    tracker.apply(modified(ObjectKind::Pod, {b.object}));
    const auto second = tracker.snapshot(at(200));
    EXPECT_EQ(find(*second, "a"), a1) << "untouched: the same immutable start";
    EXPECT_NE(find(*second, "b"), b1);
    // An event about another pod leaves both alone.
    tracker.apply(added(ObjectKind::Event, {eventJson("c", "Scheduled", "x", 3)}));
    const auto third = tracker.snapshot(at(200));
    EXPECT_EQ(find(*third, "a"), a1);
    EXPECT_EQ(find(*third, "b"), find(*second, "b"));
}

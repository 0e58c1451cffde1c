// The deployment tracker fed change batches as the object store publishes them:
// replicas attach and detach, ready counts follow readiness, pods may come
// before their InferenceService, LocalModelCaches switch the weight source,
// metrics readings join by pod, untouched deployments keep their pointer, and
// garbage never crashes it.

#include "backend/fleet/deploymenttracker.h"
#include "deploymenttestsupport.h"

#include <gtest/gtest.h>

using namespace gantry::fleet;
using namespace gantry::fleet::test;
using gantry::kube::ChangeBatch;
using gantry::kube::CompactPtr;
using gantry::kube::ObjectKind;
using nlohmann::json;

namespace {

json isvcJson(const std::string &name, const std::string &storageUri, const std::string &namespaceName = "default",
              const std::string &uid = {})
{
    return {{"metadata",
             {{"name", name}, {"namespace", namespaceName}, {"uid", uid.empty() ? "isvc-" + name : uid},
              {"annotations", {{"serving.kserve.io/deploymentMode", "Knative"}}}}},
            {"spec",
             {{"predictor",
               {{"minReplicas", 1},
                {"model",
                 {{"modelFormat", {{"name", "vLLM"}}},
                  {"runtime", "kserve-vllmserver"},
                  {"storageUri", storageUri},
                  {"resources", {{"limits", {{"nvidia.com/gpu", "2"}}}}}}}}}}},
            {"status",
             {{"url", "http://" + name + "." + namespaceName + ".example.com"},
              {"modelStatus",
               {{"transitionStatus", "BlockedByFailedLoad"},
                {"states", {{"activeModelState", "FailedToLoad"}, {"targetModelState", "Loaded"}}},
                {"lastFailureInfo", {{"reason", "ModelLoadFailed"}, {"message", "exit code 1"}}}}},
              {"conditions",
               {{{"type", "Ready"}, {"status", "False"}, {"reason", "RevisionMissing"},
                 {"message", "no ready replicas yet"}}}}}}};
}

struct PodState
{
    bool ready = false;
    std::string phase = "Running";
    int restarts = 0;
    std::string waiting = {}; ///< waiting reason of kserve-container, "" = running
    std::string version = "1";
};

json podJson(const std::string &name, const std::string &service, const PodState &state = {},
             const std::string &namespaceName = "default")
{
    json containerState = state.waiting.empty() ? json{{"running", {{"startedAt", "2026-01-01T00:01:00Z"}}}}
                                                : json{{"waiting", {{"reason", state.waiting}}}};
    json labels = json::object();
    if (!service.empty())
        labels["serving.kserve.io/inferenceservice"] = service;
    return {{"metadata",
             {{"name", name}, {"namespace", namespaceName}, {"uid", "pod-" + namespaceName + "-" + name},
              {"resourceVersion", state.version}, {"creationTimestamp", "2026-01-01T00:00:00Z"}, {"labels", labels}}},
            {"spec",
             {{"nodeName", "gpu-1"},
              {"containers", {{{"name", "kserve-container"}, {"resources", {{"limits", {{"nvidia.com/gpu", "2"}}}}}}}}}},
            {"status",
             {{"phase", state.phase},
              {"conditions",
               {{{"type", "Ready"}, {"status", state.ready ? "True" : "False"},
                 {"reason", state.ready ? "" : "ContainersNotReady"}, {"lastTransitionTime", "2026-01-01T00:04:00Z"}}}},
              {"containerStatuses",
               {{{"name", "kserve-container"}, {"ready", state.ready}, {"restartCount", state.restarts},
                 {"state", containerState}}}}}}};
}

json cacheJson(const std::string &name, const std::string &uri)
{
    return {{"metadata", {{"name", name}, {"uid", "cache-" + name}}},
            {"spec", {{"sourceModelUri", uri}, {"modelSize", "16Gi"}, {"nodeGroups", {"h100"}}}}};
}

gantry::metrics::ReplicaReading reading(const std::string &pod, double running, double waiting, double kv, double ttft)
{
    gantry::metrics::ReplicaReading result;
    result.podNamespace = "default";
    result.podName = pod;
    result.requestsRunning = running;
    result.requestsWaiting = waiting;
    result.kvCacheUsage = kv;
    result.ttftP95Seconds = ttft;
    result.generationTokensPerSecond = running * 10;
    return result;
}

class DeploymentTrackerTest : public ::testing::Test
{
protected:
    void addServices(std::vector<CompactPtr> services) { tracker.apply(added(ObjectKind::InferenceService, services)); }
    void addPods(std::vector<CompactPtr> pods) { tracker.apply(added(ObjectKind::Pod, pods)); }
    void modifyPods(std::vector<CompactPtr> pods) { tracker.apply(modified(ObjectKind::Pod, pods)); }
    void deletePods(std::vector<CompactPtr> pods) { tracker.apply(deleted(ObjectKind::Pod, pods)); }

    std::shared_ptr<const Deployment> get(const std::string &name, const std::string &namespaceName = "default")
    {
        return tracker.snapshot()->find(namespaceName, name);
    }

    DeploymentTracker tracker;
};

} // namespace

TEST_F(DeploymentTrackerTest, AServiceWithItsReplicas)
{
    addServices({servicePtr(isvcJson("chat", "hf://meta-llama/Llama-3.1-8B-Instruct"))});
    addPods({podPtr(podJson("chat-a", "chat", {.ready = true})), podPtr(podJson("chat-b", "chat")),
             podPtr(podJson("other", ""))});
    const auto chat = get("chat");
    ASSERT_TRUE(chat);
    EXPECT_EQ(chat->uid, "isvc-chat");
    EXPECT_EQ(chat->mode, "Knative");
    EXPECT_EQ(chat->weightSource, WeightSource::Hub);
    EXPECT_EQ(chat->runtime, "kserve-vllmserver");
    EXPECT_EQ(chat->modelFormat, "vLLM");
    EXPECT_EQ(chat->gpusPerReplica, 2);
    EXPECT_EQ(chat->url, "http://chat.default.example.com");
    EXPECT_FALSE(chat->ready);
    ASSERT_EQ(chat->conditions.size(), 1u);
    EXPECT_EQ(chat->conditions[0].reason, "RevisionMissing");
    EXPECT_EQ(chat->conditions[0].message, "no ready replicas yet");
    EXPECT_EQ(chat->modelState, "FailedToLoad");
    EXPECT_EQ(chat->modelTransition, "BlockedByFailedLoad");
    EXPECT_EQ(chat->lastFailure, "ModelLoadFailed: exit code 1");
    EXPECT_EQ(chat->scaling.minReplicas, (PolicyValue{"1", "spec minReplicas"}));
    ASSERT_EQ(chat->replicas.size(), 2u) << "the pod without the label is no replica";
    EXPECT_EQ(chat->replicas[0].name, "chat-a");
    EXPECT_EQ(chat->replicas[1].name, "chat-b");
    EXPECT_EQ(chat->readyReplicas, 1);
    EXPECT_EQ(chat->desiredReplicas, 2);
    EXPECT_EQ(chat->replicas[1].stateReason, "ContainersNotReady");
}

TEST_F(DeploymentTrackerTest, ReplicasDetachAndReadinessFlips)
{
    addServices({servicePtr(isvcJson("chat", "hf://m"))});
    addPods({podPtr(podJson("chat-a", "chat", {.waiting = "PodInitializing"})), podPtr(podJson("chat-b", "chat"))});
    EXPECT_EQ(get("chat")->readyReplicas, 0);
    EXPECT_EQ(get("chat")->replicas[0].stateReason, "PodInitializing");

    modifyPods({podPtr(podJson("chat-a", "chat", {.ready = true, .version = "2"}))});
    auto chat = get("chat");
    EXPECT_EQ(chat->readyReplicas, 1);
    EXPECT_TRUE(chat->replicas[0].ready);
    EXPECT_EQ(chat->replicas[0].readySince, gantry::parseRfc3339("2026-01-01T00:04:00Z"));

    modifyPods({podPtr(podJson("chat-a", "chat", {.ready = false, .restarts = 3, .waiting = "CrashLoopBackOff",
                                                  .version = "3"}))});
    chat = get("chat");
    EXPECT_EQ(chat->readyReplicas, 0);
    EXPECT_EQ(chat->replicas[0].restarts, 3);
    EXPECT_EQ(chat->replicas[0].stateReason, "CrashLoopBackOff");

    deletePods({podPtr(podJson("chat-a", "chat"))});
    chat = get("chat");
    ASSERT_EQ(chat->replicas.size(), 1u);
    EXPECT_EQ(chat->replicas[0].name, "chat-b");

    // A finished pod is still listed but no longer wanted.
    modifyPods({podPtr(podJson("chat-b", "chat", {.phase = "Failed", .version = "4"}))});
    EXPECT_EQ(get("chat")->desiredReplicas, 0);
    EXPECT_EQ(get("chat")->replicas.size(), 1u);
}

TEST_F(DeploymentTrackerTest, PodsThatArriveFirstWaitForTheirService)
{
    addPods({podPtr(podJson("chat-a", "chat", {.ready = true})), podPtr(podJson("chat-b", "chat", {.ready = true}))});
    EXPECT_TRUE(tracker.snapshot()->deployments.empty());
    addServices({servicePtr(isvcJson("chat", "hf://m"))});
    const auto chat = get("chat");
    ASSERT_TRUE(chat);
    EXPECT_EQ(chat->replicas.size(), 2u);
    EXPECT_EQ(chat->readyReplicas, 2);
}

TEST_F(DeploymentTrackerTest, DeletingTheServiceRemovesIt)
{
    const CompactPtr chat = servicePtr(isvcJson("chat", "hf://m"));
    addServices({chat, servicePtr(isvcJson("qwen", "oci://r/q:1"))});
    addPods({podPtr(podJson("chat-a", "chat"))});
    tracker.apply(deleted(ObjectKind::InferenceService, {chat}));
    const auto snapshot = tracker.snapshot();
    ASSERT_EQ(snapshot->deployments.size(), 1u);
    EXPECT_EQ(snapshot->deployments[0]->name, "qwen");

    // Recreated under the same name; a late delete of the old object must not remove the new one.
    addServices({servicePtr(isvcJson("chat", "s3://b/m", "default", "isvc-chat-2"))});
    tracker.apply(deleted(ObjectKind::InferenceService, {chat}));
    const auto recreated = get("chat");
    ASSERT_TRUE(recreated);
    EXPECT_EQ(recreated->uid, "isvc-chat-2");
    EXPECT_EQ(recreated->weightSource, WeightSource::ObjectStore);
    EXPECT_EQ(recreated->replicas.size(), 1u) << "its pods were kept";
}

TEST_F(DeploymentTrackerTest, PodsMatchTheirServiceInTheirOwnNamespace)
{
    addServices({servicePtr(isvcJson("chat", "hf://m", "team-b")), servicePtr(isvcJson("chat", "hf://m", "team-a"))});
    addPods({podPtr(podJson("chat-a", "chat", {}, "team-a")), podPtr(podJson("chat-b", "chat", {}, "team-a")),
             podPtr(podJson("chat-c", "chat", {}, "team-b"))});
    const auto snapshot = tracker.snapshot();
    ASSERT_EQ(snapshot->deployments.size(), 2u);
    EXPECT_EQ(snapshot->deployments[0]->namespaceName, "team-a");
    EXPECT_EQ(snapshot->deployments[0]->replicas.size(), 2u);
    EXPECT_EQ(snapshot->deployments[1]->namespaceName, "team-b");
    EXPECT_EQ(snapshot->deployments[1]->replicas.size(), 1u);

    // A relabelled pod moves to the other deployment.
    json moved = podJson("chat-b", "qwen", {.version = "2"}, "team-a");
    addServices({servicePtr(isvcJson("qwen", "oci://r/q:1", "team-a"))});
    modifyPods({podPtr(moved)});
    EXPECT_EQ(get("chat", "team-a")->replicas.size(), 1u);
    EXPECT_EQ(get("qwen", "team-a")->replicas.size(), 1u);
}

TEST_F(DeploymentTrackerTest, LocalModelCacheMakesTheWeightsLocal)
{
    const std::string uri = "hf://meta-llama/Llama-3.1-8B-Instruct";
    addServices({servicePtr(isvcJson("chat", uri)), servicePtr(isvcJson("qwen", "oci://r/q:1"))});
    const auto qwenBefore = get("qwen");
    EXPECT_EQ(get("chat")->weightSource, WeightSource::Hub);

    const CompactPtr cache = cachePtr(cacheJson("llama-8b", uri));
    tracker.apply(added(ObjectKind::LocalModelCache, {cache}));
    EXPECT_EQ(get("chat")->weightSource, WeightSource::NodeCache);
    EXPECT_EQ(get("chat")->localModelCache, "llama-8b");
    EXPECT_EQ(get("qwen"), qwenBefore) << "a cache of another model changes nothing";

    // The cache now points elsewhere, then goes away.
    tracker.apply(modified(ObjectKind::LocalModelCache, {cachePtr(cacheJson("llama-8b", "hf://other"))}));
    EXPECT_EQ(get("chat")->weightSource, WeightSource::Hub);
    tracker.apply(modified(ObjectKind::LocalModelCache, {cache}));
    EXPECT_EQ(get("chat")->weightSource, WeightSource::NodeCache);
    tracker.apply(deleted(ObjectKind::LocalModelCache, {cache}));
    EXPECT_EQ(get("chat")->weightSource, WeightSource::Hub);
    EXPECT_EQ(get("chat")->localModelCache, "");
}

TEST_F(DeploymentTrackerTest, ReadingsJoinByPod)
{
    addServices({servicePtr(isvcJson("chat", "hf://m"))});
    addPods({podPtr(podJson("chat-a", "chat", {.ready = true})), podPtr(podJson("chat-b", "chat", {.ready = true}))});
    gantry::metrics::Readings readings;
    readings.replicas = {reading("chat-a", 4, 1, 0.2, 0.15), reading("chat-b", 6, 3, 0.6, 0.40),
                         reading("not-yet-a-pod", 1, 1, 1, 1)};
    tracker.applyReadings(readings);
    auto chat = get("chat");
    EXPECT_EQ(chat->replicas[0].requestsRunning, 4);
    EXPECT_EQ(chat->replicas[1].kvCacheUsage, 0.6);
    EXPECT_EQ(chat->requestsRunning, 10);
    EXPECT_EQ(chat->requestsWaiting, 4);
    EXPECT_EQ(chat->generationTokensPerSecond, 100);
    EXPECT_EQ(chat->ttftP95Seconds, 0.40) << "the worst replica";
    ASSERT_TRUE(chat->kvCacheUsage);
    EXPECT_DOUBLE_EQ(*chat->kvCacheUsage, 0.4) << "the mean";

    // A pod that shows up after its reading gets it.
    readings.replicas = {reading("chat-a", 4, 1, 0.2, 0.15), reading("chat-c", 2, 0, 0.1, 0.1)};
    tracker.applyReadings(readings);
    addPods({podPtr(podJson("chat-c", "chat"))});
    chat = get("chat");
    ASSERT_EQ(chat->replicas.size(), 3u);
    EXPECT_EQ(chat->replicas[2].requestsRunning, 2);
    EXPECT_FALSE(chat->replicas[1].requestsRunning) << "chat-b has no reading any more";
    EXPECT_EQ(chat->requestsRunning, 6);

    tracker.applyReadings({});
    chat = get("chat");
    EXPECT_FALSE(chat->requestsRunning);
    EXPECT_FALSE(chat->kvCacheUsage);
}

TEST_F(DeploymentTrackerTest, OnlyTouchedDeploymentsAreRebuilt)
{
    addServices({servicePtr(isvcJson("chat", "hf://m")), servicePtr(isvcJson("qwen", "oci://r/q:1"))});
    addPods({podPtr(podJson("chat-a", "chat")), podPtr(podJson("qwen-a", "qwen"))});
    EXPECT_TRUE(tracker.dirty());
    const auto first = tracker.snapshot();
    EXPECT_FALSE(tracker.dirty());
    EXPECT_EQ(tracker.snapshot(), first) << "nothing changed, same snapshot";

    modifyPods({podPtr(podJson("chat-a", "chat", {.ready = true, .version = "2"}))});
    EXPECT_TRUE(tracker.dirty());
    const auto second = tracker.snapshot();
    EXPECT_NE(second, first);
    EXPECT_NE(second->find("default", "chat"), first->find("default", "chat"));
    EXPECT_EQ(second->find("default", "qwen"), first->find("default", "qwen"));

    // A new resourceVersion that changes nothing the console shows keeps every pointer.
    modifyPods({podPtr(podJson("chat-a", "chat", {.ready = true, .version = "3"}))});
    EXPECT_EQ(tracker.snapshot(), second);

    // Readings rebuild only the deployment whose replica's figures moved.
    gantry::metrics::Readings readings;
    readings.replicas = {reading("qwen-a", 1, 0, 0.1, 0.1)};
    tracker.applyReadings(readings);
    const auto third = tracker.snapshot();
    EXPECT_EQ(third->find("default", "chat"), second->find("default", "chat"));
    EXPECT_NE(third->find("default", "qwen"), second->find("default", "qwen"));
    tracker.applyReadings(readings);
    EXPECT_FALSE(tracker.dirty()) << "the same figures again";
}

TEST_F(DeploymentTrackerTest, GarbageNeverCrashes)
{
    ChangeBatch batch;
    batch.kind = ObjectKind::Pod;
    batch.added = {nullptr, servicePtr(json::array()), podPtr(json()), podPtr(json("pod")),
                   podPtr({{"metadata", {{"labels", {{"serving.kserve.io/inferenceservice", 7}}}}}}),
                   podPtr({{"metadata", {{"labels", {{"serving.kserve.io/inferenceservice", "x"}}}}}})};
    batch.deleted = {nullptr, podPtr(json::object())};
    EXPECT_NO_THROW(tracker.apply(batch));
    batch.kind = ObjectKind::InferenceService;
    batch.added = {nullptr, podPtr(json()), servicePtr(json()), servicePtr(json::array()),
                   servicePtr({{"metadata", {{"name", "x"}}}, {"spec", "nonsense"}})};
    EXPECT_NO_THROW(tracker.apply(batch));
    batch.kind = ObjectKind::LocalModelCache;
    batch.added = {nullptr, cachePtr(json()), cachePtr({{"spec", {{"sourceModelUri", ""}}}})};
    EXPECT_NO_THROW(tracker.apply(batch));
    batch.kind = ObjectKind::Node;
    EXPECT_NO_THROW(tracker.apply(batch));
    gantry::metrics::Readings readings;
    readings.replicas.resize(3);
    EXPECT_NO_THROW(tracker.applyReadings(readings));

    std::shared_ptr<const DeploymentsSnapshot> snapshot;
    ASSERT_NO_THROW(snapshot = tracker.snapshot());
    // The nameless service and the named one; the unnamed label-"x" pod belongs to "x".
    ASSERT_EQ(snapshot->deployments.size(), 2u);
    const auto x = snapshot->find("", "x");
    ASSERT_TRUE(x);
    EXPECT_EQ(x->replicas.size(), 1u);
    EXPECT_EQ(x->mode, "Knative");
}

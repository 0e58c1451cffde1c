// Replicas from pods: the published pod fixtures (whole pods, and the two
// non-contiguous excerpts of a KServe Knative predictor merged into one), then
// the states a serving pod goes through and the reason shown for each.

#include "backend/fleet/replicastate.h"
#include "deploymenttestsupport.h"

#include <gtest/gtest.h>

using namespace gantry::fleet;
using namespace gantry::fleet::test;
using gantry::parseRfc3339;
using nlohmann::json;

namespace {

Replica replicaOf(const json &pod)
{
    return deriveReplica(gantry::kube::extractPod(pod));
}

// Drops the last line: the excerpts end mid-token (SOURCES.md asks tests to cut it).
std::string withoutLastLine(std::string text)
{
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    const auto cut = text.rfind('\n');
    return cut == std::string::npos ? std::string() : text.substr(0, cut + 1);
}

json status(json containers, json conditions, const std::string &phase = "Running", json init = json::array())
{
    return {{"metadata", {{"name", "p"}, {"namespace", "default"}, {"uid", "u"}}},
            {"spec", {{"containers", {{{"name", "kserve-container"}}}}}},
            {"status",
             {{"phase", phase},
              {"conditions", conditions},
              {"containerStatuses", containers},
              {"initContainerStatuses", init}}}};
}

json condition(const std::string &type, const std::string &value, const std::string &reason = {})
{
    json result = {{"type", type}, {"status", value}, {"lastTransitionTime", "2025-02-27T06:30:28Z"}};
    if (!reason.empty())
        result["reason"] = reason;
    return result;
}

json container(const std::string &name, json state, int restarts = 0, bool ready = false)
{
    return {{"name", name}, {"state", state}, {"restartCount", restarts}, {"ready", ready}};
}

const json notReady = json::array({condition("PodScheduled", "True"), condition("Ready", "False", "ContainersNotReady")});

} // namespace

TEST(ReplicaFixtures, RunningPodIsReady)
{
    const auto pods = fixtureObjects("pods/holmesgpt-frontend-service-running.pod.yaml", "Pod");
    ASSERT_EQ(pods.size(), 1u);
    const Replica replica = replicaOf(pods[0]);
    EXPECT_EQ(replica.name, "frontend-service");
    EXPECT_EQ(replica.namespaceName, "default");
    EXPECT_EQ(replica.uid, "cfbbc782-ee67-4367-829c-886e99aa3533");
    EXPECT_EQ(replica.node, "kind-double-node-worker");
    EXPECT_EQ(replica.phase, "Running");
    EXPECT_TRUE(replica.ready);
    EXPECT_EQ(replica.restarts, 0);
    EXPECT_EQ(replica.gpus, 0);
    EXPECT_EQ(replica.createdAt, parseRfc3339("2025-05-29T08:46:14Z"));
    EXPECT_EQ(replica.readySince, parseRfc3339("2025-05-29T08:46:31Z"));
    EXPECT_EQ(replica.stateReason, "");
}

TEST(ReplicaFixtures, DeploymentPodFromTheKubernetesDocs)
{
    const auto pods = fixtureObjects("pods/k8s-docs-nginx-deployment-running.pod.yaml", "Pod");
    ASSERT_EQ(pods.size(), 1u);
    const Replica replica = replicaOf(pods[0]);
    EXPECT_EQ(replica.name, "nginx-deployment-67d4bdd6f5-w6kd7");
    EXPECT_EQ(replica.node, "kube-worker-1");
    EXPECT_TRUE(replica.ready);
    EXPECT_EQ(replica.createdAt, parseRfc3339("2022-02-17T21:51:01Z"));
    EXPECT_EQ(replica.readySince, parseRfc3339("2022-02-17T21:51:06Z"));
    EXPECT_EQ(replica.stateReason, "");
}

TEST(ReplicaFixtures, KServePredictorFromTwoExcerpts)
{
    // Fragment a is the middle of spec.containers (the end of kserve-container, the
    // start of queue-proxy); fragment b the end of spec and the start of status.
    // Re-open the list they came from, cut a's partial last line, and join them.
    const std::string text = "spec:\n  containers:\n    - name: kserve-container\n      ports:\n"
        + withoutLastLine(fixtureText("pods/kubeflow-hub-1532-kserve-predictor.fragment-a-containers.yaml"))
        + fixtureText("pods/kubeflow-hub-1532-kserve-predictor.fragment-b-status.yaml");
    const gantry::YamlToJsonResult parsed = gantry::yamlToJson(text);
    ASSERT_TRUE(parsed.json) << parsed.error << " at line " << parsed.line;
    const json &pod = *parsed.json;
    ASSERT_EQ(pod["spec"]["containers"].size(), 2u);
    EXPECT_EQ(pod["spec"]["containers"][1]["name"], "queue-proxy");

    const Replica replica = replicaOf(pod);
    EXPECT_EQ(replica.node, "mattia-gp63-leopard-8re");
    EXPECT_EQ(replica.phase, "Running");
    EXPECT_TRUE(replica.ready);
    EXPECT_EQ(replica.readySince, parseRfc3339("2025-08-27T10:43:10Z"));
    EXPECT_EQ(replica.gpus, 0) << "cpu and memory only";
    EXPECT_EQ(replica.restarts, 0) << "the container statuses were not published";
    EXPECT_FALSE(replica.createdAt) << "the metadata was not published";
    EXPECT_EQ(replica.stateReason, "");
}

TEST(ReplicaState, CrashLoopWithOomKilledRestarts)
{
    // As `kubectl describe` shows it in events/holmesgpt-oomkilled-crashloopbackoff.describe.txt.
    const Replica replica = replicaOf(
        status({container("memory-eater", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}, 6)}, notReady));
    EXPECT_FALSE(replica.ready);
    EXPECT_EQ(replica.restarts, 6);
    EXPECT_EQ(replica.stateReason, "CrashLoopBackOff");
    EXPECT_FALSE(replica.readySince);

    const Replica killed = replicaOf(status(
        {container("memory-eater", {{"terminated", {{"reason", "OOMKilled"}, {"exitCode", 137}}}}, 6)}, notReady));
    EXPECT_EQ(killed.stateReason, "OOMKilled");
}

TEST(ReplicaState, UnschedulableWhileWaitingForGpus)
{
    // As events/holmesgpt-gpu-pending-failedscheduling.describe.txt: no node, PodScheduled False.
    json pod = status(json::array(), {condition("PodScheduled", "False", "Unschedulable")}, "Pending");
    pod["spec"]["containers"][0]["resources"] = {{"limits", {{"nvidia.com/gpu", 5}}}};
    const Replica replica = replicaOf(pod);
    EXPECT_EQ(replica.node, "");
    EXPECT_EQ(replica.gpus, 5);
    EXPECT_EQ(replica.phase, "Pending");
    EXPECT_EQ(replica.stateReason, "Unschedulable");
}

TEST(ReplicaState, StartUpStepsAndFailures)
{
    const json running = {{"running", {{"startedAt", "2025-02-27T06:31:00Z"}}}};
    const json initializing = {{"waiting", {{"reason", "PodInitializing"}}}};
    // The storage initializer downloads; the server waits for it.
    EXPECT_EQ(replicaOf(status({container("kserve-container", initializing)}, notReady, "Pending",
                               {container("storage-initializer", running)}))
                  .stateReason,
              "PodInitializing");
    // The download failed and is retried.
    EXPECT_EQ(replicaOf(status({container("kserve-container", initializing)}, notReady, "Pending",
                               {container("storage-initializer", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}, 3)}))
                  .stateReason,
              "CrashLoopBackOff");
    EXPECT_EQ(replicaOf(status({container("kserve-container", initializing)}, notReady, "Pending",
                               {container("storage-initializer", {{"terminated", {{"exitCode", 1}}}})}))
                  .stateReason,
              "Error");
    // A completed initializer is no reason; the image pull is.
    EXPECT_EQ(replicaOf(status({container("kserve-container", {{"waiting", {{"reason", "ImagePullBackOff"}}}})},
                               notReady, "Pending",
                               {container("storage-initializer",
                                          {{"terminated", {{"reason", "Completed"}, {"exitCode", 0}}}})}))
                  .stateReason,
              "ImagePullBackOff");
    EXPECT_EQ(replicaOf(status({container("kserve-container", {{"waiting", {{"reason", "ContainerCreating"}}}})},
                               notReady, "Pending"))
                  .stateReason,
              "ContainerCreating");
    // Loading weights: running, not ready yet.
    EXPECT_EQ(replicaOf(status({container("kserve-container", running)}, notReady)).stateReason, "ContainersNotReady");
    EXPECT_EQ(replicaOf(status({container("kserve-container", {{"terminated", {{"reason", "Error"}}}})}, notReady,
                               "Failed"))
                  .stateReason,
              "Error");
    EXPECT_EQ(replicaOf(status(json::array(), json::array(), "Failed")).stateReason, "Failed");
    EXPECT_EQ(replicaOf(status({container("kserve-container", running)}, {condition("Ready", "False")})).stateReason,
              "NotReady")
        << "a running pod without a reason is still not serving";
    EXPECT_EQ(replicaOf(status(json::array(), json::array(), "Pending")).stateReason, "Pending");
}

TEST(ReplicaState, RestartsAreSummedOverEveryContainer)
{
    const json running = {{"running", json::object()}};
    json pod = status({container("kserve-container", running, 2, true), container("queue-proxy", running, 1, true)},
                      {condition("Ready", "True")}, "Running", {container("storage-initializer", {}, 4)});
    const Replica replica = replicaOf(pod);
    EXPECT_EQ(replica.restarts, 7);
    EXPECT_TRUE(replica.ready);
    EXPECT_EQ(replica.stateReason, "");

    pod["status"]["containerStatuses"][0]["restartCount"] = -5;
    EXPECT_EQ(replicaOf(pod).restarts, 5) << "a negative count is garbage";
}

TEST(ReplicaState, GarbageDegrades)
{
    const std::vector<json> inputs = {
        json(),
        json::array(),
        {{"metadata", {{"creationTimestamp", "yesterday"}}}, {"status", {{"conditions", "Ready"}}}},
        {{"status", {{"conditions", {{{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", 12}}}}}}},
        {{"status", {{"containerStatuses", {1, "x", {{"state", {{"waiting", 3}}}}}}}}},
    };
    for (const json &input : inputs) {
        Replica replica;
        EXPECT_NO_THROW(replica = replicaOf(input)) << input.dump();
        EXPECT_FALSE(replica.createdAt) << input.dump();
    }
    const Replica readyWithoutTime = replicaOf(inputs[3]);
    EXPECT_TRUE(readyWithoutTime.ready);
    EXPECT_FALSE(readyWithoutTime.readySince);
    EXPECT_EQ(replicaOf(json()).stateReason, "Unknown");
}

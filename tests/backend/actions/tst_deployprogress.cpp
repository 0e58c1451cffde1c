// The deploy verdict from compact objects: pending, progressing, ready, waiting
// for capacity with the scheduler's words, and the failures that need a change.

#include "backend/actions/deployprogress.h"

#include <gtest/gtest.h>

using namespace gantry::actions;
using namespace gantry::kube;

namespace {

CompactInferenceService service(const std::string &ready = {}, const std::string &reason = {})
{
    CompactInferenceService isvc;
    isvc.meta.namespaceName = "default";
    isvc.meta.name = "llama";
    if (!ready.empty())
        isvc.conditions["Ready"] = { ready, "2026-01-01T00:00:00Z", reason, {} };
    return isvc;
}

CompactPod pod(const std::string &name, bool ready)
{
    CompactPod p;
    p.meta.name = name;
    p.conditions["PodScheduled"] = { "True", "", "", "" };
    p.conditions["Ready"] = { ready ? "True" : "False", "", "", "" };
    CompactContainerState container;
    container.name = "kserve-container";
    container.state = "running";
    p.containers.push_back(container);
    return p;
}

TEST(DeployProgress, MissingPendingProgressingReady)
{
    EXPECT_EQ(assessDeployment({}).state, DeployProgress::State::NotFound);

    DeploySnapshot snapshot;
    snapshot.service = service();
    EXPECT_EQ(assessDeployment(snapshot).state, DeployProgress::State::Pending);

    snapshot.service = service("False", "RevisionMissing");
    snapshot.readyMessage = "Revision \"llama-predictor-00001\" has no ready replicas yet";
    snapshot.pods = { pod("a", true), pod("b", false) };
    DeployProgress progress = assessDeployment(snapshot);
    EXPECT_EQ(progress.state, DeployProgress::State::Progressing);
    EXPECT_FALSE(progress.finished());
    EXPECT_EQ(progress.summary,
        "progressing: 1/2 replicas ready; RevisionMissing: Revision \"llama-predictor-00001\" has no ready "
        "replicas yet");

    snapshot.service = service("True");
    progress = assessDeployment(snapshot);
    EXPECT_EQ(progress.state, DeployProgress::State::Ready);
    EXPECT_TRUE(progress.finished());
    EXPECT_EQ(progress.summary, "ready: 1/2 replicas ready");
}

TEST(DeployProgress, UnschedulableReplicasWaitForCapacityWithTheSchedulersWords)
{
    DeploySnapshot snapshot;
    snapshot.service = service("False", "RevisionMissing");
    CompactPod waiting = pod("llama-1", false);
    waiting.conditions["PodScheduled"] = { "False", "", "Unschedulable", "" };
    snapshot.pods = { waiting };
    CompactEvent older;
    older.involvedName = "llama-1";
    older.reason = "FailedScheduling";
    older.message = "old";
    older.timestamp = "2026-01-01T00:00:00Z";
    CompactEvent newer = older;
    newer.message = "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.";
    newer.timestamp = "2026-01-01T00:01:00Z";
    CompactEvent otherPod = newer;
    otherPod.involvedName = "x";
    otherPod.message = "not ours";
    snapshot.events = { newer, older, otherPod };
    const DeployProgress progress = assessDeployment(snapshot);
    EXPECT_EQ(progress.state, DeployProgress::State::Progressing) << "capacity may still come (scale-up)";
    EXPECT_TRUE(progress.waitingForCapacity);
    EXPECT_EQ(progress.reason, "FailedScheduling");
    EXPECT_EQ(progress.message, "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.");
    ASSERT_EQ(progress.podProblems.size(), 1u);
    EXPECT_EQ(
        progress.podProblems[0], "llama-1: FailedScheduling: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu.");
}

TEST(DeployProgress, CrashLoopsAndFailedDownloadsAreFailures)
{
    DeploySnapshot snapshot;
    snapshot.service = service("False", "RevisionMissing");
    CompactPod crashing = pod("llama-1", false);
    crashing.containers[0].state = "waiting";
    crashing.containers[0].reason = "CrashLoopBackOff";
    snapshot.pods = { crashing, pod("llama-2", false) };
    DeployProgress progress = assessDeployment(snapshot);
    EXPECT_EQ(progress.state, DeployProgress::State::Failed);
    EXPECT_EQ(progress.reason, "CrashLoopBackOff");
    EXPECT_EQ(progress.message, "container kserve-container of llama-1 is in CrashLoopBackOff");
    EXPECT_EQ(progress.podProblems, std::vector<std::string> { "llama-1: kserve-container CrashLoopBackOff" });

    CompactPod download = pod("llama-3", false);
    CompactContainerState init;
    init.name = "storage-initializer";
    init.state = "terminated";
    init.exitCode = 1;
    init.reason = "Error";
    download.initContainers.push_back(init);
    snapshot.pods = { download };
    progress = assessDeployment(snapshot);
    EXPECT_EQ(progress.state, DeployProgress::State::Failed);
    EXPECT_EQ(progress.podProblems, std::vector<std::string> { "llama-3: storage-initializer Error" });

    CompactPod cleanInit = pod("llama-4", false);
    init.exitCode = 0;
    init.reason = "Completed";
    cleanInit.initContainers.push_back(init);
    snapshot.pods = { cleanInit };
    EXPECT_EQ(assessDeployment(snapshot).state, DeployProgress::State::Progressing);

    snapshot.service = service("False", "RevisionFailed");
    snapshot.service->conditions["Ready"].message = "from the store";
    EXPECT_EQ(assessDeployment(snapshot).message, "from the store") << "the compact condition's message";
    snapshot.readyMessage = "Revision failed";
    progress = assessDeployment(snapshot);
    EXPECT_EQ(progress.state, DeployProgress::State::Failed);
    EXPECT_EQ(progress.reason, "RevisionFailed");
    EXPECT_EQ(progress.message, "Revision failed");
}

} // namespace

// Prewarming against gantry-sim: Jobs pinned to the chosen nodes report
// progress from their status and their pods' log lines until each node is warm;
// a LocalModelCache reports per node; cancel deletes what was created; bad input,
// the viewer and a read-only client are refused; each outcome is audited.

#include "actionsimtest.h"

#include "backend/actions/prewarmaction.h"

using namespace gantry::actions;
using gantry::actions::test::ActionSimTest;
using nlohmann::json;
using State = NodePrewarmProgress::State;

namespace {

PrewarmSpec jobsOn(std::vector<std::string> nodes)
{
    PrewarmSpec spec;
    spec.modelUri = "pvc://models/llama-3.1-8b";
    spec.nodes = std::move(nodes);
    return spec;
}

class PrewarmActionTest : public ActionSimTest { };

TEST_F(PrewarmActionTest, JobsWarmTheChosenNodesAndReportProgress)
{
    const PrewarmAction action(context());
    const auto handle = action.start(jobsOn({ "h100-0", "h100-1" }));
    ASSERT_TRUE(handle) << handle.error().message();
    ASSERT_EQ(handle->jobs.size(), 2u);

    const auto job = context().client->get({ "batch", "v1", "jobs", "default", handle->jobs[1], {} });
    ASSERT_TRUE(job) << job.error().summary();
    EXPECT_EQ((*job)["metadata"]["labels"]["gantry.io/prewarm"], "true");
    EXPECT_EQ((*job)["metadata"]["annotations"]["gantry.io/node"], "h100-1");
    EXPECT_EQ((*job)["metadata"]["annotations"]["gantry.io/model-uri"], "pvc://models/llama-3.1-8b");
    EXPECT_EQ((*job)["spec"]["template"]["spec"]["nodeName"], "h100-1");

    auto progress = action.progress(*handle);
    ASSERT_TRUE(progress) << progress.error().summary();
    ASSERT_EQ(progress->size(), 2u);
    EXPECT_EQ((*progress)[0].state, State::Pending);

    // Two 16 GB reads at 1 GB/s each from the shared volume: about 16 s.
    factory().runFor(9);
    progress = action.progress(*handle);
    ASSERT_TRUE(progress) << progress.error().summary();
    for (const NodePrewarmProgress &node : *progress) {
        EXPECT_EQ(node.state, State::Running) << node.node;
        ASSERT_TRUE(node.fraction) << node.node << ": " << node.lastLogLine;
        EXPECT_GT(*node.fraction, 0.2);
        EXPECT_LT(*node.fraction, 1.0);
        EXPECT_EQ(node.lastLogLine.rfind("prewarm: read ", 0), 0u) << node.lastLogLine;
    }

    factory().runFor(15);
    progress = action.progress(*handle);
    ASSERT_TRUE(progress);
    EXPECT_EQ((*progress)[0].node, "h100-0");
    for (const NodePrewarmProgress &node : *progress) {
        EXPECT_EQ(node.state, State::Succeeded) << node.node;
        EXPECT_EQ(node.fraction, 1.0);
        EXPECT_NE(node.lastLogLine.find(node.node + " is warm"), std::string::npos) << node.lastLogLine;
    }

    // Starting again adopts the finished Jobs rather than failing.
    const auto again = action.start(jobsOn({ "h100-0" }));
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(again->jobs[0], handle->jobs[0]);

    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0]["verb"], "prewarm");
    EXPECT_EQ(lines[0]["object"]["kind"], "Job");
    EXPECT_EQ(lines[0]["object"]["name"], handle->jobs[0]);
    EXPECT_EQ(lines[0]["result"], "applied");
    EXPECT_EQ(lines[1]["summary"], "prewarm pvc://models/llama-3.1-8b on h100-1");
    EXPECT_NE(lines[2]["summary"].get<std::string>().find("adopted"), std::string::npos);
}

TEST_F(PrewarmActionTest, CancelDeletesTheJobsAndTheirPods)
{
    const PrewarmAction action(context());
    const auto handle = action.start(jobsOn({ "h100-0" }));
    ASSERT_TRUE(handle) << handle.error().message();
    factory().runFor(3);
    ASSERT_EQ((*action.progress(*handle))[0].state, State::Running);

    const auto cancelled = action.cancel(*handle);
    ASSERT_TRUE(cancelled) << cancelled.error().message();
    EXPECT_EQ(*cancelled, 1u);
    factory().runFor(2);
    const auto progress = action.progress(*handle);
    ASSERT_TRUE(progress);
    EXPECT_EQ((*progress)[0].state, State::Missing);
    gantry::kube::ListOptions options;
    options.labelSelector = "job-name=" + handle->jobs[0];
    EXPECT_TRUE((*context().client->list({ "", "v1", "pods", "default", {}, {} }, options))["items"].empty());
    EXPECT_EQ(*action.cancel(*handle), 0u) << "already gone is not an error";

    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[1]["verb"], "cancel");
    EXPECT_EQ(lines[1]["result"], "applied");
    EXPECT_NE(lines[2]["summary"].get<std::string>().find("already gone"), std::string::npos);
}

TEST_F(PrewarmActionTest, ALocalModelCacheReportsEachNode)
{
    PrewarmSpec spec;
    spec.method = PrewarmMethod::LocalModelCache;
    spec.modelUri = "pvc://models/llama-3.1-8b";
    spec.nodeGroups = { "h100" };
    spec.modelSize = "16Gi";
    const PrewarmAction action(context());
    const auto handle = action.start(spec);
    ASSERT_TRUE(handle) << handle.error().message();
    const auto cache =
        context().client->get({ "serving.kserve.io", "v1alpha1", "localmodelcaches", {}, handle->cacheName, {} });
    ASSERT_TRUE(cache) << cache.error().summary();
    EXPECT_EQ((*cache)["spec"]["nodeGroups"], json::array({ "h100" }));

    factory().runFor(2);
    auto progress = action.progress(*handle);
    ASSERT_TRUE(progress) << progress.error().summary();
    ASSERT_EQ(progress->size(), 2u) << "both nodes of the group";
    EXPECT_FALSE((*progress)[0].finished()) << (*progress)[0].message;

    factory().runFor(40);
    progress = action.progress(*handle);
    ASSERT_TRUE(progress);
    for (const NodePrewarmProgress &node : *progress)
        EXPECT_EQ(node.state, State::Succeeded) << node.node << ": " << node.message;

    const auto cancelled = action.cancel(*handle);
    ASSERT_TRUE(cancelled) << cancelled.error().message();
    EXPECT_EQ(*cancelled, 1u);
    EXPECT_EQ((*action.progress(*handle))[0].state, State::Missing);
    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["object"]["kind"], "LocalModelCache");
    EXPECT_EQ(lines[1]["verb"], "cancel");
}

TEST_F(PrewarmActionTest, RefusalsSendNothingOrComeBackInWords)
{
    const std::uint64_t before = writes();
    PrewarmSpec hub = jobsOn({ "h100-0" });
    hub.modelUri = "hf://meta-llama/Llama-3.1-8B-Instruct";
    const auto invalid = PrewarmAction(context()).start(hub);
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().kind(), ActionError::Kind::Invalid);
    EXPECT_NE(invalid.error().message().find("pvc://"), std::string::npos);

    const auto readOnly = PrewarmAction(context("gantry-admin", true)).start(jobsOn({ "h100-0" }));
    ASSERT_FALSE(readOnly);
    EXPECT_EQ(readOnly.error().kind(), ActionError::Kind::ReadOnly);
    EXPECT_EQ(writes(), before);

    const auto forbidden = PrewarmAction(context("gantry-viewer")).start(jobsOn({ "h100-0" }));
    ASSERT_FALSE(forbidden);
    EXPECT_EQ(forbidden.error().kind(), ActionError::Kind::Forbidden);
    EXPECT_NE(forbidden.error().message().find("cannot create resource \"jobs\""), std::string::npos)
        << forbidden.error().message();

    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0]["result"].get<std::string>().rfind("invalid: ", 0), 0u);
    EXPECT_EQ(lines[1]["result"].get<std::string>().rfind("read-only: ", 0), 0u);
    EXPECT_EQ(lines[2]["result"].get<std::string>().rfind("forbidden: ", 0), 0u);
}

} // namespace

// Scaling against gantry-sim: a plan applied through dry-run and a guarded merge
// patch changes what the factory does; a change made between plan and apply is
// a conflict and survives; revert undoes exactly the last change; the viewer
// and a read-only client are refused in words; each outcome is audited.

#include "actionsimtest.h"

#include "backend/actions/deployaction.h"
#include "backend/actions/scaleaction.h"

using namespace gantry::actions;
using gantry::actions::test::ActionSimTest;
using nlohmann::json;

namespace {

const gantry::kube::ResourceRef kService { "serving.kserve.io", "v1beta1", "inferenceservices", "default", "llama",
    {} };

class ScaleActionTest : public ActionSimTest {
protected:
    void SetUp() override
    {
        ActionSimTest::SetUp();
        DeploySpec spec;
        spec.name = "llama";
        spec.storageUri = "pvc://models/llama-3.1-8b";
        spec.scaling.minReplicas = 1;
        spec.scaling.maxReplicas = 4;
        // Deployed without an audit log: these tests count the scale lines only.
        ActionContext quiet = context();
        quiet.audit.reset();
        ASSERT_TRUE(DeployAction(quiet).deploy(spec));
    }

    json service() { return *context().client->get(kService); }

    std::size_t replicas()
    {
        const auto pods = context().client->list({ "", "v1", "pods", "default", {}, {} }, [] {
            gantry::kube::ListOptions o;
            o.labelSelector = "serving.kserve.io/inferenceservice=llama";
            return o;
        }());
        return (*pods)["items"].size();
    }
};

TEST_F(ScaleActionTest, APlanAppliedChangesTheServiceAndTheFactoryFollows)
{
    factory().runFor(5);
    EXPECT_EQ(replicas(), 1u);
    ScaleAction action(context());
    ScaleChange change;
    change.minReplicas = 2;
    change.target = 10;
    const auto plan = action.plan("default", "llama", change);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->resourceVersion, service()["metadata"]["resourceVersion"]);
    EXPECT_EQ(plan->patch["metadata"]["resourceVersion"], plan->resourceVersion);

    const auto applied = action.apply(*plan);
    ASSERT_TRUE(applied) << applied.error().message();
    const json now = service();
    EXPECT_EQ(now["spec"]["predictor"]["minReplicas"], 2);
    EXPECT_EQ(now["metadata"]["annotations"]["autoscaling.knative.dev/target"], "10");
    EXPECT_NE(now["metadata"]["resourceVersion"], plan->resourceVersion);
    factory().runFor(5);
    EXPECT_EQ(replicas(), 2u) << "the simulated KServe scaled up to the new minimum";

    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["verb"], "scale");
    EXPECT_EQ(lines[0]["result"], "applied");
    EXPECT_EQ(lines[0]["summary"],
        "spec.predictor.minReplicas: 1 → 2;metadata.annotations[autoscaling.knative.dev/target]: (unset) → 10");
}

TEST_F(ScaleActionTest, AChangeBetweenPlanAndApplyIsAConflictAndSurvives)
{
    ScaleAction action(context());
    ScaleChange change;
    change.minReplicas = 2;
    const auto plan = action.plan("default", "llama", change);
    ASSERT_TRUE(plan);

    // Someone else raises the minimum meanwhile.
    const auto other = context().client->patch(
        kService, gantry::kube::PatchType::Merge, { { "spec", { { "predictor", { { "minReplicas", 3 } } } } } });
    ASSERT_TRUE(other) << other.error().summary();

    const auto applied = action.apply(*plan);
    ASSERT_FALSE(applied);
    EXPECT_EQ(applied.error().kind(), ActionError::Kind::Conflict);
    EXPECT_NE(applied.error().message().find("nothing was overwritten"), std::string::npos)
        << applied.error().message();
    EXPECT_EQ(service()["spec"]["predictor"]["minReplicas"], 3) << "the concurrent change stands";
    EXPECT_FALSE(action.lastApplied());
    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["result"].get<std::string>().rfind("conflict: ", 0), 0u) << lines[0];
    EXPECT_EQ(lines[0]["dryRun"], true) << "the server's dry-run already saw the stale resourceVersion";
}

TEST_F(ScaleActionTest, RevertUndoesTheLastChangeUnlessItWasChangedSince)
{
    ScaleAction action(context());
    ScaleChange change;
    change.minReplicas = 2;
    change.metric = "rps";
    ASSERT_TRUE(action.apply(*action.plan("default", "llama", change)));
    ASSERT_TRUE(action.lastApplied());

    const auto reverted = action.revert();
    ASSERT_TRUE(reverted) << reverted.error().message();
    json now = service();
    EXPECT_EQ(now["spec"]["predictor"]["minReplicas"], 1);
    EXPECT_FALSE(now["metadata"]["annotations"].contains("autoscaling.knative.dev/metric"));
    EXPECT_FALSE(action.lastApplied());
    EXPECT_FALSE(action.revert()) << "nothing left to revert";

    // Apply again, then someone changes one of the fields: the revert refuses.
    ASSERT_TRUE(action.apply(*action.plan("default", "llama", change)));
    ASSERT_TRUE(context().client->patch(
        kService, gantry::kube::PatchType::Merge, { { "spec", { { "predictor", { { "minReplicas", 4 } } } } } }));
    const auto refused = action.revert();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind(), ActionError::Kind::Conflict);
    EXPECT_NE(refused.error().message().find("spec.predictor.minReplicas: changed since the scale set it to 2 (now 4)"),
        std::string::npos)
        << refused.error().message();
    now = service();
    EXPECT_EQ(now["spec"]["predictor"]["minReplicas"], 4);
    EXPECT_EQ(now["metadata"]["annotations"]["autoscaling.knative.dev/metric"], "rps") << "nothing was reverted";

    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[1]["verb"], "revert");
    EXPECT_EQ(lines[1]["result"], "applied");
    EXPECT_EQ(lines[1]["summary"],
        "spec.predictor.minReplicas: 2 → 1;metadata.annotations[autoscaling.knative.dev/metric]: rps → (unset)");
    EXPECT_EQ(lines[3]["verb"], "revert");
    EXPECT_EQ(lines[3]["result"].get<std::string>().rfind("conflict: ", 0), 0u);
}

TEST_F(ScaleActionTest, TheViewerAndAReadOnlyClientAreRefusedInWords)
{
    ScaleChange change;
    change.maxReplicas = 8;
    ScaleAction viewer(context("gantry-viewer"));
    const auto plan = viewer.plan("default", "llama", change);
    ASSERT_TRUE(plan) << "reading is allowed";
    const auto forbidden = viewer.apply(*plan);
    ASSERT_FALSE(forbidden);
    EXPECT_EQ(forbidden.error().kind(), ActionError::Kind::Forbidden);
    EXPECT_NE(forbidden.error().message().find("cannot patch resource \"inferenceservices\""), std::string::npos)
        << forbidden.error().message();

    ScaleAction readOnly(context("gantry-admin", true));
    const std::uint64_t before = writes();
    const auto refused = readOnly.apply(*readOnly.plan("default", "llama", change));
    EXPECT_EQ(writes(), before);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind(), ActionError::Kind::ReadOnly);
    EXPECT_EQ(service()["spec"]["predictor"]["maxReplicas"], 4);

    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0]["result"].get<std::string>().rfind("forbidden: ", 0), 0u);
    EXPECT_EQ(lines[1]["result"].get<std::string>().rfind("read-only: ", 0), 0u);
}

} // namespace

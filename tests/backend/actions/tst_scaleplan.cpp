// Scale planning: which fields each mode changes, the diff an operator reads,
// the merge patch (always with the resourceVersion read), refusals, and the
// inverse a revert computes against the object as it is now.

#include "backend/actions/scaleaction.h"
#include "backend/actions/scaleplan.h"

#include <gtest/gtest.h>

using namespace gantry::actions;
using nlohmann::json;

namespace {

json knativeService()
{
    return { { "apiVersion", "serving.kserve.io/v1beta1" }, { "kind", "InferenceService" },
        { "metadata",
            { { "name", "llama" }, { "namespace", "default" }, { "resourceVersion", "41" },
                { "annotations",
                    { { "serving.kserve.io/deploymentMode", "Knative" },
                        { "autoscaling.knative.dev/target", "8" } } } } },
        { "spec",
            { { "predictor",
                { { "minReplicas", 1 }, { "maxReplicas", 4 }, { "model", { { "storageUri", "pvc://m/x" } } } } } } } };
}

json standardService()
{
    json object = knativeService();
    object["metadata"]["annotations"] = { { "serving.kserve.io/deploymentMode", "RawDeployment" } };
    object["spec"]["predictor"]["scaleTarget"] = 80;
    return object;
}

std::vector<std::string> diffTexts(const ScalePlan &plan)
{
    std::vector<std::string> texts;
    for (const FieldDiff &diff : plan.diffs)
        texts.push_back(diff.text());
    return texts;
}

TEST(ScalePlan, KnativeChangesSpecReplicasAndAnnotations)
{
    ScaleChange change;
    change.minReplicas = 2;
    change.target = 16;
    change.metric = "rps";
    change.scaleDownDelaySeconds = 300;
    change.scaleToZeroRetentionSeconds = 60;
    change.targetUtilizationPercent = 80;
    change.initialScale = 2;
    change.autoscalerClass = "kpa";
    const auto plan = planScale(knativeService(), change);
    ASSERT_TRUE(plan) << problemsText(plan.error());
    EXPECT_EQ(plan->mode, DeploymentMode::Knative);
    EXPECT_EQ(plan->resourceVersion, "41");
    const std::string a = "metadata.annotations[autoscaling.knative.dev/";
    EXPECT_EQ(diffTexts(*plan),
        (std::vector<std::string> {
            "spec.predictor.minReplicas: 1 → 2",
            a + "target]: 8 → 16",
            a + "metric]: (unset) → rps",
            a + "target-utilization-percentage]: (unset) → 80",
            a + "scale-to-zero-pod-retention-period]: (unset) → 60s",
            a + "scale-down-delay]: (unset) → 300s",
            a + "initial-scale]: (unset) → 2",
            a + "class]: (unset) → kpa.autoscaling.knative.dev",
        }));
    const json expected = {
        { "metadata",
            { { "resourceVersion", "41" },
                { "annotations",
                    { { "autoscaling.knative.dev/target", "16" }, { "autoscaling.knative.dev/metric", "rps" },
                        { "autoscaling.knative.dev/target-utilization-percentage", "80" },
                        { "autoscaling.knative.dev/scale-to-zero-pod-retention-period", "60s" },
                        { "autoscaling.knative.dev/scale-down-delay", "300s" },
                        { "autoscaling.knative.dev/initial-scale", "2" },
                        { "autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev" } } } } },
        { "spec", { { "predictor", { { "minReplicas", 2 } } } } }
    };
    EXPECT_EQ(plan->patch, expected);
    EXPECT_EQ(plan->summary().find('\n') != std::string::npos, true);
}

TEST(ScalePlan, MinScaleAnnotationsFollowTheSpecField)
{
    json object = knativeService();
    object["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"] = "1";
    ScaleChange change;
    change.minReplicas = 3;
    change.maxReplicas = 6;
    const auto plan = planScale(object, change);
    ASSERT_TRUE(plan) << problemsText(plan.error());
    EXPECT_EQ(diffTexts(*plan),
        (std::vector<std::string> {
            "spec.predictor.minReplicas: 1 → 3",
            "metadata.annotations[autoscaling.knative.dev/min-scale]: 1 → 3",
            "spec.predictor.maxReplicas: 4 → 6",
        }))
        << "no max-scale annotation was there, so none is added";
    EXPECT_EQ(plan->patch["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"], "3");
}

TEST(ScalePlan, StandardModeUsesSpecFieldsAndTheAutoscalerClass)
{
    ScaleChange change;
    change.autoscalerClass = "keda";
    change.minReplicas = 0;
    change.target = 60;
    change.metric = "memory";
    const auto plan = planScale(standardService(), change);
    ASSERT_TRUE(plan) << problemsText(plan.error());
    EXPECT_EQ(plan->mode, DeploymentMode::Standard);
    EXPECT_EQ(plan->patch,
        json({ { "metadata",
                   { { "resourceVersion", "41" },
                       { "annotations", { { "serving.kserve.io/autoscalerClass", "keda" } } } } },
            { "spec",
                { { "predictor", { { "minReplicas", 0 }, { "scaleTarget", 60 }, { "scaleMetric", "memory" } } } } } }));

    ScaleChange knativeOnly;
    knativeOnly.scaleDownDelaySeconds = 30;
    const auto refused = planScale(standardService(), knativeOnly);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error()[0].field, "metadata.annotations[autoscaling.knative.dev/scale-down-delay]");
    EXPECT_NE(refused.error()[0].message.find("only applies in Knative mode"), std::string::npos);

    ScaleChange hpaZero;
    hpaZero.minReplicas = 0;
    const auto hpa = planScale(standardService(), hpaZero);
    ASSERT_FALSE(hpa);
    EXPECT_NE(hpa.error()[0].message.find("at least 1 with autoscalerClass hpa"), std::string::npos);
}

TEST(ScalePlan, RefusesWhatWouldBreakTheObjectOrChangesNothing)
{
    ScaleChange tooHigh;
    tooHigh.minReplicas = 5; // maxReplicas is 4
    const auto refused = planScale(knativeService(), tooHigh);
    ASSERT_FALSE(refused);
    ASSERT_EQ(refused.error().size(), 1u);
    EXPECT_EQ(refused.error()[0].field, "spec.predictor.minReplicas");
    EXPECT_NE(refused.error()[0].message.find("must not exceed maxReplicas (4)"), std::string::npos);

    ScaleChange lowerMax;
    lowerMax.maxReplicas = 0; // no limit: fine with any min
    EXPECT_TRUE(planScale(knativeService(), lowerMax));

    ScaleChange same;
    same.minReplicas = 1;
    same.target = 8;
    const auto noop = planScale(knativeService(), same);
    ASSERT_FALSE(noop);
    EXPECT_NE(noop.error()[0].message.find("nothing to change"), std::string::npos);
    EXPECT_FALSE(planScale(knativeService(), ScaleChange {}));

    json unread = knativeService();
    unread["metadata"].erase("resourceVersion");
    ScaleChange change;
    change.minReplicas = 2;
    const auto noVersion = planScale(unread, change);
    ASSERT_FALSE(noVersion);
    EXPECT_EQ(noVersion.error()[0].field, "metadata.resourceVersion");

    // An object that already breaks a rule can still be scaled in other respects.
    json broken = knativeService();
    broken["metadata"]["annotations"]["autoscaling.knative.dev/target-utilization-percentage"] = "500";
    EXPECT_TRUE(planScale(broken, change)) << "the old problem is not the change's";
    EXPECT_TRUE(ScaleAction::plan(broken, change));
    EXPECT_EQ(ScaleAction::plan(knativeService(), tooHigh).error().kind(), ActionError::Kind::Invalid);
}

TEST(ScalePlan, RevertRestoresEachFieldAgainstTheCurrentObject)
{
    ScaleChange change;
    change.minReplicas = 2;
    change.target = 16;
    change.metric = "rps";
    const auto applied = planScale(knativeService(), change);
    ASSERT_TRUE(applied);

    // The object as the server stores it after the patch, at a new resourceVersion.
    json after = knativeService();
    after["metadata"]["resourceVersion"] = "57";
    after["spec"]["predictor"]["minReplicas"] = 2;
    after["metadata"]["annotations"]["autoscaling.knative.dev/target"] = "16";
    after["metadata"]["annotations"]["autoscaling.knative.dev/metric"] = "rps";
    const auto revert = planRevert(after, *applied);
    ASSERT_TRUE(revert) << problemsText(revert.error());
    EXPECT_EQ(revert->resourceVersion, "57");
    EXPECT_EQ(diffTexts(*revert),
        (std::vector<std::string> {
            "spec.predictor.minReplicas: 2 → 1",
            "metadata.annotations[autoscaling.knative.dev/target]: 16 → 8",
            "metadata.annotations[autoscaling.knative.dev/metric]: rps → (unset)",
        }));
    EXPECT_EQ(revert->patch,
        json({ { "metadata",
                   { { "resourceVersion", "57" },
                       { "annotations",
                           { { "autoscaling.knative.dev/target", "8" },
                               { "autoscaling.knative.dev/metric", nullptr } } } } },
            { "spec", { { "predictor", { { "minReplicas", 1 } } } } } }))
        << "null removes the annotation the scale added";

    json changedSince = after;
    changedSince["spec"]["predictor"]["minReplicas"] = 3;
    const auto refused = planRevert(changedSince, *applied);
    ASSERT_FALSE(refused);
    ASSERT_EQ(refused.error().size(), 1u);
    EXPECT_EQ(refused.error()[0].field, "spec.predictor.minReplicas");
    EXPECT_NE(refused.error()[0].message.find("changed since the scale set it to 2 (now 3)"), std::string::npos);
}

} // namespace

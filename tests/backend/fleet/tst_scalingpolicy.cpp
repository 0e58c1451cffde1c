// The effective scaling policy with provenance: every published InferenceService
// fixture as a deployment (mode, weight source, runtime, GPUs, policy and where
// each value comes from), then tables of Knative and Standard mode rules,
// legacy mode names, annotations over spec fields, defaults and invalid values.

#include "backend/fleet/deploymenttracker.h"
#include "backend/fleet/scalingpolicy.h"
#include "deploymenttestsupport.h"

#include <gtest/gtest.h>

using namespace gantry::fleet;
using namespace gantry::fleet::test;
using gantry::kube::ObjectKind;
using nlohmann::json;

namespace {

const std::string kModeDefault = "default (KServe inferenceservice-config defaultDeploymentMode)";
const std::string kModeAnnotation = "annotation serving.kserve.io/deploymentMode";

// What an InferenceService that says nothing about scaling gets in Knative mode.
ScalingPolicy knativeDefaults()
{
    ScalingPolicy policy;
    policy.mode = "Knative";
    policy.modeSource = kModeDefault;
    policy.autoscalerClass = {"kpa.autoscaling.knative.dev", "default (Knative pod-autoscaler-class)"};
    policy.metric = {"concurrency", "default (Knative metric of class kpa)"};
    policy.target = {"100", "default (Knative container-concurrency-target-default)"};
    policy.targetUtilizationPercent = {"70", "default (Knative container-concurrency-target-percentage)"};
    policy.minReplicas = {"1", "default (KServe DefaultMinReplicas)"};
    policy.maxReplicas = {"0", "default (Knative max-scale, 0 = unlimited)"};
    policy.initialScale = {"1", "default (Knative initial-scale)"};
    policy.scaleDownDelay = {"0s", "default (Knative scale-down-delay)"};
    policy.scaleToZeroRetention = {"0s", "default (Knative scale-to-zero-pod-retention-period)"};
    policy.window = {"60s", "default (Knative stable-window)"};
    return policy;
}

// What a Standard-mode InferenceService that says nothing about scaling gets: an HPA on cpu at 80%.
ScalingPolicy standardDefaults(const std::string &modeSource = kModeAnnotation)
{
    ScalingPolicy policy;
    policy.mode = "Standard";
    policy.modeSource = modeSource;
    policy.autoscalerClass = {"hpa", "default (KServe autoscalerClass)"};
    policy.metric = {"cpu", "default (KServe HPA metric)"};
    policy.target = {"80", "default (KServe DefaultCPUUtilization)"};
    policy.minReplicas = {"1", "default (KServe DefaultMinReplicas)"};
    policy.maxReplicas = {"1", "KServe"};
    return policy;
}

std::shared_ptr<const Deployment> deploymentOf(const json &object)
{
    DeploymentTracker tracker;
    tracker.apply(added(ObjectKind::InferenceService, {servicePtr(object)}));
    const auto snapshot = tracker.snapshot();
    EXPECT_EQ(snapshot->deployments.size(), 1u);
    return snapshot->deployments.empty() ? nullptr : snapshot->deployments.front();
}

json isvc(json annotations, json predictor = json::object())
{
    if (!predictor.contains("model"))
        predictor["model"] = {{"modelFormat", {{"name", "vLLM"}}}, {"storageUri", "hf://org/model"}};
    return {{"apiVersion", "serving.kserve.io/v1beta1"},
            {"kind", "InferenceService"},
            {"metadata", {{"name", "svc"}, {"namespace", "default"}, {"uid", "u1"}, {"annotations", annotations}}},
            {"spec", {{"predictor", predictor}}}};
}

ScalingPolicy policyOf(const json &object)
{
    return deriveScalingPolicy(gantry::kube::extractInferenceService(object));
}

bool hasProblem(const ScalingPolicy &policy, const std::string &text)
{
    for (const std::string &problem : policy.problems) {
        if (problem == text)
            return true;
    }
    return false;
}

} // namespace

// ---------------------------------------------------------------- fixtures

TEST(ScalingPolicyFixtures, KnativeTargetAnnotationOnATensorflowGpuPredictor)
{
    const auto objects = fixtureObjects("isvc/kserve-sample-autoscale-gpu-knative-target.yaml", "InferenceService");
    ASSERT_EQ(objects.size(), 1u);
    const auto deployment = deploymentOf(objects[0]);
    ASSERT_TRUE(deployment);
    EXPECT_EQ(deployment->name, "flowers-sample-gpu");
    EXPECT_EQ(deployment->mode, "Knative");
    EXPECT_EQ(deployment->weightSource, WeightSource::ObjectStore);
    EXPECT_EQ(deployment->storageUri, "gs://kfserving-examples/models/tensorflow/flowers");
    EXPECT_EQ(deployment->runtime, "");
    EXPECT_EQ(deployment->modelFormat, "tensorflow");
    EXPECT_EQ(deployment->gpusPerReplica, 1);
    ScalingPolicy expected = knativeDefaults();
    expected.target = {"1", "annotation autoscaling.knative.dev/target"};
    EXPECT_EQ(deployment->scaling, expected);
}

TEST(ScalingPolicyFixtures, FluidPvcLlamaScalesToZeroFromASharedVolume)
{
    const auto objects = fixtureObjects("isvc/kserve-sample-fluid-pvc-llama31-gpu.yaml", "InferenceService");
    ASSERT_EQ(objects.size(), 1u);
    const auto deployment = deploymentOf(objects[0]);
    ASSERT_TRUE(deployment);
    EXPECT_EQ(deployment->name, "llama-31-8b-instruct");
    EXPECT_EQ(deployment->weightSource, WeightSource::SharedVolume);
    EXPECT_STREQ(weightSourceName(deployment->weightSource), "shared volume");
    EXPECT_EQ(deployment->runtime, "custom-kserve-huggingfaceserver");
    EXPECT_EQ(deployment->modelFormat, "huggingface");
    EXPECT_EQ(deployment->gpusPerReplica, 1);
    ScalingPolicy expected = knativeDefaults();
    expected.minReplicas = {"0", "spec minReplicas"};
    EXPECT_EQ(deployment->scaling, expected);
}

TEST(ScalingPolicyFixtures, HuggingFaceLlama2DownloadsFromTheHub)
{
    const auto objects = fixtureObjects("isvc/kserve-sample-hf-llama2-gpu.yaml", "InferenceService");
    ASSERT_EQ(objects.size(), 1u);
    const auto deployment = deploymentOf(objects[0]);
    ASSERT_TRUE(deployment);
    EXPECT_EQ(deployment->weightSource, WeightSource::Hub);
    EXPECT_EQ(deployment->storageUri, "hf://meta-llama/Llama-2-7b-chat-hf");
    EXPECT_EQ(deployment->modelFormat, "huggingface");
    EXPECT_EQ(deployment->runtime, "");
    EXPECT_EQ(deployment->gpusPerReplica, 1);
    EXPECT_EQ(deployment->scaling, knativeDefaults());
}

TEST(ScalingPolicyFixtures, OciModelcarIsAnImage)
{
    const auto objects = fixtureObjects("isvc/kserve-docs-oci-modelcar-storageuri.yaml", "InferenceService");
    ASSERT_EQ(objects.size(), 1u);
    const auto deployment = deploymentOf(objects[0]);
    ASSERT_TRUE(deployment);
    EXPECT_EQ(deployment->name, "my-inference-service");
    EXPECT_EQ(deployment->weightSource, WeightSource::OciImage);
    EXPECT_EQ(deployment->modelFormat, "sklearn");
    EXPECT_EQ(deployment->gpusPerReplica, 0);
    EXPECT_EQ(deployment->scaling, knativeDefaults());
}

TEST(ScalingPolicyFixtures, RolloutStrategySamplesAreStandardHpa)
{
    const auto objects = fixtureObjects("isvc/kserve-sample-rollout-strategy-standard-mode.yaml", "InferenceService");
    ASSERT_EQ(objects.size(), 3u);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"rollout-strategy-example", "sklearn"}, {"configmap-defaults-example", "sklearn"},
        {"multinode-example", "huggingface"}};
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const auto deployment = deploymentOf(objects[i]);
        ASSERT_TRUE(deployment);
        EXPECT_EQ(deployment->name, expected[i].first);
        EXPECT_EQ(deployment->namespaceName, "default");
        EXPECT_EQ(deployment->mode, "Standard");
        EXPECT_EQ(deployment->weightSource, WeightSource::ObjectStore);
        EXPECT_EQ(deployment->modelFormat, expected[i].second);
        EXPECT_EQ(deployment->gpusPerReplica, 0);
        EXPECT_EQ(deployment->scaling, standardDefaults()) << deployment->name;
    }
}

TEST(ScalingPolicyFixtures, LegacyRawDeploymentIsStandard)
{
    const auto objects = fixtureObjects("isvc/kserve-3956-sklearn-iris-rawdeployment.yaml", "InferenceService");
    ASSERT_EQ(objects.size(), 1u) << "the Namespace document is not an InferenceService";
    const auto deployment = deploymentOf(objects[0]);
    ASSERT_TRUE(deployment);
    EXPECT_EQ(deployment->name, "sklearn-iris");
    EXPECT_EQ(deployment->namespaceName, "kserve-test");
    EXPECT_EQ(deployment->mode, "Standard");
    EXPECT_EQ(deployment->weightSource, WeightSource::ObjectStore);
    EXPECT_EQ(deployment->modelFormat, "sklearn");
    EXPECT_EQ(deployment->scaling, standardDefaults());
}

TEST(ScalingPolicyFixtures, StatusExcerptIsReadyWithDefaults)
{
    // Only `status:` was published, cut inside modelStatus; it still parses.
    const auto documents = fixtureDocuments("isvc/kserve-2829-rawdeployment-isvc-status.excerpt.yaml");
    ASSERT_EQ(documents.size(), 1u);
    const auto deployment = deploymentOf(documents[0]);
    ASSERT_TRUE(deployment);
    EXPECT_TRUE(deployment->ready);
    ASSERT_EQ(deployment->conditions.size(), 4u);
    EXPECT_EQ(deployment->conditions[0].type, "IngressReady");
    EXPECT_EQ(deployment->conditions[3].type, "TransformerReady");
    EXPECT_EQ(deployment->weightSource, WeightSource::Unknown);
    // Neither status.deploymentMode nor the annotation survived the cut.
    EXPECT_EQ(deployment->scaling, knativeDefaults());
}

TEST(ScalingPolicyFixtures, CanaryComponentStatusIsNoInferenceService)
{
    // An object, but the predictor component's status: nothing to read, nothing breaks.
    const auto documents = fixtureDocuments("isvc/kserve-docs-canary-status-components-predictor.json");
    ASSERT_EQ(documents.size(), 1u);
    const auto deployment = deploymentOf(documents[0]);
    ASSERT_TRUE(deployment);
    EXPECT_EQ(deployment->url, "");
    EXPECT_FALSE(deployment->ready);
    EXPECT_EQ(deployment->weightSource, WeightSource::Unknown);
    EXPECT_EQ(deployment->scaling, knativeDefaults());
}

// ---------------------------------------------------------------- weight sources

TEST(WeightSources, SchemesMapToWhereTheBytesComeFrom)
{
    const std::vector<std::pair<std::string, WeightSource>> table = {
        {"hf://meta-llama/Llama-3.1-8B-Instruct", WeightSource::Hub},
        {"HF://owner/model:rev", WeightSource::Hub},
        {"modelscope://qwen/Qwen2.5-7B", WeightSource::Hub},
        {"https://huggingface.co/org/model/resolve/main/model.safetensors", WeightSource::Hub},
        {"http://models.internal:8080/llama.tar.gz", WeightSource::Hub},
        {"s3://models/mistralai/Mistral-7B-Instruct-v0.3", WeightSource::ObjectStore},
        {"gs://kfserving-examples/models/sklearn/1.0/model", WeightSource::ObjectStore},
        {"https://account.blob.core.windows.net/container/model", WeightSource::ObjectStore},
        {"pvc://models/meta-llama/Llama-3.1-70B-Instruct", WeightSource::SharedVolume},
        {"oci://registry.example.com/models/qwen2.5-7b-instruct:1.0", WeightSource::OciImage},
        {"oci+native://registry/model:1", WeightSource::OciImage},
        {"oci+fetch://registry/model:1", WeightSource::OciImage},
        {"", WeightSource::Unknown},
        {"/mnt/models", WeightSource::Unknown},
        {"ftp://host/model", WeightSource::Unknown},
    };
    for (const auto &[uri, source] : table)
        EXPECT_EQ(weightSourceOfUri(uri), source) << uri;
    EXPECT_STREQ(weightSourceName(WeightSource::Hub), "hub");
    EXPECT_STREQ(weightSourceName(WeightSource::ObjectStore), "object store");
    EXPECT_STREQ(weightSourceName(WeightSource::OciImage), "OCI image");
    EXPECT_STREQ(weightSourceName(WeightSource::NodeCache), "node cache");
    EXPECT_STREQ(weightSourceName(WeightSource::Unknown), "unknown");
}

// ---------------------------------------------------------------- modes

TEST(ScalingPolicyModes, CurrentAndLegacyNames)
{
    const std::vector<std::pair<std::string, std::string>> table = {
        {"Knative", "Knative"}, {"Serverless", "Knative"}, {"Standard", "Standard"}, {"RawDeployment", "Standard"}};
    for (const auto &[written, mode] : table) {
        const ScalingPolicy policy = policyOf(isvc({{"serving.kserve.io/deploymentMode", written}}));
        EXPECT_EQ(policy.mode, mode) << written;
        EXPECT_EQ(policy.modeSource, kModeAnnotation) << written;
        EXPECT_TRUE(policy.problems.empty()) << written;
    }
}

TEST(ScalingPolicyModes, StatusWinsAndADisagreeingAnnotationIsAProblem)
{
    json object = isvc({{"serving.kserve.io/deploymentMode", "RawDeployment"}});
    object["status"]["deploymentMode"] = "Standard";
    ScalingPolicy policy = policyOf(object);
    EXPECT_EQ(policy.mode, "Standard");
    EXPECT_EQ(policy.modeSource, "status deploymentMode");
    EXPECT_TRUE(policy.problems.empty()) << "the legacy name means the same";

    object["status"]["deploymentMode"] = "Knative";
    policy = policyOf(object);
    EXPECT_EQ(policy.mode, "Knative");
    EXPECT_EQ(policy.modeSource, "status deploymentMode");
    EXPECT_TRUE(hasProblem(policy, "annotation serving.kserve.io/deploymentMode: \"RawDeployment\" disagrees with "
                                   "status deploymentMode \"Knative\"; the mode cannot change after creation"));
}

TEST(ScalingPolicyModes, UnknownModeIsUnknownWithAProblem)
{
    const ScalingPolicy policy = policyOf(isvc({{"serving.kserve.io/deploymentMode", "Servrless"},
                                                {"autoscaling.knative.dev/target", "5"}}));
    EXPECT_EQ(policy.mode, "unknown");
    ASSERT_EQ(policy.problems.size(), 1u);
    EXPECT_EQ(policy.problems[0], "annotation serving.kserve.io/deploymentMode: \"Servrless\" is not a deployment "
                                  "mode (Knative, Standard, ModelMesh; legacy Serverless, RawDeployment)");
    // Nothing is guessed for a mode nobody knows.
    EXPECT_FALSE(policy.target.applies());
    EXPECT_FALSE(policy.minReplicas.applies());
    EXPECT_FALSE(policy.autoscalerClass.applies());
}

TEST(ScalingPolicyModes, ModelMeshHasNoPerServicePolicy)
{
    const ScalingPolicy policy = policyOf(isvc({{"serving.kserve.io/deploymentMode", "ModelMesh"}}));
    EXPECT_EQ(policy.mode, "ModelMesh");
    EXPECT_FALSE(policy.minReplicas.applies());
    EXPECT_EQ(policy.problems.size(), 1u);
}

// ---------------------------------------------------------------- Knative

TEST(KnativePolicy, SpecFieldsBecomeTheAnnotationsKServeWrites)
{
    const ScalingPolicy policy = policyOf(isvc(
        {{"serving.kserve.io/deploymentMode", "Knative"}},
        {{"minReplicas", 2}, {"maxReplicas", 10}, {"scaleMetric", "rps"}, {"scaleTarget", 8}}));
    EXPECT_EQ(policy.minReplicas, (PolicyValue{"2", "spec minReplicas"}));
    EXPECT_EQ(policy.maxReplicas, (PolicyValue{"10", "spec maxReplicas"}));
    EXPECT_EQ(policy.metric, (PolicyValue{"rps", "spec scaleMetric"}));
    EXPECT_EQ(policy.target, (PolicyValue{"8", "spec scaleTarget"}));
    EXPECT_TRUE(policy.problems.empty());
}

TEST(KnativePolicy, ExplicitAnnotationsWinOverSpecFields)
{
    const ScalingPolicy policy = policyOf(isvc({{"autoscaling.knative.dev/min-scale", "3"},
                                                {"autoscaling.knative.dev/max-scale", "10"},
                                                {"autoscaling.knative.dev/target", "32"},
                                                {"autoscaling.knative.dev/metric", "concurrency"}},
                                               {{"minReplicas", 2}, {"maxReplicas", 10}, {"scaleTarget", 32}}));
    EXPECT_EQ(policy.minReplicas, (PolicyValue{"3", "annotation autoscaling.knative.dev/min-scale"}));
    EXPECT_EQ(policy.maxReplicas, (PolicyValue{"10", "annotation autoscaling.knative.dev/max-scale"}));
    EXPECT_EQ(policy.target, (PolicyValue{"32", "annotation autoscaling.knative.dev/target"}));
    EXPECT_EQ(policy.metric, (PolicyValue{"concurrency", "annotation autoscaling.knative.dev/metric"}));
    // Only the pair that disagrees is reported.
    ASSERT_EQ(policy.problems.size(), 1u);
    EXPECT_NE(policy.problems[0].find("annotation autoscaling.knative.dev/min-scale: \"3\" and spec minReplicas: 2 "
                                      "disagree"),
              std::string::npos)
        << policy.problems[0];
}

TEST(KnativePolicy, EveryAnnotationIsRead)
{
    const ScalingPolicy policy = policyOf(isvc({{"autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev"},
                                                {"autoscaling.knative.dev/target-utilization-percentage", "85"},
                                                {"autoscaling.knative.dev/initial-scale", "2"},
                                                {"autoscaling.knative.dev/scale-down-delay", "5m"},
                                                {"autoscaling.knative.dev/scale-to-zero-pod-retention-period", "1m30s"},
                                                {"autoscaling.knative.dev/window", "120s"}}));
    EXPECT_EQ(policy.autoscalerClass, (PolicyValue{"kpa.autoscaling.knative.dev", "annotation autoscaling.knative.dev/class"}));
    EXPECT_EQ(policy.targetUtilizationPercent,
              (PolicyValue{"85", "annotation autoscaling.knative.dev/target-utilization-percentage"}));
    EXPECT_EQ(policy.initialScale, (PolicyValue{"2", "annotation autoscaling.knative.dev/initial-scale"}));
    EXPECT_EQ(policy.scaleDownDelay, (PolicyValue{"5m", "annotation autoscaling.knative.dev/scale-down-delay"}));
    EXPECT_EQ(policy.scaleToZeroRetention,
              (PolicyValue{"1m30s", "annotation autoscaling.knative.dev/scale-to-zero-pod-retention-period"}));
    EXPECT_EQ(policy.window, (PolicyValue{"120s", "annotation autoscaling.knative.dev/window"}));
    EXPECT_TRUE(policy.problems.empty());
}

TEST(KnativePolicy, LegacyCamelCaseKeys)
{
    const ScalingPolicy policy = policyOf(isvc({{"autoscaling.knative.dev/minScale", "2"},
                                                {"autoscaling.knative.dev/maxScale", "4"},
                                                {"autoscaling.knative.dev/initialScale", "3"}}));
    EXPECT_EQ(policy.minReplicas, (PolicyValue{"2", "annotation autoscaling.knative.dev/minScale"}));
    EXPECT_EQ(policy.maxReplicas, (PolicyValue{"4", "annotation autoscaling.knative.dev/maxScale"}));
    EXPECT_EQ(policy.initialScale, (PolicyValue{"3", "annotation autoscaling.knative.dev/initialScale"}));
}

TEST(KnativePolicy, TargetDefaultFollowsTheMetric)
{
    EXPECT_EQ(policyOf(isvc({{"autoscaling.knative.dev/metric", "rps"}})).target,
              (PolicyValue{"200", "default (Knative requests-per-second-target-default)"}));
    EXPECT_EQ(policyOf(isvc({}, {{"containerConcurrency", 4}})).target,
              (PolicyValue{"4", "spec containerConcurrency"}));
    EXPECT_EQ(policyOf(isvc({}, {{"containerConcurrency", 0}})).target,
              (PolicyValue{"100", "default (Knative container-concurrency-target-default)"}))
        << "containerConcurrency 0 means unlimited";
}

TEST(KnativePolicy, HpaClassScalesOnCpuWithoutKpaSettings)
{
    const ScalingPolicy policy = policyOf(isvc({{"autoscaling.knative.dev/class", "hpa.autoscaling.knative.dev"},
                                                {"autoscaling.knative.dev/window", "30s"}}));
    EXPECT_EQ(policy.metric, (PolicyValue{"cpu", "default (Knative metric of class hpa)"}));
    EXPECT_FALSE(policy.window.applies());
    EXPECT_FALSE(policy.targetUtilizationPercent.applies());
    EXPECT_TRUE(hasProblem(policy, "annotation autoscaling.knative.dev/window: \"30s\" applies only to class kpa"));
}

TEST(KnativePolicy, InvalidValuesAreProblemsAndTheNextSourceApplies)
{
    const ScalingPolicy policy = policyOf(isvc({{"autoscaling.knative.dev/min-scale", "two"},
                                                {"autoscaling.knative.dev/max-scale", "-1"},
                                                {"autoscaling.knative.dev/target", "0"},
                                                {"autoscaling.knative.dev/target-utilization-percentage", "150"},
                                                {"autoscaling.knative.dev/scale-down-delay", "90.5s"},
                                                {"autoscaling.knative.dev/scale-to-zero-pod-retention-period", "soon"},
                                                {"autoscaling.knative.dev/window", "5s"},
                                                {"autoscaling.knative.dev/metric", "cpu"}},
                                               {{"minReplicas", 2}}));
    const std::vector<std::string> expected = {
        "annotation autoscaling.knative.dev/metric: \"cpu\" is not a metric of class kpa (concurrency, rps)",
        "annotation autoscaling.knative.dev/target: \"0\" must be at least 0.01",
        "annotation autoscaling.knative.dev/target-utilization-percentage: \"150\" must be between 1 and 100",
        "annotation autoscaling.knative.dev/min-scale: \"two\" is not a whole number",
        "annotation autoscaling.knative.dev/max-scale: \"-1\" is negative",
        "annotation autoscaling.knative.dev/scale-down-delay: \"90.5s\" must be whole seconds",
        "annotation autoscaling.knative.dev/scale-to-zero-pod-retention-period: \"soon\" is not a duration such as "
        "60s or 5m",
        "annotation autoscaling.knative.dev/window: \"5s\" must be between 6s and 1h",
    };
    EXPECT_EQ(policy.problems, expected);
    EXPECT_EQ(policy.minReplicas, (PolicyValue{"2", "spec minReplicas"}));
    EXPECT_EQ(policy.maxReplicas, (PolicyValue{"0", "default (Knative max-scale, 0 = unlimited)"}));
    EXPECT_EQ(policy.targetUtilizationPercent.source, "default (Knative container-concurrency-target-percentage)");
    EXPECT_EQ(policy.scaleDownDelay.source, "default (Knative scale-down-delay)");
    EXPECT_EQ(policy.window, (PolicyValue{"60s", "default (Knative stable-window)"}));
}

TEST(KnativePolicy, BoundsThatContradictEachOther)
{
    ScalingPolicy policy = policyOf(isvc({{"autoscaling.knative.dev/min-scale", "5"},
                                          {"autoscaling.knative.dev/max-scale", "3"}}));
    EXPECT_TRUE(hasProblem(policy, "annotation autoscaling.knative.dev/min-scale: \"5\" exceeds annotation "
                                   "autoscaling.knative.dev/max-scale: \"3\""));
    policy = policyOf(isvc({{"autoscaling.knative.dev/min-scale", "5"}}));
    EXPECT_TRUE(policy.problems.empty()) << "max-scale 0 is unlimited";
    policy = policyOf(isvc({}, {{"minReplicas", -2}}));
    EXPECT_TRUE(hasProblem(policy, "spec minReplicas: -2 is negative"));
    EXPECT_EQ(policy.minReplicas, (PolicyValue{"1", "default (KServe DefaultMinReplicas)"}));
}

TEST(KnativePolicy, ZeroInitialScaleNeedsTheClusterToAllowIt)
{
    const ScalingPolicy policy = policyOf(isvc({{"autoscaling.knative.dev/initial-scale", "0"}}));
    EXPECT_EQ(policy.initialScale, (PolicyValue{"0", "annotation autoscaling.knative.dev/initial-scale"}));
    ASSERT_EQ(policy.problems.size(), 1u);
    EXPECT_NE(policy.problems[0].find("allow-zero-initial-scale"), std::string::npos);
}

TEST(KnativePolicy, StopAnnotationHoldsZeroReplicas)
{
    const ScalingPolicy policy = policyOf(isvc({{"serving.kserve.io/stop", "true"}}, {{"minReplicas", 2}}));
    EXPECT_EQ(policy.minReplicas, (PolicyValue{"0", "annotation serving.kserve.io/stop"}));
    EXPECT_EQ(policy.maxReplicas, (PolicyValue{"0", "annotation serving.kserve.io/stop"}));
}

TEST(KnativePolicy, StandardOnlySettingsAreReported)
{
    const ScalingPolicy policy = policyOf(isvc({{"serving.kserve.io/autoscalerClass", "keda"}},
                                               {{"autoScaling", {{"metrics", json::array()}}}}));
    EXPECT_EQ(policy.mode, "Knative");
    EXPECT_EQ(policy.problems.size(), 2u);
    EXPECT_EQ(policy.autoscalerClass.value, "kpa.autoscaling.knative.dev");
}

// ---------------------------------------------------------------- Standard

TEST(StandardPolicy, HpaKeepsAtLeastOneReplicaAndRaisesTheMaximum)
{
    const json standard = {{"serving.kserve.io/deploymentMode", "Standard"}};
    ScalingPolicy policy = policyOf(isvc(standard, {{"minReplicas", 0}, {"maxReplicas", 0}}));
    EXPECT_EQ(policy.minReplicas, (PolicyValue{"1", "KServe"}));
    EXPECT_EQ(policy.maxReplicas, (PolicyValue{"1", "KServe"}));

    policy = policyOf(isvc(standard, {{"minReplicas", 3}, {"maxReplicas", 2}, {"scaleTarget", 60}}));
    EXPECT_EQ(policy.minReplicas, (PolicyValue{"3", "spec minReplicas"}));
    EXPECT_EQ(policy.maxReplicas, (PolicyValue{"3", "KServe"}));
    EXPECT_EQ(policy.target, (PolicyValue{"60", "spec scaleTarget"}));

    policy = policyOf(isvc(standard, {{"minReplicas", 2}, {"maxReplicas", 8}, {"scaleMetric", "memory"}}));
    EXPECT_EQ(policy.maxReplicas, (PolicyValue{"8", "spec maxReplicas"}));
    EXPECT_EQ(policy.metric, (PolicyValue{"memory", "spec scaleMetric"}));
    EXPECT_FALSE(policy.target.applies()) << "KServe sets no default memory target";
    EXPECT_EQ(policy.problems.size(), 1u);
    EXPECT_FALSE(policy.window.applies());
    EXPECT_FALSE(policy.initialScale.applies());
}

TEST(StandardPolicy, AutoScalingMetricsWinOverScaleMetric)
{
    const json external = {{"type", "External"},
                           {"external", {{"metric", {{"backend", "prometheus"}, {"query", "up"}}}}}};
    const json cpu = {{"type", "Resource"},
                      {"resource",
                       {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", 60}}}}}};
    json predictor = {{"scaleMetric", "memory"}};
    predictor["autoScaling"]["metrics"] = json::array({external, cpu});
    const ScalingPolicy policy = policyOf(isvc({{"serving.kserve.io/deploymentMode", "Standard"}}, predictor));
    EXPECT_EQ(policy.metric, (PolicyValue{"cpu", "spec autoScaling.metrics[1]"}));
    EXPECT_EQ(policy.target, (PolicyValue{"60", "spec autoScaling.metrics[1] target"}));
    EXPECT_TRUE(hasProblem(policy, "spec autoScaling.metrics[0]: External metrics need autoscalerClass keda; the "
                                   "HPA ignores them"));
}

TEST(StandardPolicy, KedaScalesOnItsTriggers)
{
    const json trigger = {{"type", "External"},
                          {"external",
                           {{"metric", {{"backend", "prometheus"}, {"serverAddress", "http://prometheus:9090"},
                                        {"query", "sum(vllm:num_requests_waiting)"}}},
                            {"target", {{"type", "Value"}, {"value", "4"}}}}}};
    json predictor = {{"minReplicas", 0}, {"maxReplicas", 5}};
    predictor["autoScaling"]["metrics"] = json::array({trigger});
    const ScalingPolicy policy = policyOf(isvc(
        {{"serving.kserve.io/deploymentMode", "Standard"}, {"serving.kserve.io/autoscalerClass", "keda"}}, predictor));
    EXPECT_EQ(policy.autoscalerClass, (PolicyValue{"keda", "annotation serving.kserve.io/autoscalerClass"}));
    EXPECT_EQ(policy.metric, (PolicyValue{"prometheus: sum(vllm:num_requests_waiting)", "spec autoScaling.metrics[0]"}));
    EXPECT_EQ(policy.target, (PolicyValue{"4", "spec autoScaling.metrics[0] target"}));
    EXPECT_EQ(policy.minReplicas, (PolicyValue{"0", "spec minReplicas"})) << "KEDA scales to zero itself";
    EXPECT_EQ(policy.maxReplicas, (PolicyValue{"5", "spec maxReplicas"}));
    EXPECT_TRUE(policy.problems.empty());

    const ScalingPolicy bare = policyOf(
        isvc({{"serving.kserve.io/deploymentMode", "Standard"}, {"serving.kserve.io/autoscalerClass", "keda"}}));
    EXPECT_FALSE(bare.metric.applies());
    EXPECT_EQ(bare.problems.size(), 1u);
}

TEST(StandardPolicy, NoneHoldsMinReplicasAndExternalLeavesItAll)
{
    const json none = {{"serving.kserve.io/deploymentMode", "Standard"}, {"serving.kserve.io/autoscalerClass", "none"}};
    ScalingPolicy policy = policyOf(isvc(none, {{"minReplicas", 2}, {"maxReplicas", 2}}));
    EXPECT_EQ(policy.minReplicas, (PolicyValue{"2", "spec minReplicas"}));
    EXPECT_EQ(policy.maxReplicas, (PolicyValue{"2", "KServe"}));
    EXPECT_FALSE(policy.metric.applies());
    EXPECT_TRUE(policy.problems.empty());

    const json external = {{"serving.kserve.io/deploymentMode", "Standard"},
                           {"serving.kserve.io/autoscalerClass", "external"}};
    policy = policyOf(isvc(external, {{"minReplicas", 2}}));
    EXPECT_EQ(policy.autoscalerClass.value, "external");
    EXPECT_FALSE(policy.minReplicas.applies());
    EXPECT_FALSE(policy.maxReplicas.applies());
    EXPECT_FALSE(policy.target.applies());
}

TEST(StandardPolicy, WrongClassesAndKnativeSettingsAreProblems)
{
    ScalingPolicy policy = policyOf(isvc(
        {{"serving.kserve.io/deploymentMode", "Standard"}, {"serving.kserve.io/autoscalerClass", "kpa"}}));
    ASSERT_EQ(policy.problems.size(), 1u);
    EXPECT_NE(policy.problems[0].find("not allowed in Standard mode"), std::string::npos);

    policy = policyOf(isvc({{"serving.kserve.io/deploymentMode", "Standard"},
                            {"serving.kserve.io/autoscalerClass", "hap"},
                            {"autoscaling.knative.dev/target", "10"}},
                           {{"scaleMetric", "rps"}}));
    EXPECT_TRUE(hasProblem(policy, "annotation serving.kserve.io/autoscalerClass: \"hap\" is not hpa, keda, external "
                                   "or none"));
    EXPECT_TRUE(hasProblem(policy, "annotation autoscaling.knative.dev/target has no effect in Standard mode"));

    policy = policyOf(isvc({{"serving.kserve.io/deploymentMode", "Standard"}}, {{"scaleMetric", "rps"}}));
    EXPECT_TRUE(hasProblem(policy, "spec scaleMetric: \"rps\" is not a resource metric (cpu, memory) for "
                                   "autoscalerClass hpa"));
}

TEST(ScalingPolicyRobustness, GarbageNeverThrows)
{
    const std::vector<json> inputs = {
        json(),
        json::array(),
        json("text"),
        {{"metadata", {{"annotations", {{"autoscaling.knative.dev/window", "\x01\x02"}}}}}},
        {{"spec", {{"predictor", {{"minReplicas", "many"}, {"maxReplicas", json::array()}, {"scaleTarget", 2.5}}}}}},
        {{"spec", {{"predictor", {{"autoScaling", {{"metrics", {1, "x", json::object()}}}}}}}},
         {"metadata", {{"annotations", {{"serving.kserve.io/deploymentMode", "Standard"}}}}}},
        {{"status", {{"deploymentMode", 7}}}},
    };
    for (const json &input : inputs) {
        ScalingPolicy policy;
        EXPECT_NO_THROW(policy = policyOf(input)) << input.dump();
        EXPECT_FALSE(policy.mode.empty()) << input.dump();
    }
    // A control character is shown escaped, never raw.
    const ScalingPolicy policy = policyOf(inputs[3]);
    ASSERT_EQ(policy.problems.size(), 1u);
    EXPECT_NE(policy.problems[0].find("\\x01\\x02"), std::string::npos) << policy.problems[0];
}

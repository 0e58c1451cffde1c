// Local validation, rule by rule: good values pass, bad ones give one problem
// that names the field and quotes the value.

#include "backend/actions/validation.h"

#include <gtest/gtest.h>

using namespace gantry::actions;

namespace {

struct Case {
    std::string value;
    bool valid;
    std::string messagePart = {}; ///< for bad values: a piece of the expected message
};

void expectCases(const std::string &field, const std::vector<Case> &cases,
    const std::function<Problems(const std::string &, const std::string &)> &check)
{
    for (const Case &c : cases) {
        const Problems problems = check(field, c.value);
        if (c.valid) {
            EXPECT_TRUE(problems.empty()) << field << " \"" << c.value << "\": " << problemsText(problems);
            continue;
        }
        ASSERT_EQ(problems.size(), 1u) << field << " \"" << c.value << "\": " << problemsText(problems);
        EXPECT_EQ(problems[0].field, field);
        EXPECT_EQ(problems[0].value, c.value);
        EXPECT_NE(problems[0].message.find(c.messagePart), std::string::npos)
            << "\"" << c.value << "\": " << problems[0].message;
        EXPECT_EQ(problems[0].text().rfind(field + ": ", 0), 0u) << problems[0].text();
    }
}

TEST(ActionValidation, Dns1123Labels)
{
    expectCases("metadata.namespace",
        { { "default", true }, { "a", true }, { "team-1", true }, { "0abc", true }, { std::string(63, 'a'), true },
            { std::string(64, 'a'), false, "no more than 63 characters" }, { "Team", false, "lower case alphanumeric" },
            { "-team", false, "start and end with an alphanumeric" }, { "team-", false, "start and end" },
            { "a.b", false, "lower case" }, { "a_b", false, "lower case" } },
        [](const std::string &f, const std::string &v) { return validateDns1123Label(f, v); });
    EXPECT_EQ(
        validateDns1123Label("metadata.namespace", "")[0].message, "a lowercase RFC 1123 label must not be empty");
}

TEST(ActionValidation, Dns1123Subdomains)
{
    std::string longest;
    while (longest.size() < 253)
        longest += longest.empty() ? "a" : ".a";
    expectCases("metadata.name",
        { { "prewarm-h100-0", true }, { "gpu-node.example.com", true }, { longest, true },
            { longest + "b", false, "no more than 253" }, { "a..b", false, "RFC 1123 subdomain" },
            { ".a", false, "RFC 1123 subdomain" }, { "a.", false, "RFC 1123 subdomain" },
            { "A.b", false, "lower case" } },
        [](const std::string &f, const std::string &v) { return validateDns1123Subdomain(f, v); });
}

TEST(ActionValidation, InferenceServiceNamesStartWithALetter)
{
    expectCases("metadata.name",
        { { "llama", true }, { "llama-3-8b", true }, { "3llama", false, "must start with a lowercase letter" },
            { "llama.8b", false, "lower case alphanumeric" }, { std::string(64, 'l'), false, "63" } },
        [](const std::string &f, const std::string &v) { return validateInferenceServiceName(f, v); });
}

TEST(ActionValidation, StorageUris)
{
    expectCases("spec.predictor.model.storageUri",
        { { "pvc://models/llama-3.1-8b", true }, { "pvc://models", true }, { "pvc://models/org/llama/", true },
            { "pvc:///llama", false, "needs a claim name" }, { "pvc://Models/x", false, "claim name" },
            { "pvc://models/../etc", false, "'..'" }, { "pvc://models/a//b", false, "empty segments" },
            { "oci://registry.example.com/models/llama:3.1", true },
            { "oci://quay.io:443/org/llama@sha256:" + std::string(64, 'a'), true },
            { "oci://quay.io/Org/llama", false, "lowercase repository" },
            { "oci://quay.io", false, "oci://<registry>/<repository>" },
            { "oci://quay.io/org/llama:", false, "oci://" }, { "hf://meta-llama/Llama-3.1-8B-Instruct", true },
            { "hf://meta-llama/Llama-3.1-8B-Instruct:main", true },
            { "hf://meta-llama", false, "hf://<owner>/<model>" }, { "hf://meta-llama/../x", false, "hf://" },
            { "s3://my-bucket/models/llama", true }, { "s3://my-bucket", true },
            { "s3://ab/x", false, "bucket name of 3–63" }, { "s3://My-Bucket/x", false, "bucket" },
            { "gs://bucket.example/x", true }, { "gs://-bucket/x", false, "bucket" },
            { "https://models.example.com/llama.tar.gz", true }, { "https://", false, "https://<host>/<path>" },
            { "http://models.example.com/x", false, "without TLS" }, { "ftp://models/x", false, "unsupported scheme" },
            { "models/llama", false, "unsupported scheme" }, { "pvc://models/llama 8b", false, "spaces" },
            { "pvc://models/a\nb", false, "control characters" } },
        [](const std::string &f, const std::string &v) { return validateStorageUri(f, v); });
    const Problems empty = validateStorageUri("spec.predictor.model.storageUri", "");
    ASSERT_EQ(empty.size(), 1u);
    EXPECT_NE(empty[0].message.find("is required"), std::string::npos);
}

TEST(ActionValidation, PvcUrisSplitIntoClaimAndPath)
{
    const auto parts = parsePvcUri("pvc://models/org/llama/");
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->claim, "models");
    EXPECT_EQ(parts->path, "org/llama");
    EXPECT_EQ(parsePvcUri("pvc://models")->path, "");
    EXPECT_FALSE(parsePvcUri("hf://a/b"));
    EXPECT_FALSE(parsePvcUri("pvc://models/../x"));
}

TEST(ActionValidation, GpuCounts)
{
    for (std::int64_t good : { 1, 2, 8, 16 })
        EXPECT_TRUE(validateGpuCount("gpus", good).empty()) << good;
    for (std::int64_t bad : { 0, -1, 17, 1000 }) {
        const Problems problems = validateGpuCount("gpus", bad);
        ASSERT_EQ(problems.size(), 1u) << bad;
        EXPECT_EQ(problems[0].field, "gpus");
        EXPECT_EQ(problems[0].value, std::to_string(bad));
        EXPECT_NE(problems[0].message.find("from 1 to 16"), std::string::npos);
    }
    EXPECT_TRUE(validateGpuCount("gpus", 0, true).empty());
}

TEST(ActionValidation, Quantities)
{
    expectCases("spec.predictor.model.resources.limits[memory]",
        { { "64Gi", true }, { "500m", true }, { "8", true }, { "1.5", true }, { ".5", true }, { "2e3", true },
            { "1E-2", true }, { "+1Ki", true }, { "100k", true }, { "-1", false, "non-negative Kubernetes quantity" },
            { "64GB", false, "quantity" }, { "Gi", false, "quantity" }, { "1.5.5", false, "quantity" },
            { "64 Gi", false, "quantity" } },
        [](const std::string &f, const std::string &v) { return validateQuantity(f, v); });
}

TEST(ActionValidation, RuntimeArgs)
{
    const std::string field = "spec.predictor.model.args";
    EXPECT_TRUE(validateRuntimeArgs(field,
        { "--max-model-len=8192", "--enable-prefix-caching", "--gpu-memory-utilization", "0.9", "--dtype=bfloat16",
            "--some-future-flag", "value" })
                    .empty());
    struct Bad {
        std::vector<std::string> args;
        std::string at;
        std::string messagePart;
    };
    const std::vector<Bad> cases = {
        { { "--max-model-len=0" }, "[0]", "--max-model-len must be a positive integer" },
        { { "--max-model-len=abc" }, "[0]", "positive integer" },
        { { "--max-model-len" }, "[0]", "needs a value" },
        { { "--enforce-eager", "--max-model-len", "-5" }, "[1]", "positive integer" },
        { { "--gpu-memory-utilization=1.5" }, "[0]", "above 0 and at most 1" },
        { { "--dtype=int3" }, "[0]", "must be one of auto" },
        { { "--port=9000" }, "[0]", "set by the serving runtime" },
        { { "--model", "/tmp/x" }, "[0]", "set by the serving runtime" },
        { { "max-model-len=8" }, "[0]", "expected a flag" },
        { { "--x", "--y=a\nb" }, "[1]", "one line" },
    };
    for (const Bad &c : cases) {
        const Problems problems = validateRuntimeArgs(field, c.args);
        ASSERT_EQ(problems.size(), 1u) << c.args[0] << ": " << problemsText(problems);
        EXPECT_EQ(problems[0].field, field + c.at);
        EXPECT_NE(problems[0].message.find(c.messagePart), std::string::npos) << problems[0].message;
        EXPECT_FALSE(problems[0].value.empty());
    }
    const Problems tensor = validateRuntimeArgs(field, { "--tensor-parallel-size=4" }, 2);
    ASSERT_EQ(tensor.size(), 1u);
    EXPECT_NE(tensor[0].message.find("must not exceed the GPUs per replica (2)"), std::string::npos);
    EXPECT_TRUE(validateRuntimeArgs(field, { "--tensor-parallel-size=2" }, 2).empty());
}

TEST(ActionValidation, KnativeScaling)
{
    ScalingSettings good;
    good.minReplicas = 0;
    good.maxReplicas = 4;
    good.target = 0.01;
    good.metric = "rps";
    good.targetUtilizationPercent = 100;
    good.scaleDownDelaySeconds = 3600;
    good.scaleToZeroRetentionSeconds = 0;
    good.initialScale = 1;
    EXPECT_TRUE(validateScaling(good).empty()) << problemsText(validateScaling(good));

    struct Bad {
        std::function<void(ScalingSettings &)> change;
        std::string field;
        std::string messagePart;
    };
    const std::string a = "metadata.annotations[autoscaling.knative.dev/";
    const std::vector<Bad> cases = {
        { [](ScalingSettings &s) { s.minReplicas = 5; }, "spec.predictor.minReplicas",
            "must not exceed maxReplicas (4)" },
        { [](ScalingSettings &s) { s.minReplicas = -1; }, "spec.predictor.minReplicas", "0 or more" },
        { [](ScalingSettings &s) { s.maxReplicas = -2; }, "spec.predictor.maxReplicas", "0 or more" },
        { [](ScalingSettings &s) { s.target = 0.001; }, a + "target]", "at least 0.01" },
        { [](ScalingSettings &s) { s.metric = "cpu"; }, a + "metric]", "concurrency or rps with the kpa class" },
        { [](ScalingSettings &s) { s.autoscalerClass = "hpa"; }, a + "metric]", "cpu or memory with the hpa class" },
        { [](ScalingSettings &s) { s.autoscalerClass = "keda"; }, a + "class]", "kpa or hpa" },
        { [](ScalingSettings &s) { s.targetUtilizationPercent = 0; }, a + "target-utilization-percentage]",
            "1 to 100" },
        { [](ScalingSettings &s) { s.targetUtilizationPercent = 101; }, a + "target-utilization-percentage]",
            "1 to 100" },
        { [](ScalingSettings &s) { s.scaleDownDelaySeconds = 3601; }, a + "scale-down-delay]", "0s to 1h" },
        { [](ScalingSettings &s) { s.scaleDownDelaySeconds = 1.5; }, a + "scale-down-delay]", "whole seconds" },
        { [](ScalingSettings &s) { s.scaleToZeroRetentionSeconds = -1; }, a + "scale-to-zero-pod-retention-period]",
            "0s to 1h" },
        { [](ScalingSettings &s) { s.initialScale = 0; }, a + "initial-scale]", "allow-zero-initial-scale" },
        { [](ScalingSettings &s) { s.initialScale = -1; }, a + "initial-scale]", "at least 1" },
    };
    for (const Bad &c : cases) {
        ScalingSettings s = good;
        c.change(s);
        const Problems problems = validateScaling(s);
        ASSERT_EQ(problems.size(), 1u) << c.field << ": " << problemsText(problems);
        EXPECT_EQ(problems[0].field, c.field);
        EXPECT_NE(problems[0].message.find(c.messagePart), std::string::npos) << problems[0].message;
        EXPECT_FALSE(problems[0].value.empty());
    }
    ScalingSettings zero = good;
    zero.initialScale = 0;
    zero.allowZeroInitialScale = true;
    EXPECT_TRUE(validateScaling(zero).empty());
    ScalingSettings unlimited = good;
    unlimited.minReplicas = 9;
    unlimited.maxReplicas = 0; // no limit
    EXPECT_TRUE(validateScaling(unlimited).empty());
}

TEST(ActionValidation, StandardScaling)
{
    ScalingSettings good;
    good.mode = DeploymentMode::Standard;
    good.autoscalerClass = "hpa";
    good.minReplicas = 1;
    good.maxReplicas = 3;
    good.target = 80;
    good.metric = "cpu";
    EXPECT_TRUE(validateScaling(good).empty()) << problemsText(validateScaling(good));

    struct Bad {
        std::function<void(ScalingSettings &)> change;
        std::string field;
        std::string messagePart;
    };
    const std::vector<Bad> cases = {
        { [](ScalingSettings &s) { s.minReplicas = 0; }, "spec.predictor.minReplicas",
            "at least 1 with autoscalerClass hpa" },
        { [](ScalingSettings &s) { s.autoscalerClass = "kpa"; },
            "metadata.annotations[serving.kserve.io/autoscalerClass]", "hpa, keda, external or none" },
        { [](ScalingSettings &s) { s.metric = "concurrency"; }, "spec.predictor.scaleMetric", "need Knative" },
        { [](ScalingSettings &s) { s.target = 0.5; }, "spec.predictor.scaleTarget", "whole number of at least 1" },
        { [](ScalingSettings &s) { s.targetUtilizationPercent = 50; },
            "metadata.annotations[autoscaling.knative.dev/target-utilization-percentage]",
            "only applies in Knative mode" },
        { [](ScalingSettings &s) { s.scaleDownDelaySeconds = 10; },
            "metadata.annotations[autoscaling.knative.dev/scale-down-delay]", "only applies in Knative mode" },
        { [](ScalingSettings &s) { s.initialScale = 2; }, "metadata.annotations[autoscaling.knative.dev/initial-scale]",
            "only applies in Knative mode" },
        { [](ScalingSettings &s) {
             s.maxReplicas = 0;
             s.minReplicas = 2;
             s.maxReplicas = 1;
         },
            "spec.predictor.minReplicas", "must not exceed maxReplicas (1)" },
    };
    for (const Bad &c : cases) {
        ScalingSettings s = good;
        c.change(s);
        const Problems problems = validateScaling(s);
        ASSERT_EQ(problems.size(), 1u) << c.field << ": " << problemsText(problems);
        EXPECT_EQ(problems[0].field, c.field);
        EXPECT_NE(problems[0].message.find(c.messagePart), std::string::npos) << problems[0].message;
    }
    ScalingSettings keda = good;
    keda.autoscalerClass = "keda";
    keda.minReplicas = 0;
    EXPECT_TRUE(validateScaling(keda).empty()) << "KEDA scales to zero";
    ScalingSettings none = good;
    none.autoscalerClass = "none";
    const Problems noEffect = validateScaling(none);
    ASSERT_EQ(noEffect.size(), 2u);
    EXPECT_NE(noEffect[0].message.find("has no effect with autoscalerClass none"), std::string::npos);
}

TEST(ActionValidation, ScalingIsReadFromAnObject)
{
    const nlohmann::json isvc = {
        { "metadata",
            { { "annotations",
                { { "autoscaling.knative.dev/target", "10.5" }, { "autoscaling.knative.dev/scale-down-delay", "1m30s" },
                    { "autoscaling.knative.dev/initial-scale", "abc" },
                    { "autoscaling.knative.dev/min-scale", "2" } } } } },
        { "spec", { { "predictor", { { "minReplicas", 1 }, { "maxReplicas", 4 } } } } }
    };
    Problems problems;
    const ScalingSettings s = scalingSettingsOf(isvc, &problems);
    EXPECT_EQ(s.mode, DeploymentMode::Knative);
    EXPECT_EQ(s.target, 10.5);
    EXPECT_EQ(s.scaleDownDelaySeconds, 90.0);
    EXPECT_EQ(s.minReplicas, 2) << "Knative honours the annotation over the spec field";
    EXPECT_EQ(s.maxReplicas, 4);
    EXPECT_FALSE(s.initialScale);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "metadata.annotations[autoscaling.knative.dev/initial-scale]");
    EXPECT_EQ(problems[0].value, "abc");

    const nlohmann::json standard = { { "metadata",
                                          { { "annotations",
                                              { { "serving.kserve.io/deploymentMode", "RawDeployment" },
                                                  { "serving.kserve.io/autoscalerClass", "keda" } } } } },
        { "spec", { { "predictor", { { "scaleTarget", 70 }, { "scaleMetric", "memory" } } } } } };
    const ScalingSettings raw = scalingSettingsOf(standard);
    EXPECT_EQ(raw.mode, DeploymentMode::Standard);
    EXPECT_EQ(raw.autoscalerClass, "keda");
    EXPECT_EQ(raw.target, 70.0);
    EXPECT_EQ(raw.metric, "memory");
    EXPECT_EQ(deploymentModeOf({ { "status", { { "deploymentMode", "Standard" } } } }), DeploymentMode::Standard);
    EXPECT_EQ(deploymentModeOf(nlohmann::json("garbage")), DeploymentMode::Knative);
}

TEST(ActionValidation, GoDurations)
{
    EXPECT_EQ(parseGoDuration("0"), 0.0);
    EXPECT_EQ(parseGoDuration("30s"), 30.0);
    EXPECT_EQ(parseGoDuration("1h"), 3600.0);
    EXPECT_EQ(parseGoDuration("1m30s"), 90.0);
    EXPECT_EQ(parseGoDuration("1.5s"), 1.5);
    EXPECT_EQ(parseGoDuration("500ms"), 0.5);
    EXPECT_FALSE(parseGoDuration("30"));
    EXPECT_FALSE(parseGoDuration("s"));
    EXPECT_FALSE(parseGoDuration("-1s"));
    EXPECT_FALSE(parseGoDuration("1d"));
    EXPECT_FALSE(parseGoDuration(""));
}

} // namespace

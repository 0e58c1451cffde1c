#pragma once

#include "backend/actions/problem.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::actions {

// Local checks an action runs before anything is sent. Each returns every
// problem it finds (empty: valid), naming the field and quoting the value, so
// a form can mark the field and the server is asked only about what it alone
// can judge (RBAC, quotas, admission).

/// How KServe deploys an InferenceService (annotation serving.kserve.io/deploymentMode).
enum class DeploymentMode { Knative, Standard };

/// "Knative"/"Serverless" or "Standard"/"RawDeployment"; nullopt for anything else (ModelMesh included).
std::optional<DeploymentMode> parseDeploymentMode(std::string_view value);
/// The mode of an InferenceService object: its annotation, else status.deploymentMode, else
/// Knative (the default KServe's shipped inferenceservice-config selects).
DeploymentMode deploymentModeOf(const nlohmann::json &inferenceService);
const char *deploymentModeName(DeploymentMode mode);

/// RFC 1123 label: 1–63 of [a-z0-9-], alphanumeric at both ends (namespaces).
Problems validateDns1123Label(const std::string &field, std::string_view value);
/// RFC 1123 subdomain: 1–253 characters, dot-separated labels (Jobs, PVCs, cluster objects).
Problems validateDns1123Subdomain(const std::string &field, std::string_view value);
/// An InferenceService name: a label that also starts with a letter, as KServe's webhook requires.
Problems validateInferenceServiceName(const std::string &field, std::string_view value);

/// A storageUri: pvc://<claim>/<path>, oci://<registry>/<repo>[:tag|@digest],
/// hf://<owner>/<model>[:revision], s3://<bucket>[/path], gs://<bucket>[/path] or https://<host>/<path>.
Problems validateStorageUri(const std::string &field, std::string_view uri);

/// The parts of a pvc:// URI; nullopt when it is not a valid one.
struct PvcUri {
    std::string claim;
    std::string path; ///< "" for the volume's root
};
std::optional<PvcUri> parsePvcUri(std::string_view uri);

/// GPUs per replica: whole, 1–16 (0 too when allowZero).
Problems validateGpuCount(const std::string &field, std::int64_t count, bool allowZero = false);
/// A Kubernetes resource quantity ("500m", "64Gi", "1.5", "2e3"), not negative.
Problems validateQuantity(const std::string &field, std::string_view value);
/// vLLM engine arguments: "--flag", "--flag=value" or "--flag value"; known flags have their
/// values checked (--max-model-len a positive integer, --tensor-parallel-size ≤ gpus, …) and
/// the flags the runtime sets itself (--port, --model) are refused.
Problems validateRuntimeArgs(
    const std::string &field, const std::vector<std::string> &args, std::optional<std::int64_t> gpus = std::nullopt);

/// The scaling of one InferenceService, as the annotations and spec fields describe it.
/// Durations are in seconds. Unset fields keep the cluster's defaults.
struct ScalingSettings {
    DeploymentMode mode = DeploymentMode::Knative;
    /// Standard: hpa (""), keda, external or none. Knative: kpa (""), hpa, or the full
    /// class names kpa.autoscaling.knative.dev / hpa.autoscaling.knative.dev.
    std::string autoscalerClass;
    std::optional<std::int64_t> minReplicas;
    std::optional<std::int64_t> maxReplicas; ///< 0 = no limit (Knative) or minReplicas (Standard)
    std::optional<double> target;
    std::string metric;
    std::optional<double> targetUtilizationPercent;
    std::optional<double> scaleToZeroRetentionSeconds;
    std::optional<double> scaleDownDelaySeconds;
    std::optional<std::int64_t> initialScale;
    /// config-autoscaler allow-zero-initial-scale; false unless the cluster is known to allow it.
    bool allowZeroInitialScale = false;
};

/// The rules of REFERENCE §1–2 for the settings as a whole (ranges, min ≤ max, metric per class,
/// fields that only exist in one mode). Problems name the object field that holds each value.
Problems validateScaling(const ScalingSettings &settings);

/// The settings an InferenceService object declares. Values that cannot be read (a
/// min-scale of "abc", a bad duration) are reported in `problems` and left unset.
ScalingSettings scalingSettingsOf(const nlohmann::json &inferenceService, Problems *problems = nullptr);

/// The object field a scaling value lives in for `mode`: "spec.predictor.minReplicas",
/// "metadata.annotations[autoscaling.knative.dev/target]", …; `what` is a ScaleChange name
/// ("minReplicas", "target", "metric", "targetUtilizationPercent", "scaleToZeroRetention",
/// "scaleDownDelay", "initialScale", "autoscalerClass").
std::string scalingField(DeploymentMode mode, std::string_view what);

/// A Go duration ("90s", "1m30s", "1h", "0"), in seconds; nullopt when it is not one.
std::optional<double> parseGoDuration(std::string_view text);

} // namespace gantry::actions

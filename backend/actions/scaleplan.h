#pragma once

#include "backend/actions/problem.h"
#include "backend/actions/validation.h"
#include "backend/core/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gantry::actions {

/// What an operator wants to change in an InferenceService's scaling; unset fields stay.
struct ScaleChange {
    std::optional<std::int64_t> minReplicas;
    std::optional<std::int64_t> maxReplicas; ///< 0: no limit (Knative) / minReplicas (Standard)
    std::optional<double> target; ///< Knative: concurrency or rps per replica; Standard: scaleTarget
    std::optional<std::string> metric;
    std::optional<double> targetUtilizationPercent; ///< Knative only
    std::optional<std::int64_t> scaleToZeroRetentionSeconds; ///< Knative only
    std::optional<std::int64_t> scaleDownDelaySeconds; ///< Knative only
    std::optional<std::int64_t> initialScale; ///< Knative only
    /// Standard: hpa, keda, external, none. Knative: kpa or hpa (the class annotation).
    std::optional<std::string> autoscalerClass;
    /// config-autoscaler allow-zero-initial-scale of the cluster, when known.
    bool allowZeroInitialScale = false;

    bool empty() const;
};

/// One field a plan changes. A null value means "absent".
struct FieldDiff {
    std::string field; ///< "spec.predictor.minReplicas", "metadata.annotations[autoscaling.knative.dev/target]"
    std::vector<std::string> path; ///< JSON keys from the object's root
    nlohmann::json before;
    nlohmann::json after;

    /// "spec.predictor.minReplicas: 1 → 3" ("(unset)" for absent).
    std::string text() const;
};

/// A checked change of one InferenceService, ready to apply.
struct ScalePlan {
    std::string namespaceName;
    std::string name;
    /// metadata.resourceVersion of the object the plan was made from. The patch
    /// carries it, so the server refuses (409) if anyone changed the object since.
    std::string resourceVersion;
    DeploymentMode mode = DeploymentMode::Knative;
    std::vector<FieldDiff> diffs;
    /// A JSON merge patch (application/merge-patch+json) of the diffs plus
    /// metadata.resourceVersion; null values remove annotations.
    nlohmann::json patch;

    /// The diffs, one per line.
    std::string summary() const;
};

/// Plans `change` against `current` (an InferenceService as read from the server).
///
/// Knative mode: min/max go to spec.predictor.minReplicas/maxReplicas, which KServe
/// copies into the revision's min-scale/max-scale annotations; when the object
/// also carries min-scale/max-scale annotations of its own (Knative honours those
/// first), they are changed to the same value, so the result is the same whichever
/// wins. The rest become autoscaling.knative.dev/* annotations.
/// Standard mode: spec.predictor.minReplicas/maxReplicas/scaleTarget/scaleMetric and
/// the serving.kserve.io/autoscalerClass annotation.
///
/// Refused with problems when the change is invalid, makes the object invalid (a
/// problem the current object did not already have), or changes nothing.
Result<ScalePlan, Problems> planScale(const nlohmann::json &current, const ScaleChange &change);

/// The plan that undoes `applied` on `current` (the object as it is now): each field
/// back to its value before. Refused, naming the field, when a field no longer holds
/// the value `applied` set (someone changed it since): that change is not undone.
Result<ScalePlan, Problems> planRevert(const nlohmann::json &current, const ScalePlan &applied);

} // namespace gantry::actions

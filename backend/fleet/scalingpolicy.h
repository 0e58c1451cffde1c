#pragma once

#include "backend/fleet/deployment.h"
#include "backend/kube/compactobjects.h"

namespace gantry::fleet {

/// The scaling policy in force for `service`, each field with its source.
///
/// Mode: status.deploymentMode, else the serving.kserve.io/deploymentMode
/// annotation (legacy Serverless → Knative, RawDeployment → Standard), else
/// Knative, the default of KServe's shipped inferenceservice-config.
///
/// Knative mode: KServe writes minReplicas, maxReplicas, scaleTarget and
/// scaleMetric onto the revision as autoscaling.knative.dev annotations; an
/// explicit annotation on the InferenceService wins over the spec field. Unset
/// values take Knative's config-autoscaler defaults (REFERENCE.md §2), except
/// min-scale, which KServe sets to DefaultMinReplicas = 1.
///
/// Standard mode: serving.kserve.io/autoscalerClass (hpa by default, keda,
/// external, none) decides; HPA scales on cpu at 80% unless told otherwise and
/// keeps at least one replica; maxReplicas is raised to at least minReplicas.
///
/// Never fails: unknown or invalid values are explained in `problems` and the
/// next source in line (spec field, then default) takes their place. Pure.
ScalingPolicy deriveScalingPolicy(const kube::CompactInferenceService &service);

} // namespace gantry::fleet

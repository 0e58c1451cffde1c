#include "backend/fleet/scalingpolicy.h"

#include "backend/fleet/scalingmodes.h"
#include "backend/fleet/scalingvalues.h"

#include <optional>

namespace gantry::fleet {

using namespace detail;

namespace {

constexpr const char *kModeAnnotation = "serving.kserve.io/deploymentMode";

// The current names, and the legacy ones KServe renamed in v0.16.
std::optional<std::string> normalisedMode(const std::string &mode)
{
    if (mode == "Knative" || mode == "Serverless")
        return "Knative";
    if (mode == "Standard" || mode == "RawDeployment")
        return "Standard";
    if (mode == "ModelMesh")
        return "ModelMesh";
    return std::nullopt;
}

void deriveMode(const kube::CompactInferenceService &service, ScalingPolicy &policy)
{
    const auto annotation = annotationOf(service, kModeAnnotation);
    // The compact object holds status.deploymentMode, else the annotation.
    const std::string &written = service.deploymentMode;
    if (written.empty()) {
        // Go's default is Standard, but the shipped inferenceservice-config says Serverless.
        policy.mode = "Knative";
        policy.modeSource = "default (KServe inferenceservice-config defaultDeploymentMode)";
        return;
    }
    const bool fromAnnotation = annotation && annotation->value == written;
    policy.modeSource = fromAnnotation ? "annotation " + std::string(kModeAnnotation) : "status deploymentMode";
    const auto mode = normalisedMode(written);
    if (!mode) {
        policy.mode = "unknown";
        policy.problems.push_back(policy.modeSource + ": " + quotedText(written)
                                  + " is not a deployment mode (Knative, Standard, ModelMesh; legacy Serverless,"
                                    " RawDeployment)");
        return;
    }
    policy.mode = *mode;
    if (annotation && !fromAnnotation && normalisedMode(annotation->value) != mode)
        policy.problems.push_back(describe(*annotation) + " disagrees with status deploymentMode " + quotedText(written)
                                  + "; the mode cannot change after creation");
}

} // namespace

ScalingPolicy deriveScalingPolicy(const kube::CompactInferenceService &service)
{
    ScalingPolicy policy;
    deriveMode(service, policy);
    if (policy.mode == "Knative")
        deriveKnativePolicy(service, policy);
    else if (policy.mode == "Standard")
        deriveStandardPolicy(service, policy);
    else if (policy.mode == "ModelMesh")
        policy.problems.push_back("ModelMesh places models with its own controller; no per-service scaling policy"
                                  " applies");
    return policy;
}

} // namespace gantry::fleet

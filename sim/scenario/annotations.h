#pragma once

#include "sim/scenario/yamlreader.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::sim {

/// KServe's deployment modes with the legacy names mapped (Serverless → Knative,
/// RawDeployment → Standard); nothing for anything else, ModelMesh included.
std::optional<std::string> normaliseDeploymentMode(std::string_view mode);

/// The annotations the simulator understands, as their keys are spelled.
inline constexpr std::string_view kDeploymentModeAnnotation = "serving.kserve.io/deploymentMode";
inline constexpr std::string_view kAutoscalerClassAnnotation = "serving.kserve.io/autoscalerClass";
inline constexpr std::string_view kKnativePrefix = "autoscaling.knative.dev/";

/// Checks an InferenceService's annotations against the documented Knative
/// ranges (REFERENCE.md §2) and KServe's values, for a service in
/// `deploymentMode`. `inherited` holds annotations already on the service when
/// `entries` change it (a scale action), so min-scale ≤ max-scale and the class
/// a metric needs are judged on the result.
void checkAnnotations(const std::vector<YamlValue::Entry> &entries, const std::string &deploymentMode,
                      const std::map<std::string, std::string> &inherited = {});

} // namespace gantry::sim

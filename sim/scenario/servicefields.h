#pragma once

#include "sim/scenario/sections.h"

#include <string_view>
#include <vector>

namespace gantry::sim {

/// The keys every InferenceService entry takes, plain or generated, plus `own`.
std::vector<std::string_view> serviceKeys(std::initializer_list<std::string_view> own);

/// Reads what a plain service and a generator share: deploymentMode (aliases
/// normalised), replicas/minReplicas/maxReplicas, scaleTarget, scaleMetric and
/// annotations, each checked against the others.
Scenario::Service readServiceTemplate(const YamlMap &map);

} // namespace gantry::sim

#pragma once

#include "backend/fleet/deployment.h"
#include "backend/kube/compactobjects.h"

// The two halves of deriveScalingPolicy, one per deployment mode. Each fills
// every field of `policy` but mode and modeSource, and appends its problems.
namespace gantry::fleet::detail {

void deriveKnativePolicy(const kube::CompactInferenceService &service, ScalingPolicy &policy);
void deriveStandardPolicy(const kube::CompactInferenceService &service, ScalingPolicy &policy);

} // namespace gantry::fleet::detail

#pragma once

#include "widgets/demo/scenarioentry.h"

namespace gantry {

/// The scenarios compiled into the console (`:/gantry/scenarios/*.yaml`), the
/// default demo first, each with the name and description from its file. A
/// file that does not load is still listed, its description saying why.
ScenarioEntries shippedScenarios();

} // namespace gantry

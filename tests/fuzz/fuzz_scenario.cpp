// Scenario files as gantry-sim reads them. parseScenario() lists every problem
// it finds and never throws, so any exception or sanitizer report is a bug.
#include "sim/scenario/scenario.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    const gantry::sim::ScenarioLoadResult result = gantry::sim::parseScenario(text, "fuzz.yaml");
    for (const gantry::sim::ScenarioError &error : result.errors)
        (void)error.toString();
    if (result.scenario) {
        for (const auto &service : result.scenario->services)
            (void)result.scenario->findModel(service.model);
    }
    return 0;
}

// One step (0.5 s of simulated time) of the factory's controllers on
// large.yaml: 2,000 GPU nodes, 1,000 InferenceServices, ~18,000 replicas. At
// --speed N the simulator needs 2N steps per real second.
#include "sim/factory/factory.h"
#include "sim/scenario/scenario.h"
#include "sim/simulator.h"

#include <benchmark/benchmark.h>

#include <cstdio>

namespace {

struct LargeFactory
{
    LargeFactory()
    {
        const auto loaded = gantry::sim::loadScenarioFile(GANTRY_SCENARIOS_DIR "/large.yaml");
        if (!loaded.scenario) {
            std::fprintf(stderr, "large.yaml: %s\n", loaded.errors.front().toString().c_str());
            std::abort();
        }
        gantry::sim::SimulatorOptions options;
        options.scenario = loaded.scenario;
        options.speed = 0;
        simulator = std::make_unique<gantry::sim::Simulator>(options);
        std::string error;
        if (!simulator->start(&error)) {
            std::fprintf(stderr, "%s\n", error.c_str());
            std::abort();
        }
        // Past the first scheduling wave, so steps see a cluster at work.
        simulator->factory()->runFor(60);
    }
    std::unique_ptr<gantry::sim::Simulator> simulator;
};

void largeFactoryStep(benchmark::State &state)
{
    static LargeFactory factory;
    for (auto _ : state)
        factory.simulator->factory()->step();
    state.counters["max_speed"] = benchmark::Counter(gantry::sim::Factory::stepSeconds * state.iterations(),
                                                     benchmark::Counter::kIsRate);
}
BENCHMARK(largeFactoryStep)->Unit(benchmark::kMillisecond)->MinTime(3);

} // namespace

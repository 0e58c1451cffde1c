#pragma once

// Brings a freshly scheduled large.yaml cluster to the steady state its
// comment describes, straight in the simulator's store: every scheduled
// replica Running and Ready (16,000), the rest still Pending (2,000), and one
// dcgm-exporter pod per node (2,000), for 20,000 pods. The factory itself would
// take far longer on this machine to get there (bench_factorystep: a 0.5 s step
// of large.yaml costs most of a second), so the benchmarks write the end state.

#include <cstddef>

namespace gantry::sim {
class Simulator;
}

namespace gantry::bench {

struct SettledFleet
{
    std::size_t replicasReady = 0;
    std::size_t exporterPods = 0;
};

SettledFleet settleFleet(sim::Simulator &simulator);

} // namespace gantry::bench

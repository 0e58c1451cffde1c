#pragma once

#include "sim/scenario/scenario.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace gantry::sim {

class ObjectStore;
class PodLogStore;
class VirtualClock;
struct FactoryContext;
class PoolController;
class Scheduler;
class KServeController;
class PodLifecycle;
class Serving;
class Autoscaler;
class MetricsExporter;
class ScenarioDirector;
class PrewarmController;
class LocalModelCacheController;

/// The simulated AI factory's controllers, run in a fixed order every step of
/// simulated time. Steps are fixed-size, so a scenario and seed always give the
/// same sequence of objects and events; `speed` only decides how long a step
/// waits in real time.
class Factory
{
public:
    static constexpr double stepSeconds = 0.5;

    Factory(ObjectStore &store, PodLogStore &logs, VirtualClock &clock, Scenario scenario, std::uint64_t seed);
    ~Factory();

    /// Creates the scenario's initial objects (pools, nodes, services).
    void setUp();
    /// Advances simulated time by one step and runs every controller once.
    void step();
    /// Advances `seconds` of simulated time as fast as the machine allows.
    void runFor(double seconds);

    /// Runs steps on a thread of its own at `speed` × real time until stop().
    void start(double speed);
    void stop();
    void setSpeed(double speed);
    double speed() const { return m_speed; }
    /// Whether the loop of start() is running (the demo pauses by stopping it).
    bool running()
    {
        std::lock_guard lock(m_mutex);
        return m_running;
    }

    const FactoryContext &context() const { return *m_context; }
    PodLifecycle &lifecycle() { return *m_lifecycle; }
    const Serving &serving() const { return *m_serving; }
    /// The factory's /metrics text (vLLM and dcgm-exporter series).
    std::string metrics();

private:
    void configureLinks();
    void loop();

    std::unique_ptr<FactoryContext> m_context;
    std::unique_ptr<PoolController> m_pools;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<KServeController> m_kserve;
    std::unique_ptr<PodLifecycle> m_lifecycle;
    std::unique_ptr<Serving> m_serving;
    std::unique_ptr<Autoscaler> m_autoscaler;
    std::unique_ptr<MetricsExporter> m_metrics;
    std::unique_ptr<ScenarioDirector> m_director;
    std::unique_ptr<PrewarmController> m_prewarm;
    std::unique_ptr<LocalModelCacheController> m_localModels;

    std::mutex m_mutex; ///< serializes steps between the loop and direct callers
    std::condition_variable m_wake;
    std::atomic<double> m_speed{1};
    bool m_running = false;
    std::thread m_thread;
};

} // namespace gantry::sim

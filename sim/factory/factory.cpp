#include "sim/factory/factory.h"

#include "sim/factory/factorycontext.h"
#include "sim/factory/kservecontroller.h"
#include "sim/factory/podlifecycle.h"
#include "sim/factory/poolcontroller.h"
#include "sim/factory/scheduler.h"
#include "sim/factory/autoscaler.h"
#include "sim/factory/serving.h"
#include "sim/factory/metricsexporter.h"
#include "sim/factory/prewarmcontroller.h"
#include "sim/factory/localmodelcachecontroller.h"
#include "sim/factory/scenariodirector.h"

#include <chrono>

namespace gantry::sim {

Factory::Factory(ObjectStore &store, PodLogStore &logs, VirtualClock &clock, Scenario scenario, std::uint64_t seed)
    : m_context(std::make_unique<FactoryContext>(store, logs, clock, std::move(scenario), seed))
    , m_pools(std::make_unique<PoolController>(*m_context))
    , m_scheduler(std::make_unique<Scheduler>(*m_context))
    , m_kserve(std::make_unique<KServeController>(*m_context))
    , m_lifecycle(std::make_unique<PodLifecycle>(*m_context))
    , m_serving(std::make_unique<Serving>(*m_context))
    , m_autoscaler(std::make_unique<Autoscaler>(*m_context, *m_serving, *m_kserve))
    , m_metrics(std::make_unique<MetricsExporter>(*m_context, *m_serving))
    , m_director(std::make_unique<ScenarioDirector>(*m_context))
    , m_prewarm(std::make_unique<PrewarmController>(*m_context))
    , m_localModels(std::make_unique<LocalModelCacheController>(*m_context))
{
    configureLinks();
}

Factory::~Factory()
{
    stop();
}

void Factory::configureLinks()
{
    const Scenario::Storage &storage = m_context->scenario.storage;
    Transfers &transfers = m_context->transfers;
    transfers.setLink("hub", {storage.hubBytesPerSecond, 0, 1});
    transfers.setLink("objectStore", {storage.objectStoreBytesPerSecond, storage.objectStorePerClientBytesPerSecond, 1});
    transfers.setLink("sharedVolume", {storage.sharedVolumeBytesPerSecond, storage.sharedVolumePerClientBytesPerSecond, 1});
    transfers.setLink("registry", {storage.registryBytesPerSecond, storage.registryPerClientBytesPerSecond, 1});
    // Each node reads its own disk: a per-client limit only.
    transfers.setLink("nodeCache", {0, storage.nodeCacheBytesPerSecond, 1});
}

void Factory::setUp()
{
    std::lock_guard lock(m_mutex);
    m_pools->setUp();
    m_kserve->setUp();
}

void Factory::step()
{
    std::lock_guard lock(m_mutex);
    m_context->clock.advance(stepSeconds);
    m_context->indexPods();
    // Order matters and never changes: what a controller writes, the next reads.
    m_director->reconcile();
    m_serving->reconcile(stepSeconds);
    m_autoscaler->reconcile();
    m_kserve->reconcile();
    m_scheduler->reconcile();
    m_pools->reconcile();
    m_lifecycle->reconcile(stepSeconds);
    m_prewarm->reconcile();
    m_localModels->reconcile();
    m_metrics->accumulate(stepSeconds);
}

std::string Factory::metrics()
{
    std::lock_guard lock(m_mutex);
    return m_metrics->render();
}

void Factory::runFor(double seconds)
{
    const int steps = static_cast<int>(seconds / stepSeconds + 0.5);
    for (int i = 0; i < steps; ++i)
        step();
}

void Factory::start(double speed)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_running)
            return;
        m_running = true;
    }
    m_speed = speed;
    m_thread = std::thread([this] { loop(); });
}

void Factory::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_running = false;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void Factory::setSpeed(double speed)
{
    m_speed = speed;
    m_wake.notify_all();
}

void Factory::loop()
{
    using Clock = std::chrono::steady_clock;
    auto next = Clock::now();
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_until(lock, next, [this] { return !m_running; });
            if (!m_running)
                return;
        }
        step();
        const auto interval = std::chrono::duration<double>(stepSeconds / std::max(m_speed.load(), 1e-3));
        next += std::chrono::duration_cast<Clock::duration>(interval);
        // Behind by more than a second of real time (a slow machine, a debugger):
        // carry on from now rather than racing to catch up.
        if (Clock::now() - next > std::chrono::seconds(1))
            next = Clock::now();
    }
}

} // namespace gantry::sim

#include "backend/fleet/fleet.h"

#include "backend/fleet/coldstarttracker.h"
#include "backend/fleet/deploymenttracker.h"
#include "backend/fleet/notableevents.h"
#include "backend/fleet/pooltracker.h"

namespace gantry::fleet {

Fleet::Fleet(kube::ObjectStore &store, FleetOptions options)
    : m_store(store)
    , m_options(options)
    // Node ages follow the cluster's clock, which may run ahead of this machine's.
    , m_pools(std::make_unique<PoolTracker>([this] { return clusterNow(); }))
    , m_deployments(std::make_unique<DeploymentTracker>())
    , m_coldStarts(std::make_unique<ColdStartTracker>())
    , m_events(std::make_unique<NotableEvents>())
    , m_latest(std::make_shared<FleetSnapshot>())
{
}

Fleet::~Fleet()
{
    stop();
}

void Fleet::setSnapshotHandler(SnapshotHandler handler)
{
    m_handler = std::move(handler);
}

void Fleet::start()
{
    if (m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_queueMutex);
        m_stopping = false;
    }
    m_subscription = m_store.subscribe([this](const kube::ChangeBatch &batch) { enqueue(batch); });
    // What the store held before we subscribed arrives as additions. A batch
    // published in between may repeat an object; trackers treat a repeated
    // addition as an update.
    for (kube::ObjectKind kind : {kube::ObjectKind::MachineSet, kube::ObjectKind::Node, kube::ObjectKind::InferenceService,
                                  kube::ObjectKind::LocalModelCache, kube::ObjectKind::Job, kube::ObjectKind::Pod,
                                  kube::ObjectKind::Event}) {
        kube::ChangeBatch seed;
        seed.kind = kind;
        seed.added = m_store.items(kind);
        if (!seed.empty())
            enqueue(seed);
    }
    m_thread = std::thread([this] { run(); });
}

void Fleet::stop()
{
    if (!m_thread.joinable())
        return;
    m_store.unsubscribe(m_subscription);
    {
        std::lock_guard lock(m_queueMutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void Fleet::enqueue(const kube::ChangeBatch &batch)
{
    {
        std::lock_guard lock(m_queueMutex);
        m_batches.push_back(batch);
    }
    m_wake.notify_all();
}

void Fleet::setReadings(metrics::Readings readings)
{
    {
        std::lock_guard lock(m_queueMutex);
        m_readings = std::move(readings);
    }
    m_wake.notify_all();
}

void Fleet::applyLog(const std::string &podUid, std::string logText)
{
    {
        std::lock_guard lock(m_queueMutex);
        m_logs.emplace_back(podUid, std::move(logText));
    }
    m_wake.notify_all();
}

std::vector<LogRequest> Fleet::wantedLogs() const
{
    std::lock_guard lock(m_trackerMutex);
    return m_coldStarts->wantedLogs();
}

std::shared_ptr<const FleetSnapshot> Fleet::latest() const
{
    std::lock_guard lock(m_latestMutex);
    return m_latest;
}

std::shared_ptr<const FleetSnapshot> Fleet::flush()
{
    std::shared_ptr<const FleetSnapshot> snapshot;
    {
        std::lock_guard lock(m_trackerMutex);
        drainLocked();
        snapshot = buildLocked();
    }
    {
        std::lock_guard lock(m_latestMutex);
        m_latest = snapshot;
    }
    return snapshot;
}

void Fleet::run()
{
    using Clock = std::chrono::steady_clock;
    Clock::time_point lastPublish = Clock::now() - m_options.publishInterval;
    bool pending = false;
    for (;;) {
        {
            std::unique_lock lock(m_queueMutex);
            const auto ready = [this] { return m_stopping || !m_batches.empty() || m_readings || !m_logs.empty(); };
            if (pending)
                m_wake.wait_until(lock, lastPublish + m_options.publishInterval, ready);
            else
                m_wake.wait(lock, ready);
            if (m_stopping)
                return;
        }
        std::shared_ptr<const FleetSnapshot> snapshot;
        {
            std::lock_guard lock(m_trackerMutex);
            pending = drainLocked() || pending;
            if (pending && Clock::now() - lastPublish >= m_options.publishInterval) {
                snapshot = buildLocked();
                pending = false;
                lastPublish = Clock::now();
            }
        }
        if (snapshot) {
            {
                std::lock_guard lock(m_latestMutex);
                m_latest = snapshot;
            }
            if (m_handler)
                m_handler(snapshot);
        }
    }
}

bool Fleet::drainLocked()
{
    std::deque<kube::ChangeBatch> batches;
    std::optional<metrics::Readings> readings;
    std::vector<std::pair<std::string, std::string>> logs;
    {
        std::lock_guard lock(m_queueMutex);
        batches.swap(m_batches);
        readings.swap(m_readings);
        logs.swap(m_logs);
    }
    for (const kube::ChangeBatch &batch : batches) {
        noteEvidenceTime(batch);
        m_pools->apply(batch);
        m_deployments->apply(batch);
        m_coldStarts->apply(batch);
        m_events->apply(batch);
    }
    if (readings) {
        m_pools->applyReadings(*readings);
        m_deployments->applyReadings(*readings);
        m_metricsAt = readings->at;
        m_metricsSource = readings->source;
        m_metricsErrors = readings->errors;
    }
    for (const auto &[uid, text] : logs)
        m_coldStarts->applyLog(uid, text);
    return !batches.empty() || readings || !logs.empty();
}

void Fleet::noteEvidenceTime(const kube::ChangeBatch &batch)
{
    if (batch.kind != kube::ObjectKind::Event)
        return;
    for (const auto *list : {&batch.added, &batch.modified}) {
        for (const kube::CompactPtr &object : *list) {
            const auto *event = std::get_if<kube::CompactEvent>(object.get());
            if (!event)
                continue;
            const std::optional<SystemTime> time = parseRfc3339(event->timestamp);
            if (time && (!m_newestEvidence || *time > *m_newestEvidence))
                m_newestEvidence = time;
        }
    }
}

SystemTime Fleet::clusterNow() const
{
    const SystemTime wall = std::chrono::system_clock::now();
    return m_newestEvidence && *m_newestEvidence > wall ? *m_newestEvidence : wall;
}

std::shared_ptr<const FleetSnapshot> Fleet::buildLocked()
{
    auto snapshot = std::make_shared<FleetSnapshot>();
    snapshot->generation = ++m_generation;
    snapshot->at = clusterNow();
    snapshot->pools = m_pools->snapshot();
    snapshot->deployments = m_deployments->snapshot();
    snapshot->coldStarts = m_coldStarts->snapshot(snapshot->at, m_options.coldStartStatsWindow);
    snapshot->events = m_events->snapshot();
    snapshot->metricsAt = m_metricsAt;
    snapshot->metricsSource = m_metricsSource;
    snapshot->metricsErrors = m_metricsErrors;
    return snapshot;
}

} // namespace gantry::fleet

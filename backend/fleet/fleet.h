#pragma once

#include "backend/core/rfc3339.h"
#include "backend/kube/objectstore.h"
#include "backend/metrics/readings.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace gantry::fleet {

class PoolTracker;
class DeploymentTracker;
class ColdStartTracker;
struct PoolsSnapshot;
struct DeploymentsSnapshot;
struct ColdStartsSnapshot;
struct EventsSnapshot;
class NotableEvents;
struct LogRequest;

/// Everything the console shows at one moment. Immutable; the parts that did
/// not change since the previous snapshot are the same shared objects, so a
/// view can skip them by pointer comparison.
struct FleetSnapshot
{
    std::uint64_t generation = 0;
    /// The cluster's "now": the later of this machine's clock and the newest
    /// timestamp the cluster reported, so ages stay sane when clocks disagree.
    SystemTime at;
    std::shared_ptr<const PoolsSnapshot> pools;
    std::shared_ptr<const DeploymentsSnapshot> deployments;
    std::shared_ptr<const ColdStartsSnapshot> coldStarts;
    std::shared_ptr<const EventsSnapshot> events; ///< warnings and notable events, newest first
    /// When the metrics joined here were read, where from, and what failed.
    std::optional<SystemTime> metricsAt;
    std::string metricsSource;
    std::vector<std::string> metricsErrors;
};

struct FleetOptions
{
    /// At most one snapshot per interval: thousands of watch events per second
    /// become at most ten updates per second for the UI.
    std::chrono::milliseconds publishInterval{100};
    std::chrono::seconds coldStartStatsWindow{6 * 3600};
};

/// Derives the fleet from an ObjectStore on its own worker thread. Store batches
/// and metric readings are queued by whoever produces them and applied in order;
/// each tracker updates only what a batch touched; a snapshot is published at
/// most once per interval to the handler (on the worker thread).
class Fleet
{
public:
    using SnapshotHandler = std::function<void(const std::shared_ptr<const FleetSnapshot> &snapshot)>;

    explicit Fleet(kube::ObjectStore &store, FleetOptions options = {});
    ~Fleet();
    Fleet(const Fleet &) = delete;
    Fleet &operator=(const Fleet &) = delete;

    /// Set before start().
    void setSnapshotHandler(SnapshotHandler handler);
    /// Subscribes to the store, takes in what it already holds, and starts the worker.
    void start();
    void stop();

    void setReadings(metrics::Readings readings);
    /// The serving-container log of a pod whose cold start wants it (see wantedLogs()).
    void applyLog(const std::string &podUid, std::string logText);
    std::vector<LogRequest> wantedLogs() const;

    /// The last published snapshot (empty parts before the first).
    std::shared_ptr<const FleetSnapshot> latest() const;
    /// Applies everything queued now and returns a new snapshot; for headless
    /// use and tests. Works with or without the worker running.
    std::shared_ptr<const FleetSnapshot> flush();

private:
    void enqueue(const kube::ChangeBatch &batch);
    void run();
    /// Applies queued work; true when something was applied. Caller holds m_trackerMutex.
    bool drainLocked();
    std::shared_ptr<const FleetSnapshot> buildLocked();
    void noteEvidenceTime(const kube::ChangeBatch &batch);
    SystemTime clusterNow() const;

    kube::ObjectStore &m_store;
    const FleetOptions m_options;
    SnapshotHandler m_handler;
    int m_subscription = 0;

    // Producers → worker.
    mutable std::mutex m_queueMutex;
    std::condition_variable m_wake;
    std::deque<kube::ChangeBatch> m_batches;
    std::optional<metrics::Readings> m_readings;
    std::vector<std::pair<std::string, std::string>> m_logs;
    bool m_stopping = false;
    std::thread m_thread;

    // Worker state.
    mutable std::mutex m_trackerMutex;
    std::unique_ptr<PoolTracker> m_pools;
    std::unique_ptr<DeploymentTracker> m_deployments;
    std::unique_ptr<ColdStartTracker> m_coldStarts;
    std::unique_ptr<NotableEvents> m_events;
    std::optional<SystemTime> m_metricsAt;
    std::string m_metricsSource;
    std::vector<std::string> m_metricsErrors;
    std::uint64_t m_generation = 0;
    std::optional<SystemTime> m_newestEvidence;

    mutable std::mutex m_latestMutex;
    std::shared_ptr<const FleetSnapshot> m_latest;
};

} // namespace gantry::fleet

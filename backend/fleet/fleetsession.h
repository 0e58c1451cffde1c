#pragma once

#include "backend/fleet/fleet.h"
#include "backend/kube/informerset.h"
#include "backend/kube/objectstore.h"
#include "backend/kube/restclient.h"
#include "backend/metrics/readings.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace gantry::fleet {

/// Reads the metrics for one moment; failures go into Readings::errors. Runs on
/// the session's metrics thread, so it may block on the network.
using ReadingsProvider = std::function<metrics::Readings(SystemTime now)>;

struct FleetSessionOptions
{
    kube::InformerSetOptions informers;
    FleetOptions fleet;
    ReadingsProvider readings; ///< empty: no metrics
    std::chrono::milliseconds metricsInterval{15000};
    std::chrono::milliseconds logInterval{2000};
    /// The start-up lines sit at the head of a log; a pod that has served for
    /// weeks must not make us download all of it.
    std::int64_t logLimitLines = 2000;
};

/// One live connection's whole data path: informers into an object store, the
/// fleet derived from it, a metrics thread feeding readings and a log thread
/// reading the serving-container logs cold starts ask for. Nothing here writes.
class FleetSession
{
public:
    FleetSession(std::shared_ptr<kube::RestClient> client, FleetSessionOptions options);
    ~FleetSession();
    FleetSession(const FleetSession &) = delete;
    FleetSession &operator=(const FleetSession &) = delete;

    void start();
    void stop();

    kube::ObjectStore &store() { return m_store; }
    kube::InformerSet &informers() { return m_informers; }
    Fleet &fleet() { return m_fleet; }

    /// Every kind listed once (or known to be absent).
    bool waitSynced(std::chrono::milliseconds timeout);
    /// Synced, then also one metrics reading taken (when there is a source) and
    /// no cold start waiting for its log: what a complete dump needs.
    bool waitSettled(std::chrono::milliseconds timeout);

    std::uint64_t metricsReads() const { return m_metricsReads; }
    std::uint64_t logReads() const { return m_logReads; }

private:
    void metricsLoop();
    void logLoop();
    /// Sleeps unless stopping; false once stopping.
    bool pause(std::chrono::milliseconds duration);
    bool logsSettled() const;

    std::shared_ptr<kube::RestClient> m_client;
    const FleetSessionOptions m_options;
    kube::ObjectStore m_store;
    kube::InformerSet m_informers;
    Fleet m_fleet;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_metricsThread;
    std::thread m_logThread;
    kube::Cancellation m_cancellation;
    std::atomic<std::uint64_t> m_metricsReads{0};
    std::atomic<std::uint64_t> m_logReads{0};
    std::atomic<bool> m_logsPending{true};
};

} // namespace gantry::fleet

#include "backend/fleet/fleetsession.h"

#include "backend/fleet/coldstarttracker.h"

namespace gantry::fleet {

FleetSession::FleetSession(std::shared_ptr<kube::RestClient> client, FleetSessionOptions options)
    : m_client(std::move(client))
    , m_options(std::move(options))
    , m_informers(m_client, m_store, m_options.informers)
    , m_fleet(m_store, m_options.fleet)
{
}

FleetSession::~FleetSession()
{
    stop();
}

void FleetSession::start()
{
    if (m_logThread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    m_cancellation = kube::Cancellation();
    // The fleet subscribes first so it sees the informers' first lists as batches.
    m_fleet.start();
    m_informers.start();
    if (m_options.readings)
        m_metricsThread = std::thread([this] { metricsLoop(); });
    m_logThread = std::thread([this] { logLoop(); });
}

void FleetSession::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cancellation.cancel();
    m_wake.notify_all();
    if (m_metricsThread.joinable())
        m_metricsThread.join();
    if (m_logThread.joinable())
        m_logThread.join();
    m_informers.stop();
    m_fleet.stop();
}

bool FleetSession::waitSynced(std::chrono::milliseconds timeout)
{
    return m_informers.waitSynced(timeout);
}

bool FleetSession::waitSettled(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (!m_informers.waitSynced(timeout))
        return false;
    while (std::chrono::steady_clock::now() < deadline) {
        const bool metricsDone = !m_options.readings || m_metricsReads > 0;
        m_fleet.flush();
        if (metricsDone && logsSettled())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

bool FleetSession::logsSettled() const
{
    return !m_logsPending && m_fleet.wantedLogs().empty();
}

bool FleetSession::pause(std::chrono::milliseconds duration)
{
    std::unique_lock lock(m_mutex);
    return !m_wake.wait_for(lock, duration, [this] { return m_stopping; });
}

void FleetSession::metricsLoop()
{
    do {
        m_fleet.setReadings(m_options.readings(std::chrono::system_clock::now()));
        ++m_metricsReads;
    } while (pause(m_options.metricsInterval));
}

void FleetSession::logLoop()
{
    do {
        // Only what the fleet has seen can be asked for; let it catch up first.
        m_fleet.flush();
        const std::vector<LogRequest> requests = m_fleet.wantedLogs();
        m_logsPending = !requests.empty();
        for (const LogRequest &request : requests) {
            kube::ResourceRef pod{"", "v1", "pods", request.podNamespace, request.podName, "log"};
            kube::LogOptions options;
            options.container = request.container;
            options.cancellation = m_cancellation;
            std::string text;
            std::int64_t lines = 0;
            const auto result = m_client->logs(pod, options, [&](std::string_view line) {
                text.append(line);
                text.push_back('\n');
                return ++lines < m_options.logLimitLines;
            });
            {
                std::lock_guard lock(m_mutex);
                if (m_stopping)
                    return;
            }
            // An unreadable log (forbidden, pod gone) still counts as read: the
            // timeline then infers those phases instead of asking forever.
            m_fleet.applyLog(request.podUid, result ? std::move(text) : std::string());
            ++m_logReads;
        }
        if (!requests.empty())
            m_fleet.flush();
        m_logsPending = false;
    } while (pause(m_options.logInterval));
}

} // namespace gantry::fleet

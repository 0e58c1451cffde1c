#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace gantry::sim {

class AccessControl;
class ObjectStore;
class PodLogStore;
class ResourceHandler;
struct TlsMaterial;

struct ApiServerOptions
{
    std::string host = "127.0.0.1";
    std::uint16_t port = 0; ///< 0 picks a free port
    bool useTls = true;
    bool logRequests = false;
    /// Each watch holds a worker for its lifetime, so there must be room for many.
    std::size_t workerThreads = 96;
    std::chrono::milliseconds bookmarkInterval{5000};
    std::size_t maxBodyBytes = 3 * 1024 * 1024; ///< the real API server's limit
    /// The certificates to serve with (a restarted gantry-sim keeping its identity);
    /// null generates new ones.
    std::shared_ptr<const TlsMaterial> tls;
};

/// Counts of requests served, by kind: what a read-only client must never send is a write.
struct RequestCounts
{
    std::uint64_t reads = 0;  ///< GET and HEAD
    std::uint64_t writes = 0; ///< everything else
};

/// The HTTP(S) front of the simulated cluster: authenticates bearer tokens,
/// routes Kubernetes API paths to the handlers and renders every failure as a
/// Kubernetes Status. Runs on its own threads; start() returns once listening.
class ApiServer
{
public:
    ApiServer(ObjectStore &store, PodLogStore &logs, const AccessControl &access, ApiServerOptions options);
    ~ApiServer();
    ApiServer(const ApiServer &) = delete;
    ApiServer &operator=(const ApiServer &) = delete;

    /// Binds and starts serving. On failure returns false and says why in `error`.
    bool start(std::string *error);
    void stop();

    std::string url() const;
    std::uint16_t port() const { return m_port; }
    /// The CA that signed the server certificate ("" for plain HTTP).
    std::string caCertificatePem() const;
    RequestCounts requestCounts() const;
    /// The certificates served with; null over plain HTTP or before start().
    const TlsMaterial *tlsMaterial() const { return m_tls.get(); }

    /// Serves `/metrics` from this callback (Prometheus text), when set before start().
    void setMetricsSource(std::function<std::string()> source);

private:
    void installRoutes();

    ObjectStore &m_store;
    PodLogStore &m_logs;
    const AccessControl &m_access;
    ApiServerOptions m_options;
    std::unique_ptr<TlsMaterial> m_tls;
    std::unique_ptr<httplib::Server> m_server;
    std::unique_ptr<ResourceHandler> m_handler;
    std::function<std::string()> m_metrics;
    std::thread m_thread;
    std::uint16_t m_port = 0;
    std::atomic<std::uint64_t> m_reads{0};
    std::atomic<std::uint64_t> m_writes{0};
};

} // namespace gantry::sim

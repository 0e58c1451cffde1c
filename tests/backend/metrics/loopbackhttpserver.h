#pragma once

// A plain-HTTP server on an ephemeral 127.0.0.1 port for client tests.

#include <httplib.h>

#include <chrono>
#include <thread>

namespace gantry::test {

class LoopbackHttpServer {
public:
    /// Starts serving GET requests of every path with `handler`.
    explicit LoopbackHttpServer(httplib::Server::Handler handler)
    {
        m_server.Get(".*", std::move(handler));
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        for (int i = 0; i < 500 && !m_server.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    LoopbackHttpServer(const LoopbackHttpServer &) = delete;
    LoopbackHttpServer &operator=(const LoopbackHttpServer &) = delete;
    ~LoopbackHttpServer()
    {
        m_server.stop();
        m_thread.join();
    }

    int port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    httplib::Server m_server;
    int m_port = -1;
    std::thread m_thread;
};

} // namespace gantry::test

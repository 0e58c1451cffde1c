#pragma once

#include "sim/security/tlsmaterial.h"

#include <httplib.h>

#include <chrono>
#include <thread>

namespace gantry::sim::testsupport {

/// An httplib::SSLServer with the given material on an ephemeral 127.0.0.1 port,
/// answering every GET with `handler`, for as long as the object lives.
class LoopbackTlsServer
{
public:
    LoopbackTlsServer(const TlsMaterial &material, httplib::Server::Handler handler, X509_STORE *clientCas = nullptr)
        : m_certificate(certificateFromPem(material.serverCertificatePem))
        , m_key(privateKeyFromPem(material.serverKeyPem))
        , m_server(m_certificate.get(), m_key.get(), clientCas)
    {
        m_server.Get(".*", std::move(handler));
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        for (int i = 0; i < 500 && !m_server.is_running(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    LoopbackTlsServer(const LoopbackTlsServer &) = delete;
    LoopbackTlsServer &operator=(const LoopbackTlsServer &) = delete;
    ~LoopbackTlsServer()
    {
        m_server.stop();
        m_thread.join();
    }

    bool isRunning() const { return m_server.is_valid() && m_port > 0 && m_server.is_running(); }
    int port() const { return m_port; }

private:
    X509Ptr m_certificate;
    EvpPkeyPtr m_key;
    httplib::SSLServer m_server;
    int m_port = -1;
    std::thread m_thread;
};

} // namespace gantry::sim::testsupport

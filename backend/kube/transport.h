#pragma once

#include "backend/kube/apierror.h"
#include "backend/kube/cancellation.h"
#include "backend/kube/credentials.h"
#include "backend/kube/kubeconfigresolver.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::kube {

namespace detail {
class CurlSessionPool;
}

/// How to reach one API server: the cluster half of a ResolvedConnection plus
/// Gantry's own limits.
struct TransportOptions
{
    std::string server; ///< https://host:port, optionally with a path prefix (Rancher, proxies)
    std::string caPem;  ///< trust only these CAs; empty: the system's roots
    bool insecureSkipTlsVerify = false;
    /// Name for SNI and the certificate check instead of the server's host (tls-server-name).
    std::string tlsServerName;
    std::string proxyUrl; ///< empty: HTTPS_PROXY/NO_PROXY from the environment, as client-go
    bool disableCompression = false;
    std::optional<ClientCertificate> clientCertificate;
    std::optional<Impersonation> impersonation;
    /// Refuse every method but GET before anything is sent (Gantry's --read-only).
    bool readOnly = false;
    std::chrono::milliseconds connectTimeout{std::chrono::seconds(10)};
    /// Limit for a whole ordinary request (not for streams).
    std::chrono::milliseconds requestTimeout{std::chrono::seconds(60)};
    /// A stream that receives nothing for this long is considered dead (0: never).
    std::chrono::milliseconds streamIdleTimeout{std::chrono::minutes(5)};
    std::string userAgent; ///< empty: "gantry/<version>"
    std::size_t maxIdleConnections = 8;

    /// The options for a resolved kubeconfig context, with Gantry's default limits.
    static TransportOptions fromConnection(const ResolvedConnection &connection);
};

/// One HTTP request to the API server.
struct TransportRequest
{
    std::string method = "GET";
    std::string path; ///< absolute path plus query, appended to the server URL
    std::string body;
    std::string contentType; ///< of body; empty when there is none
    std::string accept = "application/json";
    Cancellation cancellation;
    /// Overrides requestTimeout (ordinary requests) or streamIdleTimeout (streams).
    std::optional<std::chrono::milliseconds> timeout;
};

/// What came back. An HTTP error status is not an `error` here: it is a
/// response whose body the caller reads as a Status.
struct TransportResponse
{
    int httpCode = 0;
    std::string contentType;
    std::string body; ///< the whole body; for stream(), only the body of a non-2xx answer
    std::vector<std::string> warnings; ///< `Warning:` headers (deprecations, field validation)
    std::string httpVersion;           ///< "1.1" or "2"
    bool stoppedByReceiver = false;    ///< stream(): the chunk handler asked to stop
    std::optional<ApiError> error;     ///< no (complete) answer: network, TLS, credentials, read-only, cancel
};

/// Receives stream data as it arrives; return false to stop the stream.
using ChunkHandler = std::function<bool(std::string_view chunk)>;

/// HTTP(S) to one API server over libcurl, presenting the context's CA, client
/// certificate and request credential the way kubectl does: HTTP/2 when the
/// server offers it (ALPN), gzip, connection reuse from a small pool, proxy,
/// tls-server-name. Thread-safe: any number of worker threads may call it at
/// once. Every call blocks until the answer (or, for stream(), the end of the
/// stream), so never call it on the UI thread.
///
/// tls-server-name is honoured by addressing the request to that name and
/// telling libcurl to connect to the real host and port (CURLOPT_CONNECT_TO),
/// so SNI and the certificate check use the name; the Host header still names
/// the configured server, as client-go's tls.Config.ServerName does.
class Transport
{
public:
    Transport(TransportOptions options, std::shared_ptr<CredentialProvider> credentials);
    ~Transport();
    Transport(const Transport &) = delete;
    Transport &operator=(const Transport &) = delete;

    /// Sends the request and reads the whole answer.
    TransportResponse perform(const TransportRequest &request);
    /// Sends the request and hands a 2xx body to `onChunk` piece by piece as it
    /// arrives (watch, follow logs), until the server ends it, `onChunk`
    /// returns false, the stream idles out or the request is cancelled.
    TransportResponse stream(const TransportRequest &request, const ChunkHandler &onChunk);

    const TransportOptions &options() const { return m_options; }
    /// True when the server's certificate is not verified (insecure-skip-tls-verify).
    bool insecure() const { return m_options.insecureSkipTlsVerify; }
    bool readOnly() const { return m_options.readOnly; }
    CredentialProvider &credentials() const { return *m_credentials; }

private:
    TransportResponse execute(const TransportRequest &request, const ChunkHandler *onChunk);

    const TransportOptions m_options;
    const std::shared_ptr<CredentialProvider> m_credentials;
    std::unique_ptr<detail::CurlSessionPool> m_pool;
    std::string m_baseUrl;   ///< where requests are addressed (the tls-server-name when set)
    std::string m_connectTo; ///< CURLOPT_CONNECT_TO entry, when tls-server-name is set
    std::string m_hostHeader;
    std::string m_setupError;
};

} // namespace gantry::kube

#include "backend/kube/transporterror.h"

#include <cerrno>

namespace gantry::kube::detail {

namespace {

using Kind = ApiError::Kind;

bool contains(const std::string &text, const char *part)
{
    return text.find(part) != std::string::npos;
}

// libcurl's own words, when it gave any, as a parenthesized suffix.
std::string detailOf(const CurlFailure &failure)
{
    const std::string detail = failure.detail.empty() ? curl_easy_strerror(failure.code) : failure.detail;
    return " (" + detail + ")";
}

std::string durationText(std::chrono::milliseconds duration)
{
    if (duration.count() % 1000 == 0)
        return std::to_string(duration.count() / 1000) + " s";
    return std::to_string(duration.count()) + " ms";
}

ApiError timeout(const CurlFailure &failure)
{
    const std::string limit = failure.timeout.count() > 0 ? " after " + durationText(failure.timeout) : std::string();
    if (!failure.connected)
        return ApiError::make(Kind::Timeout, "connecting to " + failure.target + " timed out" + limit
                                                 + "; the server is unreachable from here or too slow to accept"
                                                 + detailOf(failure));
    if (failure.streaming)
        return ApiError::make(Kind::Timeout, "no data from " + failure.target + limit
                                                 + "; the connection looks dead" + detailOf(failure));
    return ApiError::make(Kind::Timeout, failure.target + " did not answer in time" + limit + detailOf(failure));
}

ApiError connectFailure(const CurlFailure &failure)
{
    switch (failure.osErrno) {
    case ECONNREFUSED:
        return ApiError::make(Kind::Network, "connection refused by " + failure.target
                                                 + ": nothing is listening there, or a firewall rejects it");
    case EHOSTUNREACH:
    case ENETUNREACH:
        return ApiError::make(Kind::Network, failure.target + " is unreachable: there is no route to it"
                                                 + detailOf(failure));
    case ETIMEDOUT:
        return timeout(failure);
    default:
        return ApiError::make(Kind::Network, "cannot connect to " + failure.target + detailOf(failure));
    }
}

ApiError tlsHandshakeFailure(const CurlFailure &failure)
{
    const std::string &detail = failure.detail;
    if (contains(detail, "wrong version number") || contains(detail, "packet length too long"))
        return ApiError::make(Kind::Tls, "TLS handshake with " + failure.target
                                             + " failed: the server does not speak TLS there (is it http://?)"
                                             + detailOf(failure));
    if (contains(detail, "certificate required") || contains(detail, "handshake failure")
        || contains(detail, "bad certificate") || contains(detail, "unknown ca"))
        return ApiError::make(Kind::Tls, "TLS handshake with " + failure.target
                                             + " failed: the server did not accept the client certificate (or "
                                               "requires one)"
                                             + detailOf(failure));
    return ApiError::make(Kind::Tls, "TLS handshake with " + failure.target + " failed" + detailOf(failure));
}

ApiError brokenConnection(const CurlFailure &failure, const char *when)
{
    // With TLS 1.3 the server's verdict on a client certificate arrives after
    // the handshake, as an alert on the first read.
    if (contains(failure.detail, "alert"))
        return tlsHandshakeFailure(failure);
    if (failure.afterFreshTlsHandshake)
        return ApiError::make(Kind::Tls, failure.target + " closed the connection right after the TLS handshake; "
                                             + (failure.presentedClientCertificate
                                                    ? "it probably did not accept the client certificate"
                                                    : "it probably requires a client certificate, and none is "
                                                      "configured")
                                             + detailOf(failure));
    if (failure.osErrno == ECONNRESET || contains(failure.detail, "reset by peer"))
        return ApiError::make(Kind::Network, "the connection to " + failure.target + " was reset " + when
                                                 + detailOf(failure));
    return ApiError::make(Kind::Network, "the connection to " + failure.target + " broke " + when
                                             + detailOf(failure));
}

} // namespace

ApiError describeCurlFailure(const CurlFailure &failure)
{
    switch (failure.code) {
    case CURLE_ABORTED_BY_CALLBACK:
        return ApiError::make(Kind::Cancelled, "the request to " + failure.target + " was cancelled");
    case CURLE_COULDNT_RESOLVE_HOST:
        return ApiError::make(Kind::Network, "cannot resolve the host of " + failure.target
                                                 + ": DNS lookup failed" + detailOf(failure));
    case CURLE_COULDNT_RESOLVE_PROXY:
        return ApiError::make(Kind::Network, "cannot resolve the proxy's host: DNS lookup failed" + detailOf(failure));
    case CURLE_COULDNT_CONNECT:
        return connectFailure(failure);
    case CURLE_OPERATION_TIMEDOUT:
        return timeout(failure);
    case CURLE_PEER_FAILED_VERIFICATION:
        return ApiError::make(Kind::Tls, "TLS verification failed for " + failure.target
                                             + ": the server's certificate is not trusted for this address; check "
                                               "certificate-authority-data and tls-server-name"
                                             + detailOf(failure));
    case CURLE_SSL_CONNECT_ERROR:
        return tlsHandshakeFailure(failure);
    case CURLE_SSL_CERTPROBLEM:
        return ApiError::make(Kind::Tls, "the client certificate or key could not be used" + detailOf(failure));
    case CURLE_SSL_CACERT_BADFILE:
        return ApiError::make(Kind::Tls, "the certificate authority data could not be loaded" + detailOf(failure));
    case CURLE_RECV_ERROR:
        return brokenConnection(failure, "while receiving");
    case CURLE_SEND_ERROR:
        return brokenConnection(failure, "while sending");
    case CURLE_GOT_NOTHING:
        return ApiError::make(Kind::Network, failure.target + " closed the connection without answering");
    case CURLE_PARTIAL_FILE:
        return ApiError::make(Kind::Network, failure.target + " closed the connection before the response was complete");
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return ApiError::make(Kind::Network, "HTTP/2 error talking to " + failure.target + detailOf(failure));
    case CURLE_PROXY:
        return ApiError::make(Kind::Network, "the proxy refused to connect to " + failure.target + detailOf(failure));
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        return ApiError::make(Kind::InvalidRequest, "the server address \"" + failure.target
                                                        + "\" is not a usable http(s) URL" + detailOf(failure));
    case CURLE_BAD_CONTENT_ENCODING:
        return ApiError::make(Kind::BadResponse, "the response from " + failure.target
                                                     + " could not be decompressed" + detailOf(failure));
    default:
        return ApiError::make(Kind::Network, "request to " + failure.target + " failed" + detailOf(failure));
    }
}

} // namespace gantry::kube::detail

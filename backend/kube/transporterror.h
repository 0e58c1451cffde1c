#pragma once

#include "backend/kube/apierror.h"

#include <curl/curl.h>

#include <chrono>
#include <string>

namespace gantry::kube::detail {

// What is known about a transfer that libcurl failed.
struct CurlFailure
{
    CURLcode code = CURLE_OK;
    std::string detail;  // libcurl's error buffer, e.g. "SSL certificate problem: …"
    long osErrno = 0;    // CURLINFO_OS_ERRNO
    std::string target;  // the server as configured, e.g. "https://10.0.0.1:6443"
    bool connected = false;
    // The TLS handshake of a new connection completed but no HTTP answer came:
    // how a TLS 1.3 server turns away a client certificate (or its absence).
    bool afterFreshTlsHandshake = false;
    bool presentedClientCertificate = false;
    bool streaming = false;
    std::chrono::milliseconds timeout{0}; // the limit that applied (connect, request or idle)
};

// The failure in words, e.g. "connection refused by https://127.0.0.1:1: nothing
// is listening there" or "TLS verification failed for …: unable to get local issuer certificate".
ApiError describeCurlFailure(const CurlFailure &failure);

} // namespace gantry::kube::detail

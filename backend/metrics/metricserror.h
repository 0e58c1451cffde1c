#pragma once

#include <string>

namespace gantry::metrics {

/// Why a metrics request failed, in words that name the server and what it
/// said: "Prometheus at http://127.0.0.1:9090: bad_data: 1:5: parse error: …".
/// Never contains a bearer token.
struct MetricsError {
    enum class Kind {
        Transport, ///< no answer: connection refused, TLS, timeout, DNS
        Http, ///< an HTTP error without a Prometheus error document (proxy, HTML page)
        Prometheus, ///< Prometheus answered with status "error" (errorType + error)
        BadResponse, ///< a 2xx answer that is not what the API promises (bad JSON, wrong shape)
        Configuration, ///< a query catalog or option problem (bad YAML, unknown query name)
    };

    Kind kind = Kind::Transport;
    int httpCode = 0; ///< 0 when there was no HTTP answer
    std::string errorType; ///< Prometheus' errorType ("bad_data", "execution", "timeout", …), when it sent one
    std::string message; ///< the whole failure in words, ready for the UI

    static MetricsError make(Kind kind, std::string message, int httpCode = 0, std::string errorType = {});
};

} // namespace gantry::metrics

#include "backend/metrics/prometheusclient.h"

#include "backend/kube/kubeconfig.h"
#include "backend/kube/transport.h"
#include "backend/metrics/bearercredentials.h"
#include "backend/metrics/prometheusresponse.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace gantry::metrics {

namespace {

std::string percentEncoded(std::string_view text)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(hex[byte >> 4]);
            out.push_back(hex[byte & 15]);
        }
    }
    return out;
}

// Prometheus takes times as Unix seconds with a fraction; millisecond precision is what it stores.
std::string secondsText(double seconds)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
    return buffer;
}

std::string withoutTrailingSlash(std::string url)
{
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

} // namespace

PrometheusClient::PrometheusClient(PrometheusOptions options)
    : m_options(std::move(options))
    , m_name("Prometheus at " + withoutTrailingSlash(kube::redactUrlCredentials(m_options.url)))
{
    kube::TransportOptions transport;
    transport.server = m_options.url;
    transport.caPem = m_options.caPem;
    transport.insecureSkipTlsVerify = m_options.insecureSkipTlsVerify;
    transport.requestTimeout = m_options.requestTimeout;
    transport.connectTimeout = m_options.connectTimeout;
    transport.maxIdleConnections = 4;
    m_transport = std::make_unique<kube::Transport>(transport, bearerTokenCredentials(m_options.bearerToken));
}

PrometheusClient::~PrometheusClient() = default;

Result<QueryResult, MetricsError> PrometheusClient::query(const std::string &promql, SystemTime time)
{
    return get("/api/v1/query?query=" + percentEncoded(promql) + "&time=" + secondsText(unixSeconds(time)));
}

Result<QueryResult, MetricsError> PrometheusClient::queryRange(
    const std::string &promql, SystemTime start, SystemTime end, std::chrono::milliseconds step)
{
    if (end < start)
        return MetricsError::make(
            MetricsError::Kind::Configuration, m_name + ": the range ends before it starts; nothing was asked");
    const std::chrono::milliseconds clamped = clampStep(start, end, step);
    return get("/api/v1/query_range?query=" + percentEncoded(promql) + "&start=" + secondsText(unixSeconds(start))
        + "&end=" + secondsText(unixSeconds(end)) + "&step=" + secondsText(clamped.count() / 1000.0));
}

std::chrono::milliseconds PrometheusClient::clampStep(SystemTime start, SystemTime end, std::chrono::milliseconds step)
{
    const double spanMs = std::chrono::duration<double, std::milli>(end - start).count();
    // Prometheus refuses (end - start) / step > 11000, computed on seconds as floats.
    const auto smallest = static_cast<std::int64_t>(std::ceil(std::max(0.0, spanMs) / maxPointsPerSeries));
    return std::chrono::milliseconds(std::max<std::int64_t>({ step.count(), smallest, 1 }));
}

Result<QueryResult, MetricsError> PrometheusClient::get(const std::string &pathAndQuery)
{
    kube::TransportRequest request;
    request.path = pathAndQuery;
    request.accept = "application/json";
    const kube::TransportResponse response = m_transport->perform(request);
    if (response.error)
        return MetricsError::make(MetricsError::Kind::Transport, m_name + ": " + response.error->summary());
    return parsePrometheusResponse(response.httpCode, response.contentType, response.body, m_name);
}

} // namespace gantry::metrics

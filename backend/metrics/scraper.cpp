#include "backend/metrics/scraper.h"

#include "backend/kube/kubeconfig.h"
#include "backend/kube/transport.h"
#include "backend/metrics/bearercredentials.h"
#include "backend/metrics/expositionparser.h"

#include <algorithm>
#include <mutex>

namespace gantry::metrics {

namespace {

// Prometheus' own Accept header for the text format.
constexpr const char *acceptText = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

std::string instanceOf(const std::string &url)
{
    std::string_view rest = url;
    if (const auto scheme = rest.find("://"); scheme != std::string_view::npos)
        rest.remove_prefix(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string_view::npos)
        rest.remove_prefix(at + 1);
    return std::string(rest);
}

std::string_view baseName(std::string_view sampleName)
{
    for (std::string_view suffix : { "_total", "_bucket", "_sum", "_count" }) {
        if (sampleName.size() > suffix.size() && sampleName.ends_with(suffix))
            return sampleName.substr(0, sampleName.size() - suffix.size());
    }
    return sampleName;
}

std::string excerpt(std::string_view body)
{
    std::string text(body.substr(0, 160));
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text + (body.size() > 160 ? "…" : "");
}

} // namespace

struct Scraper::Endpoint {
    std::string name; ///< the URL without credentials, for messages
    std::string instance; ///< host:port
    std::unique_ptr<kube::Transport> transport;
    std::mutex parserMutex;
    ExpositionParser parser;
};

std::vector<std::string> ScraperOptions::consoleFamilies()
{
    return { "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_FB_RESERVED",
        "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_PROF_GR_ENGINE_ACTIVE", "vllm:num_requests_running",
        "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "vllm:generation_tokens",
        "vllm:prompt_tokens", "vllm:time_to_first_token_seconds", "vllm:e2e_request_latency_seconds",
        "vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds" };
}

Scraper::Scraper(std::vector<ScrapeTarget> targets, ScraperOptions options)
    : m_targets(std::move(targets))
    , m_options(std::move(options))
    , m_history(m_options.limits)
{
    for (const ScrapeTarget &target : m_targets) {
        auto endpoint = std::make_unique<Endpoint>();
        endpoint->name = kube::redactUrlCredentials(target.url);
        endpoint->instance = instanceOf(target.url);
        kube::TransportOptions transport;
        transport.server = target.url;
        transport.caPem = target.caPem;
        transport.insecureSkipTlsVerify = target.insecureSkipTlsVerify;
        transport.requestTimeout = m_options.timeout;
        transport.connectTimeout = std::min(m_options.timeout, std::chrono::milliseconds(5000));
        transport.maxIdleConnections = 1;
        endpoint->transport =
            std::make_unique<kube::Transport>(std::move(transport), bearerTokenCredentials(target.bearerToken));
        m_endpoints.push_back(std::move(endpoint));
    }
}

Scraper::~Scraper() = default;

bool Scraper::keeps(std::string_view sampleName) const
{
    if (m_options.families.empty())
        return true;
    const std::string_view base = baseName(sampleName);
    return std::any_of(m_options.families.begin(), m_options.families.end(),
        [&](const std::string &family) { return family == sampleName || family == base; });
}

std::vector<ScrapeOutcome> Scraper::scrape(SystemTime now)
{
    std::vector<ScrapeOutcome> outcomes;
    for (std::size_t i = 0; i < m_endpoints.size(); ++i) {
        Endpoint &endpoint = *m_endpoints[i];
        kube::TransportRequest request;
        request.accept = acceptText;
        const kube::TransportResponse response = endpoint.transport->perform(request);
        std::optional<MetricsError> error;
        if (response.error) {
            error = MetricsError::make(
                MetricsError::Kind::Transport, "scrape of " + endpoint.name + " failed: " + response.error->summary());
        } else if (response.httpCode != 200) {
            error = MetricsError::make(MetricsError::Kind::Http,
                "scrape of " + endpoint.name + " failed: HTTP " + std::to_string(response.httpCode) + ": "
                    + excerpt(response.body),
                response.httpCode);
        }
        if (error) {
            // As Prometheus does for a failed scrape: the target's series are no longer current.
            m_history.finishScrape(endpoint.instance, unixSeconds(now));
            outcomes.push_back({ endpoint.name, std::move(error), 0, {} });
            continue;
        }
        outcomes.push_back(ingest(i, response.body, now));
    }
    return outcomes;
}

ScrapeOutcome Scraper::ingest(std::size_t targetIndex, std::string_view text, SystemTime now)
{
    ScrapeOutcome outcome;
    if (targetIndex >= m_endpoints.size()) {
        outcome.error =
            MetricsError::make(MetricsError::Kind::Configuration, "no scrape target " + std::to_string(targetIndex));
        return outcome;
    }
    Endpoint &endpoint = *m_endpoints[targetIndex];
    const ScrapeTarget &target = m_targets[targetIndex];
    outcome.url = endpoint.name;
    const double time = unixSeconds(now);
    const std::lock_guard lock(endpoint.parserMutex);
    const MetricFamilies families = endpoint.parser.parse(text);
    for (const ParseIssue &issue : families.issues())
        outcome.issues.push_back(issue.toString());
    for (const MetricFamily &family : families.families()) {
        for (const Sample &sample : family.samples) {
            if (!keeps(sample.name))
                continue;
            LabelMap labels;
            for (const Label &label : sample.labels) {
                if (!label.value.empty())
                    labels.emplace(label.name, label.value);
            }
            labels.emplace("instance", endpoint.instance);
            for (const auto &[name, value] : target.labels)
                labels.emplace(name, value);
            m_history.append(endpoint.instance, sample.name, labels, time, sample.value);
            ++outcome.samplesKept;
        }
    }
    m_history.finishScrape(endpoint.instance, time);
    return outcome;
}

} // namespace gantry::metrics

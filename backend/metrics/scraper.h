#pragma once

#include "backend/metrics/metricserror.h"
#include "backend/metrics/serieshistory.h"
#include "backend/metrics/timeseries.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::kube {
class Transport;
}

namespace gantry::metrics {

/// One `/metrics` endpoint to scrape directly.
struct ScrapeTarget {
    std::string url; ///< the whole URL, e.g. https://127.0.0.1:6443/metrics
    std::string caPem; ///< trust only these CAs for https; empty: the system's roots
    bool insecureSkipTlsVerify = false;
    std::string bearerToken; ///< sent as `Authorization: Bearer`; empty: none
    /// Added to every series that lacks them, as Prometheus adds target labels:
    /// e.g. namespace and pod for a vLLM pod, whose own metrics do not name it.
    LabelMap labels;
};

struct ScraperOptions {
    SeriesHistory::Limits limits;
    /// Metric families to keep (base names: "vllm:generation_tokens" keeps its
    /// `_total`, a histogram its `_bucket`/`_sum`/`_count`); empty keeps all.
    std::vector<std::string> families = consoleFamilies();
    std::chrono::milliseconds timeout { std::chrono::seconds(10) };

    /// The families the console's readings and charts are computed from.
    static std::vector<std::string> consoleFamilies();
};

/// How one scrape of one target went.
struct ScrapeOutcome {
    std::string url;
    std::optional<MetricsError> error; ///< set when nothing could be read
    std::size_t samplesKept = 0;
    std::vector<std::string> issues; ///< malformed lines, skipped ("line 12, column 40: …")
};

/// Scrapes `/metrics` endpoints directly (no Prometheus in between), parses
/// them with the exposition parser and keeps a bounded history per series,
/// labelled like Prometheus would (`instance` = host:port, plus the target's
/// labels). Each series' history is a ring buffer, so memory stays flat however
/// long it runs. scrape() blocks on the network: call it from a worker thread.
class Scraper {
public:
    explicit Scraper(std::vector<ScrapeTarget> targets, ScraperOptions options = {});
    ~Scraper();
    Scraper(const Scraper &) = delete;
    Scraper &operator=(const Scraper &) = delete;

    /// Fetches every target once and records what it served at `now`.
    std::vector<ScrapeOutcome> scrape(SystemTime now);
    /// Records one scrape's text as if target `targetIndex` had served it at `now`.
    ScrapeOutcome ingest(std::size_t targetIndex, std::string_view text, SystemTime now);

    const SeriesHistory &history() const { return m_history; }
    const std::vector<ScrapeTarget> &targets() const { return m_targets; }

private:
    struct Endpoint;

    bool keeps(std::string_view sampleName) const;

    const std::vector<ScrapeTarget> m_targets;
    const ScraperOptions m_options;
    std::vector<std::unique_ptr<Endpoint>> m_endpoints;
    SeriesHistory m_history;
};

} // namespace gantry::metrics

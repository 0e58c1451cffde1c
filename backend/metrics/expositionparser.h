#pragma once

#include "backend/metrics/metricfamilies.h"

#include <memory>
#include <string_view>

namespace gantry::metrics {

/// Reads the Prometheus text exposition format (version 0.0.4), as served by
/// vLLM, dcgm-exporter and every Prometheus client library.
///
/// Malformed lines are skipped and listed as issues; every other line is kept,
/// so a scrape cut off mid-line still yields everything before the cut. Accepts
/// `\r\n` line ends and a missing final newline (reported, since a scrape that
/// ends mid-line looks the same). Runs in time linear in the input.
///
/// A parser object keeps its scratch buffers between calls, which saves a few
/// allocations when one scrape target is polled repeatedly. Not thread-safe.
class ExpositionParser
{
public:
    ExpositionParser();
    ~ExpositionParser();
    ExpositionParser(const ExpositionParser &) = delete;
    ExpositionParser &operator=(const ExpositionParser &) = delete;

    /// Parses one scrape. Does not throw on any input text.
    MetricFamilies parse(std::string_view text);

private:
    struct Scratch;
    class Run;
    std::unique_ptr<Scratch> m_scratch;
};

/// Parses one scrape with a fresh ExpositionParser.
MetricFamilies parseExposition(std::string_view text);

} // namespace gantry::metrics

// Scrapes in the Prometheus text format, as vLLM and dcgm-exporter serve them
// (or as a proxy cuts them off), read by a fresh parser and by one reused across
// inputs as the scraper does, then every sample, label and histogram walked, so
// a view that outlives its storage shows up.
#include "backend/metrics/expositionparser.h"
#include "backend/metrics/histogram.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace gantry::metrics;

namespace {

std::size_t walk(const MetricFamilies &scrape)
{
    std::size_t bytes = 0;
    for (const MetricFamily &family : scrape.families()) {
        bytes += family.name.size() + family.help.size() + metricTypeName(family.type).size();
        for (const Sample &sample : family.samples) {
            bytes += sample.name.size();
            for (const Label &label : sample.labels)
                bytes += label.name.size() + label.value.size();
            if (scrape.familyOf(sample.name) == nullptr || !sampleBelongsTo(family, sample.name)) {
                std::fprintf(stderr, "sample %.*s is in a family it does not belong to\n",
                             static_cast<int>(sample.name.size()), sample.name.data());
                std::abort();
            }
        }
        if (family.type == MetricType::Histogram) {
            for (const HistogramSeries &series : histogramSeries(family)) {
                (void)histogramQuantile(0.5, series.histogram.buckets);
                (void)histogramQuantile(0.99, series.histogram.buckets);
                (void)histogramDelta(series.histogram, series.histogram);
            }
        }
    }
    for (const ParseIssue &issue : scrape.issues())
        bytes += issue.toString().size();
    return bytes;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static ExpositionParser reused;
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const MetricFamilies fresh = parseExposition(text);
    const MetricFamilies again = reused.parse(text);
    if (fresh.sampleCount() != again.sampleCount() || fresh.issues().size() != again.issues().size()) {
        std::fprintf(stderr, "a reused parser read the text differently from a fresh one\n");
        std::abort();
    }
    (void)walk(fresh);
    (void)walk(again);
    return 0;
}

#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gantry::metrics {

class Arena;

/// The type a `# TYPE` line declares; families without one are untyped.
enum class MetricType { Counter, Gauge, Histogram, Summary, Untyped };

/// "counter", "gauge", "histogram", "summary" or "untyped".
std::string_view metricTypeName(MetricType type);

/// One label of a sample, unescaped.
struct Label
{
    std::string_view name;
    std::string_view value;

    friend bool operator==(const Label &, const Label &) = default;
};

/// One sample line: `name{labels} value [timestamp]`.
struct Sample
{
    std::string_view name; ///< full name as exposed, e.g. "x_bucket" or "x_total"
    std::span<const Label> labels; ///< sorted by name, no duplicates
    double value = 0; ///< may be NaN or ±Inf
    std::optional<std::int64_t> timestampMs;

    /// The value of label `labelName`, or "" when absent (Prometheus treats both alike).
    std::string_view label(std::string_view labelName) const;

    /// The first non-empty value among several spellings of one label, e.g.
    /// {"Hostname", "hostname"} or {"exported_pod", "pod"}.
    std::string_view label(std::initializer_list<std::string_view> labelNames) const;
};

/// All samples of one metric: for a histogram its `_bucket`, `_sum`, `_count`
/// (and `_created`) series; for a summary its quantiles, `_sum` and `_count`;
/// for a counter declared without `_total` its `_total` and `_created` series.
struct MetricFamily
{
    std::string_view name;
    MetricType type = MetricType::Untyped;
    std::string_view help; ///< unescaped HELP text, "" without one
    std::vector<Sample> samples;
};

/// A problem with one line: a malformed line, which was skipped, or a last line
/// without its newline, which was kept but may be cut short.
struct ParseIssue
{
    std::size_t line = 0; ///< 1-based
    std::size_t column = 0; ///< 1-based byte offset in the line
    std::string message;

    /// "line 12, column 40: unterminated value of label 'UUID'".
    std::string toString() const;
};

/// One parsed scrape: its metric families in order of first appearance and the
/// lines that could not be read. All names, label values and help texts are
/// views into storage shared by every copy of this object; keep a copy alive
/// while using them.
class MetricFamilies
{
public:
    MetricFamilies() = default;
    /// Used by the parser: takes the families, the issues and the storage they point into.
    MetricFamilies(
        std::vector<MetricFamily> families, std::vector<ParseIssue> issues, std::shared_ptr<const Arena> storage);

    const std::vector<MetricFamily> &families() const { return m_families; }
    const std::vector<ParseIssue> &issues() const { return m_issues; }

    /// The family named exactly `name`, or null.
    const MetricFamily *find(std::string_view name) const;

    /// The family a sample named `sampleName` belongs to, e.g. the histogram
    /// "x" for "x_bucket" or the counter "x" for "x_total"; null when none.
    const MetricFamily *familyOf(std::string_view sampleName) const;

    /// The first sample named `sampleName` whose labels include every given
    /// name/value pair, or null.
    const Sample *findSample(std::string_view sampleName,
        std::initializer_list<std::pair<std::string_view, std::string_view>> labels = {}) const;

    /// Total number of samples over all families.
    std::size_t sampleCount() const;

private:
    std::vector<MetricFamily> m_families;
    std::vector<ParseIssue> m_issues;
    std::unordered_map<std::string_view, std::size_t> m_index;
    std::shared_ptr<const Arena> m_storage;
};

/// True when a sample named `sampleName` can belong to `family`: the exact name,
/// or the family name plus a suffix its type allows (`_bucket`, `_sum`, `_count`,
/// `_total`, `_created`).
bool sampleBelongsTo(const MetricFamily &family, std::string_view sampleName);

} // namespace gantry::metrics

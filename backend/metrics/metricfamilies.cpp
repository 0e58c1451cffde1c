#include "backend/metrics/metricfamilies.h"

#include "backend/metrics/arena.h"

#include <algorithm>
#include <array>

namespace gantry::metrics {

namespace {

bool suffixAllowed(MetricType type, std::string_view suffix)
{
    switch (type) {
    case MetricType::Counter:
        return suffix.empty() || suffix == "_total" || suffix == "_created";
    case MetricType::Histogram:
        return suffix == "_bucket" || suffix == "_sum" || suffix == "_count" || suffix == "_created";
    case MetricType::Summary:
        return suffix.empty() || suffix == "_sum" || suffix == "_count" || suffix == "_created";
    case MetricType::Gauge:
    case MetricType::Untyped:
        return suffix.empty();
    }
    return false;
}

} // namespace

std::string_view metricTypeName(MetricType type)
{
    switch (type) {
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Histogram:
        return "histogram";
    case MetricType::Summary:
        return "summary";
    case MetricType::Untyped:
        return "untyped";
    }
    return "untyped";
}

std::string_view Sample::label(std::string_view labelName) const
{
    const auto it = std::lower_bound(labels.begin(), labels.end(), labelName,
        [](const Label &label, std::string_view key) { return label.name < key; });
    return it != labels.end() && it->name == labelName ? it->value : std::string_view();
}

std::string_view Sample::label(std::initializer_list<std::string_view> labelNames) const
{
    for (std::string_view labelName : labelNames) {
        if (const std::string_view found = label(labelName); !found.empty())
            return found;
    }
    return {};
}

std::string ParseIssue::toString() const
{
    return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message;
}

MetricFamilies::MetricFamilies(
    std::vector<MetricFamily> families, std::vector<ParseIssue> issues, std::shared_ptr<const Arena> storage)
    : m_families(std::move(families))
    , m_issues(std::move(issues))
    , m_storage(std::move(storage))
{
    m_index.reserve(m_families.size());
    for (std::size_t i = 0; i < m_families.size(); ++i)
        m_index.emplace(m_families[i].name, i);
}

const MetricFamily *MetricFamilies::find(std::string_view name) const
{
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_families[it->second];
}

const MetricFamily *MetricFamilies::familyOf(std::string_view sampleName) const
{
    if (const MetricFamily *family = find(sampleName); family && sampleBelongsTo(*family, sampleName))
        return family;
    static constexpr std::array<std::string_view, 5> suffixes = { "_bucket", "_sum", "_count", "_total", "_created" };
    for (std::string_view suffix : suffixes) {
        if (!sampleName.ends_with(suffix))
            continue;
        const MetricFamily *family = find(sampleName.substr(0, sampleName.size() - suffix.size()));
        if (family && sampleBelongsTo(*family, sampleName))
            return family;
    }
    return nullptr;
}

const Sample *MetricFamilies::findSample(
    std::string_view sampleName, std::initializer_list<std::pair<std::string_view, std::string_view>> labels) const
{
    const MetricFamily *family = familyOf(sampleName);
    if (!family)
        return nullptr;
    for (const Sample &sample : family->samples) {
        if (sample.name != sampleName)
            continue;
        const bool matches = std::all_of(labels.begin(), labels.end(),
            [&](const auto &wanted) { return sample.label(wanted.first) == wanted.second; });
        if (matches)
            return &sample;
    }
    return nullptr;
}

std::size_t MetricFamilies::sampleCount() const
{
    std::size_t count = 0;
    for (const MetricFamily &family : m_families)
        count += family.samples.size();
    return count;
}

bool sampleBelongsTo(const MetricFamily &family, std::string_view sampleName)
{
    return sampleName.starts_with(family.name) && suffixAllowed(family.type, sampleName.substr(family.name.size()));
}

} // namespace gantry::metrics

#include "backend/fleet/coldstartstats.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace gantry::fleet {

namespace {

double percentile(const std::vector<double> &sorted, double fraction)
{
    const double rank = fraction * static_cast<double>(sorted.size() - 1);
    const auto lower = static_cast<std::size_t>(std::floor(rank));
    const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - static_cast<double>(lower));
}

// Durations gathered for one group before they become PhaseStats.
struct Samples
{
    std::vector<double> totals;
    std::map<ColdStartPhase, std::vector<double>> phases;
    std::map<std::string, std::vector<double>> bySource;

    void add(const ColdStart &start)
    {
        const double total = start.totalSeconds(start.ready.value_or(start.created));
        totals.push_back(total);
        bySource[start.weightSource.empty() ? "unknown" : start.weightSource].push_back(total);
        for (const PhaseSpan &span : start.phases) {
            if (span.end && !span.merged())
                phases[span.phase].push_back(span.seconds());
        }
    }

    ColdStartStats stats(std::string namespaceName, std::string service) const
    {
        ColdStartStats result;
        result.namespaceName = std::move(namespaceName);
        result.inferenceService = std::move(service);
        result.count = totals.size();
        result.total = phaseStats(totals);
        for (const auto &[phase, values] : phases)
            result.phases[phase] = phaseStats(values);
        for (const auto &[source, values] : bySource)
            result.totalByWeightSource[source] = phaseStats(values);
        return result;
    }
};

} // namespace

PhaseStats phaseStats(std::vector<double> values)
{
    PhaseStats stats;
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
    if (values.empty())
        return stats;
    std::sort(values.begin(), values.end());
    stats.count = values.size();
    stats.p50 = percentile(values, 0.5);
    stats.p95 = percentile(values, 0.95);
    stats.max = values.back();
    return stats;
}

std::vector<ColdStartStats> coldStartStats(const std::vector<std::shared_ptr<const ColdStart>> &starts, SystemTime now,
                                           std::chrono::seconds window)
{
    Samples fleet;
    std::map<std::pair<std::string, std::string>, Samples> services;
    for (const auto &start : starts) {
        if (!start || !start->complete || !start->ready || *start->ready < now - window)
            continue;
        fleet.add(*start);
        services[{start->podNamespace, start->inferenceService}].add(*start);
    }
    std::vector<ColdStartStats> result;
    result.push_back(fleet.stats({}, {}));
    for (const auto &[key, samples] : services)
        result.push_back(samples.stats(key.first, key.second));
    return result;
}

} // namespace gantry::fleet

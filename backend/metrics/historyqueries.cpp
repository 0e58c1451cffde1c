#include "backend/metrics/historyqueries.h"

#include "backend/metrics/dcgmreadings.h"
#include "backend/metrics/histogram.h"
#include "backend/metrics/rate.h"
#include "backend/metrics/samplevalue.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace gantry::metrics {

namespace {

constexpr double lookbackSeconds = 300; // Prometheus' default lookback delta
constexpr double maxEvaluations = 11000;

enum class Operation { Gauge, Rate, Quantile };
enum class Aggregation { None, Sum, Max, Avg, CountPods };

struct Plan {
    std::string_view name;
    Operation operation;
    std::vector<std::string_view> metrics; ///< the first is preferred; later ones fill in missing groups ("or")
    Aggregation aggregation;
    std::vector<std::string_view> by;
    double window = 0; ///< seconds, for rates and quantiles
    double quantile = 0.95;
    double fallbackFactor = 1; ///< scales the values of every metric after the first
};

const std::vector<std::string_view> perReplica = { "namespace", "pod", "model_name" };
const std::vector<std::string_view> perModel = { "model_name" };

const std::vector<Plan> &plans()
{
    using O = Operation;
    using A = Aggregation;
    static const std::vector<Plan> all = {
        { "gpu_utilization", O::Gauge, { "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_PROF_GR_ENGINE_ACTIVE" }, A::None, {}, 0, 0,
            100 },
        { "gpu_memory_used", O::Gauge, { "DCGM_FI_DEV_FB_USED" }, A::None, {} },
        { "gpu_memory_free", O::Gauge, { "DCGM_FI_DEV_FB_FREE" }, A::None, {} },
        { "gpu_memory_reserved", O::Gauge, { "DCGM_FI_DEV_FB_RESERVED" }, A::None, {} },
        { "gpu_power", O::Gauge, { "DCGM_FI_DEV_POWER_USAGE" }, A::None, {} },
        { "gpu_temperature", O::Gauge, { "DCGM_FI_DEV_GPU_TEMP" }, A::None, {} },
        { "replicas_running", O::Gauge, { "vllm:num_requests_running" }, A::CountPods, { "namespace", "model_name" } },
        { "requests_running", O::Gauge, { "vllm:num_requests_running" }, A::Sum, perReplica },
        { "requests_waiting", O::Gauge, { "vllm:num_requests_waiting" }, A::Sum, perReplica },
        { "kv_cache_usage", O::Gauge, { "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc" }, A::Max, perReplica },
        { "ttft_p95", O::Quantile, { "vllm:time_to_first_token_seconds_bucket" }, A::Sum, perReplica, 300 },
        { "inter_token_latency_p95", O::Quantile,
            { "vllm:inter_token_latency_seconds_bucket", "vllm:time_per_output_token_seconds_bucket" }, A::Sum,
            perReplica, 300 },
        { "e2e_latency_p95", O::Quantile, { "vllm:e2e_request_latency_seconds_bucket" }, A::Sum, perReplica, 300 },
        { "generation_tokens_rate", O::Rate, { "vllm:generation_tokens_total" }, A::Sum, perReplica, 60 },
        { "prompt_tokens_rate", O::Rate, { "vllm:prompt_tokens_total" }, A::Sum, perReplica, 60 },
        { "model_requests_running", O::Gauge, { "vllm:num_requests_running" }, A::Sum, perModel },
        { "model_requests_waiting", O::Gauge, { "vllm:num_requests_waiting" }, A::Sum, perModel },
        { "model_kv_cache_usage", O::Gauge, { "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc" }, A::Avg,
            perModel },
        { "model_generation_tokens_rate", O::Rate, { "vllm:generation_tokens_total" }, A::Sum, perModel, 60 },
        { "model_prompt_tokens_rate", O::Rate, { "vllm:prompt_tokens_total" }, A::Sum, perModel, 60 },
        { "model_ttft_p95", O::Quantile, { "vllm:time_to_first_token_seconds_bucket" }, A::Sum, perModel, 300 },
        { "model_e2e_latency_p95", O::Quantile, { "vllm:e2e_request_latency_seconds_bucket" }, A::Sum, perModel, 300 },
    };
    return all;
}

const Plan *planNamed(std::string_view name)
{
    for (const Plan &plan : plans()) {
        if (plan.name == name)
            return &plan;
    }
    return nullptr;
}

LabelMap project(const LabelMap &labels, const std::vector<std::string_view> &names)
{
    LabelMap out;
    for (std::string_view name : names) {
        const auto it = labels.find(name);
        if (it != labels.end() && !it->second.empty())
            out.emplace(it->first, it->second);
    }
    return out;
}

// Index of the first point with time > `after`.
std::size_t firstAfter(const std::vector<Point> &points, double after)
{
    return static_cast<std::size_t>(std::upper_bound(points.begin(), points.end(), after, [](double t, const Point &p) {
        return t < p.time;
    }) - points.begin());
}

// The gauge value at `time`: the last sample in the lookback, unless it is a stale marker.
std::optional<double> gaugeAt(const std::vector<Point> &points, double time)
{
    const std::size_t end = firstAfter(points, time);
    if (end == 0)
        return std::nullopt;
    const Point &last = points[end - 1];
    if (last.time <= time - lookbackSeconds || SeriesHistory::isStaleMarker(last.value))
        return std::nullopt;
    return last.value;
}

// rate(x[window]) at `time`, without Prometheus' extrapolation to the window's edges.
std::optional<double> rateAt(const std::vector<Point> &points, double time, double window)
{
    const std::size_t end = firstAfter(points, time);
    const Point *first = nullptr;
    const Point *previous = nullptr;
    double increase = 0;
    for (std::size_t i = firstAfter(points, time - window); i < end; ++i) {
        if (SeriesHistory::isStaleMarker(points[i].value))
            continue;
        if (previous)
            increase += counterIncrease(previous->value, points[i].value);
        else
            first = &points[i];
        previous = &points[i];
    }
    if (!first || previous == first)
        return std::nullopt;
    return rate(0, increase, previous->time - first->time);
}

struct Group {
    double value = 0;
    std::size_t count = 0;
    std::set<std::string> pods;
    std::vector<Bucket> buckets; ///< quantiles: summed rate per upper bound
};

using Groups = std::map<LabelMap, Group>;

void addValue(Group &group, Aggregation aggregation, double value)
{
    if (aggregation == Aggregation::Max)
        group.value = group.count == 0 ? value : std::max(group.value, value);
    else
        group.value += value;
    ++group.count;
}

void addBucket(Group &group, double upperBound, double value)
{
    for (Bucket &bucket : group.buckets) {
        if (bucket.upperBound == upperBound) {
            bucket.count += value;
            return;
        }
    }
    group.buckets.push_back({ upperBound, value });
}

// Adds one series' value at `time` to its group; false when the series has no value then.
bool addSeries(const Plan &plan, Groups &groups, const Series &series, double time, double factor)
{
    const LabelMap labels = plan.aggregation == Aggregation::None ? canonicalDcgmLabels(series.labels) : series.labels;
    switch (plan.operation) {
    case Operation::Gauge: {
        std::optional<double> value = gaugeAt(series.points, time);
        if (!value)
            return false;
        *value *= factor;
        if (plan.aggregation == Aggregation::None)
            addValue(groups[labels], Aggregation::Sum, *value);
        else if (plan.aggregation == Aggregation::CountPods)
            groups[project(labels, plan.by)].pods.insert(firstLabel(labels, { "pod" }));
        else
            addValue(groups[project(labels, plan.by)], plan.aggregation, *value);
        return true;
    }
    case Operation::Rate: {
        const std::optional<double> value = rateAt(series.points, time, plan.window);
        if (!value)
            return false;
        addValue(groups[project(labels, plan.by)], Aggregation::Sum, *value);
        return true;
    }
    case Operation::Quantile: {
        const std::optional<double> bound = parseSampleValue(firstLabel(labels, { "le" }));
        const std::optional<double> value = rateAt(series.points, time, plan.window);
        if (!bound || !value)
            return false;
        addBucket(groups[project(labels, plan.by)], *bound, *value);
        return true;
    }
    }
    return false;
}

double resultOf(const Plan &plan, Group &group)
{
    switch (plan.operation) {
    case Operation::Quantile:
        std::sort(group.buckets.begin(), group.buckets.end(),
            [](const Bucket &a, const Bucket &b) { return a.upperBound < b.upperBound; });
        return histogramQuantile(plan.quantile, group.buckets);
    case Operation::Gauge:
        if (plan.aggregation == Aggregation::CountPods)
            return static_cast<double>(group.pods.size());
        if (plan.aggregation == Aggregation::Avg)
            return group.value / static_cast<double>(group.count);
        return group.value;
    case Operation::Rate:
        return group.value;
    }
    return group.value;
}

// One evaluation of `plan` at `time` over pre-selected data, one list per metric
// of the plan. `A or B` works per series, as in PromQL: a series of B counts
// only when A has no series with the same labels at that time.
std::map<LabelMap, double> evaluate(const Plan &plan, const std::vector<std::vector<Series>> &data, double time)
{
    Groups groups;
    std::set<const LabelMap *, bool (*)(const LabelMap *, const LabelMap *)> present(
        [](const LabelMap *a, const LabelMap *b) { return *a < *b; });
    for (std::size_t i = 0; i < data.size(); ++i) {
        const double factor = i == 0 ? 1 : plan.fallbackFactor;
        for (const Series &series : data[i]) {
            if (i > 0 && present.count(&series.labels))
                continue;
            if (addSeries(plan, groups, series, time, factor) && i + 1 < data.size())
                present.insert(&series.labels);
        }
    }
    std::map<LabelMap, double> out;
    for (auto &[labels, group] : groups)
        out.emplace(labels, resultOf(plan, group));
    return out;
}

MetricsError unknownQuery(std::string_view name)
{
    std::string known;
    for (const Plan &plan : plans())
        known += (known.empty() ? "" : ", ") + std::string(plan.name);
    return MetricsError::make(MetricsError::Kind::Configuration,
        "no direct equivalent of query \"" + std::string(name) + "\" for scraped metrics; known: " + known);
}

} // namespace

HistoryQueries::HistoryQueries(const SeriesHistory &history)
    : m_history(history)
{
}

std::vector<std::string> HistoryQueries::names()
{
    std::vector<std::string> list;
    for (const Plan &plan : plans())
        list.emplace_back(plan.name);
    return list;
}

bool HistoryQueries::knows(std::string_view name)
{
    return planNamed(name) != nullptr;
}

Result<std::vector<Series>, MetricsError> HistoryQueries::instant(std::string_view name, double time) const
{
    return range(name, time, time, 1);
}

Result<std::vector<Series>, MetricsError> HistoryQueries::range(
    std::string_view name, double start, double end, double step) const
{
    const Plan *plan = planNamed(name);
    if (!plan)
        return unknownQuery(name);
    if (!(end >= start))
        return MetricsError::make(MetricsError::Kind::Configuration, "the range ends before it starts");
    step = std::max({ step, (end - start) / maxEvaluations, 0.001 });
    const double reach = std::max(plan->window, lookbackSeconds);
    std::vector<std::vector<Series>> data;
    for (std::string_view metric : plan->metrics)
        data.push_back(m_history.select(metric, start - reach, end));

    std::map<LabelMap, Series> series;
    const auto steps = static_cast<std::size_t>(std::floor((end - start) / step + 1e-9)) + 1;
    for (std::size_t i = 0; i < steps; ++i) {
        const double time = start + static_cast<double>(i) * step;
        for (auto &[labels, value] : evaluate(*plan, data, time)) {
            Series &one = series[labels];
            if (one.points.empty())
                one.labels = labels;
            one.points.push_back({ time, value });
        }
    }
    std::vector<Series> out;
    out.reserve(series.size());
    for (auto &entry : series)
        out.push_back(std::move(entry.second));
    return out;
}

} // namespace gantry::metrics

#include "backend/metrics/vllmreadings.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

namespace gantry::metrics {

namespace {

std::string keyOf(const ReplicaReading &reading)
{
    return reading.podNamespace + '\x01' + reading.podName + '\x01' + reading.modelName;
}

ReplicaReading identityOf(const LabelMap &labels)
{
    ReplicaReading reading;
    reading.podNamespace = firstLabel(labels, { "namespace" });
    reading.podName = firstLabel(labels, { "pod" });
    reading.modelName = firstLabel(labels, { "model_name" });
    return reading;
}

void addTo(std::optional<double> &figure, double value)
{
    figure = figure.value_or(0) + value;
}

void maxInto(std::optional<double> &figure, double value)
{
    figure = figure ? std::max(*figure, value) : value;
}

LabelMap labelsOf(const Sample &sample)
{
    LabelMap labels;
    for (const Label &label : sample.labels)
        labels.emplace(label.name, label.value);
    return labels;
}

} // namespace

const std::vector<ReplicaFigureSource> &replicaFigureSources()
{
    static const std::vector<ReplicaFigureSource> sources = {
        { ReplicaFigure::RequestsRunning, "requests_running" },
        { ReplicaFigure::RequestsWaiting, "requests_waiting" },
        { ReplicaFigure::KvCacheUsage, "kv_cache_usage" },
        { ReplicaFigure::TtftP95, "ttft_p95" },
        { ReplicaFigure::GenerationTokensRate, "generation_tokens_rate" },
        { ReplicaFigure::PromptTokensRate, "prompt_tokens_rate" },
    };
    return sources;
}

void VllmReadings::add(ReplicaFigure figure, const LabelMap &labels, double value)
{
    ReplicaReading identity = identityOf(labels);
    const std::string key = keyOf(identity);
    ReplicaReading &reading = m_readings.try_emplace(key, std::move(identity)).first->second;
    if (std::isnan(value))
        return;
    switch (figure) {
    case ReplicaFigure::RequestsRunning:
        addTo(reading.requestsRunning, value);
        break;
    case ReplicaFigure::RequestsWaiting:
        addTo(reading.requestsWaiting, value);
        break;
    case ReplicaFigure::KvCacheUsage:
        maxInto(reading.kvCacheUsage, value);
        break;
    case ReplicaFigure::TtftP95:
        reading.ttftP95Seconds = value;
        break;
    case ReplicaFigure::GenerationTokensRate:
        addTo(reading.generationTokensPerSecond, value);
        break;
    case ReplicaFigure::PromptTokensRate:
        addTo(reading.promptTokensPerSecond, value);
        break;
    }
}

void VllmReadings::addFamilies(const MetricFamilies &families)
{
    auto addAll = [&](std::string_view name, ReplicaFigure figure, const std::set<std::string> *skip) {
        std::set<std::string> keys;
        const MetricFamily *family = families.find(name);
        if (!family)
            return keys;
        for (const Sample &sample : family->samples) {
            if (sample.name != name)
                continue;
            const LabelMap labels = labelsOf(sample);
            const std::string key = keyOf(identityOf(labels));
            if (skip && skip->count(key))
                continue;
            keys.insert(key);
            add(figure, labels, sample.value);
        }
        return keys;
    };
    addAll("vllm:num_requests_running", ReplicaFigure::RequestsRunning, nullptr);
    addAll("vllm:num_requests_waiting", ReplicaFigure::RequestsWaiting, nullptr);
    // `kv_cache_usage_perc or gpu_cache_usage_perc`: the deprecated name only where the new one is missing.
    const std::set<std::string> current = addAll("vllm:kv_cache_usage_perc", ReplicaFigure::KvCacheUsage, nullptr);
    addAll("vllm:gpu_cache_usage_perc", ReplicaFigure::KvCacheUsage, &current);
}

std::vector<ReplicaReading> VllmReadings::take()
{
    std::vector<ReplicaReading> out;
    out.reserve(m_readings.size());
    for (auto &entry : m_readings)
        out.push_back(std::move(entry.second));
    m_readings.clear();
    return out; // the map's key order is namespace, pod, model
}

} // namespace gantry::metrics

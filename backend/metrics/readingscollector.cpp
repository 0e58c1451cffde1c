#include "backend/metrics/readingscollector.h"

#include "backend/metrics/dcgmreadings.h"
#include "backend/metrics/vllmreadings.h"

#include <optional>

namespace gantry::metrics {

Result<Readings, MetricsError> collectReadings(const InstantQuery &run, SystemTime now, const std::string &source)
{
    Readings readings;
    readings.at = now;
    readings.source = source;
    std::optional<MetricsError> firstError;
    std::size_t failed = 0;
    std::size_t total = 0;
    auto each = [&](std::string_view name, auto &&add) {
        ++total;
        Result<std::vector<Series>, MetricsError> result = run(name);
        if (!result.ok()) {
            ++failed;
            if (!firstError)
                firstError = result.error();
            readings.errors.push_back(std::string(name) + ": " + result.error().message);
            return;
        }
        for (const Series &series : result.value()) {
            if (!series.points.empty())
                add(series.labels, series.points.back().value);
        }
    };
    DcgmReadings gpus;
    for (const GpuFigureSource &figure : gpuFigureSources())
        each(figure.queryName, [&](const LabelMap &labels, double value) { gpus.add(figure.figure, labels, value); });
    VllmReadings replicas;
    for (const ReplicaFigureSource &figure : replicaFigureSources()) {
        each(figure.queryName,
            [&](const LabelMap &labels, double value) { replicas.add(figure.figure, labels, value); });
    }
    if (failed == total && firstError)
        return *firstError;
    readings.gpus = gpus.take();
    readings.replicas = replicas.take();
    return readings;
}

} // namespace gantry::metrics

#include "widgets/models/metricssourcechartprovider.h"

#include "backend/metrics/metricssource.h"

#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <set>

namespace gantry {

namespace {

enum class Combine { Sum, Mean };

/// One line from several series, point by point on their shared timestamps
/// (range queries evaluate every series at the same steps).
QList<QPointF> combine(const std::vector<metrics::Series> &series, Combine how)
{
    std::map<double, std::pair<double, int>> byTime;
    for (const metrics::Series &one : series) {
        for (const metrics::Point &point : one.points) {
            if (!std::isfinite(point.value))
                continue; // a gap, not a zero
            auto &slot = byTime[point.time];
            slot.first += point.value;
            ++slot.second;
        }
    }
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(byTime.size()));
    for (const auto &[time, slot] : byTime)
        points.append(QPointF(time * 1000.0, how == Combine::Sum ? slot.first : slot.first / slot.second));
    return points;
}

} // namespace

MetricsSourceChartProvider::MetricsSourceChartProvider(std::shared_ptr<metrics::MetricsSource> source, QObject *parent)
    : QObject(parent)
    , m_source(std::move(source))
{
    m_pool.setMaxThreadCount(1);
}

MetricsSourceChartProvider::~MetricsSourceChartProvider()
{
    ++m_generation;
    m_pool.clear();
    m_pool.waitForDone();
}

void MetricsSourceChartProvider::waitForIdle()
{
    m_pool.waitForDone();
}

std::chrono::seconds MetricsSourceChartProvider::stepFor(std::chrono::seconds window)
{
    return std::max(std::chrono::seconds(15), window / 240);
}

void MetricsSourceChartProvider::request(const ChartRequest &request, std::function<void(ChartResult)> done)
{
    const std::uint64_t generation = ++m_generation;
    if (!m_source) {
        ChartResult result;
        result.error = tr("No metrics source is connected, so there is no history to chart. "
                          "Point Gantry at a Prometheus to see these charts.");
        QMetaObject::invokeMethod(
            this, [this, generation, done, result] {
                if (generation == m_generation)
                    done(result);
            },
            Qt::QueuedConnection);
        return;
    }
    std::shared_ptr<metrics::MetricsSource> source = m_source;
    m_pool.start([this, generation, source, request, done] {
        if (generation != m_generation)
            return; // superseded before it started
        ChartResult result = query(*source, request, [this, generation] { return generation != m_generation; });
        if (generation != m_generation)
            return;
        QMetaObject::invokeMethod(
            this, [this, generation, done, result = std::move(result)] {
                if (generation == m_generation)
                    done(result);
            },
            Qt::QueuedConnection);
    });
}

ChartResult MetricsSourceChartProvider::query(metrics::MetricsSource &source, const ChartRequest &request, const std::function<bool()> &stale)
{
    const std::string ns = request.namespaceName.toStdString();
    const std::string model = request.deployment.toStdString();
    const auto end = std::chrono::system_clock::time_point(std::chrono::milliseconds(request.end.toMSecsSinceEpoch()));
    const auto start = end - request.window;
    const auto step = stepFor(request.window);

    ChartResult result;
    int transportFailures = 0;
    QString firstFailure;
    const auto run = [&](ChartMetric metric, const std::string &queryName, const metrics::LabelFilter &filter,
                         Combine how, const std::function<bool(const metrics::Series &)> &keep = {}) {
        if (stale && stale())
            return;
        ChartLine &line = result.lines[metric];
        auto answer = source.range(queryName, filter, start, end, step);
        if (!answer) {
            line.error = QString::fromStdString(answer.error().message);
            if (answer.error().kind == metrics::MetricsError::Kind::Transport) {
                ++transportFailures;
                if (firstFailure.isEmpty())
                    firstFailure = line.error;
            }
            return;
        }
        std::vector<metrics::Series> series = std::move(answer).value();
        if (keep)
            std::erase_if(series, [&keep](const metrics::Series &one) { return !keep(one); });
        line.points = combine(series, how);
    };

    run(ChartMetric::Replicas, "replicas_running", {{{"namespace", ns}, {"model_name", model}}}, Combine::Sum);
    run(ChartMetric::QueueDepth, "model_requests_waiting", {{{"model_name", model}}}, Combine::Sum);
    run(ChartMetric::TtftP95, "model_ttft_p95", {{{"model_name", model}}}, Combine::Sum);
    run(ChartMetric::TokensPerSecond, "model_generation_tokens_rate", {{{"model_name", model}}}, Combine::Sum);

    // Today's pods, plus earlier replicas by KServe's pod naming (<service>-predictor-…),
    // so the window still shows GPUs of pods that were replaced.
    std::set<std::string> pods;
    for (const QString &pod : request.pods)
        pods.insert(pod.toStdString());
    const std::string predictorPrefix = model + "-predictor-";
    run(ChartMetric::GpuUtilization, "gpu_utilization", {{{"namespace", ns}}}, Combine::Mean,
        [&pods, &predictorPrefix](const metrics::Series &series) {
            const std::string pod = metrics::firstLabel(series.labels, {"pod"});
            return pods.count(pod) > 0 || pod.starts_with(predictorPrefix);
        });

    if (transportFailures > 0 && transportFailures == static_cast<int>(result.lines.size()))
        result.error = firstFailure;
    return result;
}

} // namespace gantry

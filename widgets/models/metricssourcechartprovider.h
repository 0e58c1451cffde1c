#pragma once

#include "widgets/models/chartdataprovider.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <cstdint>
#include <memory>

namespace gantry::metrics {
class MetricsSource;
}

namespace gantry {

/// Chart history from a MetricsSource (Prometheus or scrape history). The
/// blocking range queries run on a one-thread pool, so queries to one source
/// never overlap; results come back on the UI thread. Every request() starts a
/// new generation: jobs of older generations skip their queries when they have
/// not started and drop their results when they finish late.
class MetricsSourceChartProvider : public QObject, public ChartDataProvider
{
    Q_OBJECT

public:
    /// `source` may be null: every request then answers that there is no metrics source.
    explicit MetricsSourceChartProvider(std::shared_ptr<metrics::MetricsSource> source, QObject *parent = nullptr);
    /// Waits for a query in flight (its result is dropped).
    ~MetricsSourceChartProvider() override;

    void request(const ChartRequest &request, std::function<void(ChartResult)> done) override;

    /// The current generation: how many requests were made.
    std::uint64_t generation() const { return m_generation.load(); }
    /// Blocks until no job runs or waits (tests, shutdown).
    void waitForIdle();

    /// The queries of `request` against `source`, blocking. The query names are
    /// those of queries.yaml: replicas_running, model_requests_waiting,
    /// model_ttft_p95, model_generation_tokens_rate and gpu_utilization (the
    /// GPUs of the deployment's pods, averaged per instant).
    /// `stale` is asked between queries: when it says true, the rest are skipped.
    static ChartResult query(metrics::MetricsSource &source, const ChartRequest &request, const std::function<bool()> &stale = {});
    /// The step of a window: about 240 points, never below the usual 15 s scrape interval.
    static std::chrono::seconds stepFor(std::chrono::seconds window);

private:
    std::shared_ptr<metrics::MetricsSource> m_source;
    std::atomic<std::uint64_t> m_generation{0};
    QThreadPool m_pool;
};

} // namespace gantry

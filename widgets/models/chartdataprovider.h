#pragma once

#include <QDateTime>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <map>

namespace gantry {

/// The figures the model charts draw.
enum class ChartMetric {
    Replicas,        ///< serving replicas
    QueueDepth,      ///< requests waiting, summed over replicas
    TtftP95,         ///< seconds
    TokensPerSecond, ///< generated tokens per second
    GpuUtilization,  ///< percent, mean over the deployment's GPUs
};

/// What the charts of one deployment need.
struct ChartRequest
{
    QString namespaceName;
    QString deployment;
    /// The deployment's pods, to pick its GPUs out of the per-GPU series.
    QStringList pods;
    QDateTime end; ///< the cluster's now
    std::chrono::seconds window{3600};
};

/// One metric over the window: x is milliseconds since the epoch, y the value.
/// `error` says in words why there is nothing, when a query failed.
struct ChartLine
{
    QList<QPointF> points;
    QString error;
};

struct ChartResult
{
    std::map<ChartMetric, ChartLine> lines;
    /// Why nothing at all could be read (no metrics source, source unreachable).
    QString error;
};

/// Where the model charts get their history. The widgets only ask; an
/// implementation does the I/O off the UI thread and calls `done` on the UI
/// thread. A newer request supersedes older ones: their `done` may never be called.
class ChartDataProvider
{
public:
    virtual ~ChartDataProvider() = default;
    virtual void request(const ChartRequest &request, std::function<void(ChartResult)> done) = 0;
};

} // namespace gantry

#pragma once

#include "widgets/models/chartdataprovider.h"

#include <QList>

#include <cmath>

namespace gantry::test {

/// The charts' seam: records requests and answers with series it makes up
/// from the request (or with the errors it was told to give).
class FakeChartProvider : public ChartDataProvider
{
public:
    void request(const ChartRequest &request, std::function<void(ChartResult)> done) override
    {
        requests.append(request);
        pending = std::move(done);
        if (answerAtOnce)
            answer();
    }

    /// Answers the last request.
    void answer()
    {
        if (!pending)
            return;
        const ChartRequest &request = requests.last();
        ChartResult result;
        result.error = sourceError;
        if (result.error.isEmpty()) {
            const qint64 end = request.end.toMSecsSinceEpoch();
            const qint64 span = std::chrono::milliseconds(request.window).count();
            for (int i = 0; points > 0 && i <= points; ++i) {
                const double x = static_cast<double>(end - span + span * i / points);
                const double phase = i / 18.0;
                const double load = 0.5 + 0.45 * std::sin(phase); // a daily-looking swell
                result.lines[ChartMetric::Replicas].points.append({x, std::round(2 + 4 * load)});
                result.lines[ChartMetric::QueueDepth].points.append({x, std::max(0.0, std::round(30 * load - 8 + 3 * std::sin(i * 0.4)))});
                result.lines[ChartMetric::TtftP95].points.append({x, 0.4 + 1.1 * load + 0.06 * std::sin(i * 0.5)});
                result.lines[ChartMetric::TokensPerSecond].points.append({x, 1200 + 4200 * load + 150 * std::sin(i * 0.3)});
                result.lines[ChartMetric::GpuUtilization].points.append({x, 35 + 55 * load + 3 * std::sin(i * 0.45)});
            }
            for (const auto &[metric, error] : lineErrors) {
                result.lines[metric].points.clear();
                result.lines[metric].error = error;
            }
        }
        auto done = std::move(pending);
        pending = nullptr;
        done(result);
    }

    QList<ChartRequest> requests;
    std::function<void(ChartResult)> pending;
    bool answerAtOnce = true;
    int points = 240;
    QString sourceError;
    std::map<ChartMetric, QString> lineErrors;
};

} // namespace gantry::test

#pragma once

#include "backend/core/rfc3339.h"
#include "widgets/models/chartdataprovider.h"

#include <QWidget>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QButtonGroup;
class QLabel;

namespace gantry::fleet {
struct Deployment;
}

namespace gantry {

/// The history charts of one deployment: replicas against queue depth, TTFT
/// p95, generated tokens per second and GPU utilization, over 15 min, 1 h or
/// 6 h. All Qt Charts code of the console lives in this class (Qt Charts is
/// deprecated in later Qt versions; one place to replace). Data comes from a
/// ChartDataProvider; series are fed whole with replace(). A failed query
/// leaves its chart showing why, in words.
class ModelCharts : public QWidget
{
    Q_OBJECT

public:
    explicit ModelCharts(QWidget *parent = nullptr);
    ~ModelCharts() override;

    /// Not owned; may be null (the charts then say there is no metrics source).
    void setChartDataProvider(ChartDataProvider *provider);

    /// Charts `deployment` (none for nullptr). Asks the provider again when the
    /// deployment changes, or when `now` moved a step past the last request.
    void setDeployment(const std::shared_ptr<const fleet::Deployment> &deployment, SystemTime now);
    /// Asks the provider again for the current deployment and window.
    void refresh();

    std::chrono::seconds window() const { return m_window; }
    void setWindow(std::chrono::seconds window);
    /// The windows the selector offers: 15 min, 1 h, 6 h.
    static QList<std::chrono::seconds> windows();

    /// What the chart of `metric` shows: its points (x in ms since the epoch)…
    QList<QPointF> points(ChartMetric metric) const;
    /// …or the message shown instead of it ("" while the chart is visible).
    QString message(ChartMetric metric) const;

Q_SIGNALS:
    /// After a result was drawn.
    void updated();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Panel;
    struct Line;
    Panel *buildPanel(const QString &title);
    void addLine(Panel *panel, ChartMetric metric, const QString &name, const QString &labelFormat, const QColor &colour,
                 Qt::Alignment axisSide);
    void apply(const ChartResult &result);
    void showMessage(const QString &text);
    void applyPalette();
    QString windowName() const;

    ChartDataProvider *m_provider = nullptr;
    std::shared_ptr<const fleet::Deployment> m_deployment;
    SystemTime m_now;
    std::optional<SystemTime> m_requestedAt;
    std::chrono::seconds m_window{3600};
    std::vector<std::unique_ptr<Panel>> m_panels;
    std::map<ChartMetric, std::unique_ptr<Line>> m_lines;
    QButtonGroup *m_windowButtons = nullptr;
    QLabel *m_title = nullptr;
    std::shared_ptr<int> m_alive; ///< callbacks hold a weak_ptr: a result after destruction is dropped
};

} // namespace gantry

#include "widgets/models/modelcharts.h"

#include "backend/fleet/deployment.h"
#include "widgets/models/servingcolours.h"
#include "widgets/scaledfont.h"

#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QStackedLayout>
#include <QToolButton>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace gantry {

struct ModelCharts::Panel
{
    QWidget *container = nullptr;
    QStackedLayout *stack = nullptr;
    QChartView *view = nullptr;
    QChart *chart = nullptr;
    QDateTimeAxis *time = nullptr;
    QLabel *message = nullptr;
    std::vector<ChartMetric> metrics;
};

struct ModelCharts::Line
{
    Panel *panel = nullptr;
    QLineSeries *series = nullptr;
    QValueAxis *axis = nullptr;
    QColor colour;
    double fixedMax = 0; ///< a scale with a natural top (percent), 0 when it follows the data
};

namespace {

/// A value axis from 0 that holds `max` with 3–6 round ticks (1, 2, 2.5 or 5 × 10^k apart).
void setRoundRange(QValueAxis *axis, double max)
{
    if (!(max > 0)) {
        axis->setRange(0, 1);
        axis->setTickCount(2);
        return;
    }
    const double rough = max / 4;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    double step = magnitude;
    for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = factor * magnitude;
        if (step >= rough)
            break;
    }
    const int ticks = static_cast<int>(std::ceil(max / step - 1e-9));
    axis->setRange(0, ticks * step);
    axis->setTickCount(ticks + 1);
}

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

ModelCharts::ModelCharts(QWidget *parent)
    : QWidget(parent)
    , m_alive(std::make_shared<int>(0))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *bar = new QHBoxLayout;
    m_title = new QLabel(tr("History"), this);
    QFont titleFont = m_title->font();
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    bar->addWidget(m_title);
    bar->addStretch(1);
    m_windowButtons = new QButtonGroup(this);
    m_windowButtons->setExclusive(true);
    const QStringList names{tr("15 min"), tr("1 h"), tr("6 h")};
    const auto choices = windows();
    for (int i = 0; i < choices.size(); ++i) {
        auto *button = new QToolButton(this);
        button->setText(names[i]);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setObjectName(QStringLiteral("window%1").arg(choices[i].count()));
        button->setChecked(choices[i] == m_window);
        m_windowButtons->addButton(button, i);
        bar->addWidget(button);
    }
    connect(m_windowButtons, &QButtonGroup::idClicked, this, [this](int id) { setWindow(windows().value(id)); });
    layout->addLayout(bar);

    auto *grid = new QGridLayout;
    grid->setSpacing(fontMetrics().height() / 2);
    layout->addLayout(grid, 1);

    Panel *scaling = buildPanel(tr("Replicas vs queue depth"));
    addLine(scaling, ChartMetric::Replicas, tr("replicas"), QStringLiteral("%.0f"), servingcolours::seriesReplicas(), Qt::AlignLeft);
    addLine(scaling, ChartMetric::QueueDepth, tr("requests waiting"), QStringLiteral("%.0f"), servingcolours::seriesQueue(), Qt::AlignRight);
    Panel *latency = buildPanel(tr("Time to first token, p95"));
    addLine(latency, ChartMetric::TtftP95, tr("TTFT p95"), QStringLiteral("%.1f s"), servingcolours::seriesLatency(), Qt::AlignLeft);
    Panel *tokens = buildPanel(tr("Generated tokens per second"));
    addLine(tokens, ChartMetric::TokensPerSecond, tr("tokens/s"), QStringLiteral("%.0f"), servingcolours::seriesTokens(), Qt::AlignLeft);
    Panel *gpu = buildPanel(tr("GPU utilization, mean"));
    addLine(gpu, ChartMetric::GpuUtilization, tr("GPU util"), QStringLiteral("%.0f %%"), servingcolours::seriesGpu(), Qt::AlignLeft);
    m_lines[ChartMetric::GpuUtilization]->fixedMax = 100;
    // Only the two-line chart needs a legend.
    scaling->chart->legend()->setVisible(true);
    scaling->chart->legend()->setAlignment(Qt::AlignTop);

    for (int i = 0; i < static_cast<int>(m_panels.size()); ++i)
        grid->addWidget(m_panels[static_cast<std::size_t>(i)]->container, i / 2, i % 2);

    applyPalette();
    showMessage(tr("Select a model to chart its history."));
}

ModelCharts::~ModelCharts() = default;

QList<std::chrono::seconds> ModelCharts::windows()
{
    return {std::chrono::seconds(15 * 60), std::chrono::seconds(3600), std::chrono::seconds(6 * 3600)};
}

ModelCharts::Panel *ModelCharts::buildPanel(const QString &title)
{
    auto panel = std::make_unique<Panel>();
    panel->container = new QWidget(this);
    panel->stack = new QStackedLayout(panel->container);
    panel->chart = new QChart;
    panel->chart->setTitle(title);
    panel->chart->legend()->setVisible(false);
    panel->chart->setBackgroundRoundness(0);
    panel->chart->setMargins(QMargins(2, 2, 2, 2));
    panel->chart->layout()->setContentsMargins(0, 0, 0, 0);
    QFont titleFont = font();
    titleFont.setWeight(QFont::DemiBold);
    panel->chart->setTitleFont(titleFont);
    panel->time = new QDateTimeAxis;
    panel->time->setFormat(QStringLiteral("HH:mm"));
    panel->time->setTickCount(5);
    QFont axisFont = font();
    axisFont = scaledFont(axisFont, 0.85);
    panel->time->setLabelsFont(axisFont);
    panel->chart->addAxis(panel->time, Qt::AlignBottom);
    panel->view = new QChartView(panel->chart, panel->container);
    panel->view->setRenderHint(QPainter::Antialiasing);
    panel->view->setObjectName(QStringLiteral("chart"));
    panel->message = new QLabel(panel->container);
    panel->message->setObjectName(QStringLiteral("chartMessage"));
    panel->message->setAlignment(Qt::AlignCenter);
    panel->message->setWordWrap(true);
    panel->message->setMargin(fontMetrics().height());
    panel->stack->addWidget(panel->view);
    panel->stack->addWidget(panel->message);
    panel->container->setMinimumHeight(fontMetrics().height() * 10);
    m_panels.push_back(std::move(panel));
    return m_panels.back().get();
}

void ModelCharts::addLine(Panel *panel, ChartMetric metric, const QString &name, const QString &labelFormat, const QColor &colour,
                          Qt::Alignment axisSide)
{
    auto line = std::make_unique<Line>();
    line->panel = panel;
    line->colour = colour;
    line->series = new QLineSeries;
    line->series->setName(name);
    QPen pen(colour);
    pen.setWidthF(2);
    line->series->setPen(pen);
    panel->chart->addSeries(line->series);
    line->axis = new QValueAxis;
    line->axis->setLabelFormat(labelFormat);
    line->axis->setTickCount(5);
    QFont axisFont = font();
    axisFont = scaledFont(axisFont, 0.85);
    line->axis->setLabelsFont(axisFont);
    line->axis->setRange(0, 1);
    panel->chart->addAxis(line->axis, axisSide);
    line->series->attachAxis(panel->time);
    line->series->attachAxis(line->axis);
    panel->metrics.push_back(metric);
    m_lines[metric] = std::move(line);
}

void ModelCharts::setChartDataProvider(ChartDataProvider *provider)
{
    m_provider = provider;
    refresh();
}

void ModelCharts::setDeployment(const std::shared_ptr<const fleet::Deployment> &deployment, SystemTime now)
{
    const bool same = deployment && m_deployment && deployment->namespaceName == m_deployment->namespaceName
                      && deployment->name == m_deployment->name;
    m_deployment = deployment;
    m_now = now;
    if (!deployment) {
        m_requestedAt.reset();
        m_title->setText(tr("History"));
        showMessage(tr("Select a model to chart its history."));
        return;
    }
    // Pods come and go within a deployment: ask again only once the data is a step old.
    if (same && m_requestedAt && now - *m_requestedAt < std::max<std::chrono::seconds>(std::chrono::seconds(15), m_window / 240))
        return;
    refresh();
}

void ModelCharts::setWindow(std::chrono::seconds window)
{
    if (window.count() <= 0 || window == m_window)
        return;
    m_window = window;
    const int id = static_cast<int>(windows().indexOf(window));
    if (QAbstractButton *button = m_windowButtons->button(id))
        button->setChecked(true);
    refresh();
}

QString ModelCharts::windowName() const
{
    const long long seconds = m_window.count();
    if (seconds % 3600 == 0)
        return tr("%1 h").arg(seconds / 3600);
    return tr("%1 min").arg(seconds / 60);
}

void ModelCharts::refresh()
{
    if (!m_deployment)
        return;
    m_title->setText(tr("History of %1, last %2").arg(qs(m_deployment->name), windowName()));
    if (!m_provider) {
        showMessage(tr("No metrics source is connected, so there is no history to chart."));
        return;
    }
    ChartRequest request;
    request.namespaceName = qs(m_deployment->namespaceName);
    request.deployment = qs(m_deployment->name);
    for (const fleet::Replica &replica : m_deployment->replicas)
        request.pods << qs(replica.name);
    request.end = QDateTime::fromMSecsSinceEpoch(std::chrono::duration_cast<std::chrono::milliseconds>(m_now.time_since_epoch()).count(), Qt::UTC);
    request.window = m_window;
    m_requestedAt = m_now;
    // The old lines stay until the answer comes; a provider may also answer at once.
    std::weak_ptr<int> alive = m_alive;
    m_provider->request(request, [this, alive](const ChartResult &result) {
        if (!alive.expired())
            apply(result);
    });
}

void ModelCharts::showMessage(const QString &text)
{
    for (const auto &panel : m_panels) {
        panel->message->setText(text);
        panel->stack->setCurrentWidget(panel->message);
    }
}

void ModelCharts::apply(const ChartResult &result)
{
    if (!result.error.isEmpty()) {
        showMessage(result.error);
        Q_EMIT updated();
        return;
    }
    const qint64 endMs = std::chrono::duration_cast<std::chrono::milliseconds>(m_now.time_since_epoch()).count();
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC).toLocalTime();
    const QDateTime start = end.addSecs(-m_window.count());
    for (const auto &panel : m_panels) {
        QStringList errors;
        bool anyPoints = false;
        for (ChartMetric metric : panel->metrics) {
            Line &line = *m_lines[metric];
            const auto it = result.lines.find(metric);
            const ChartLine empty;
            const ChartLine &lineData = it == result.lines.end() ? empty : it->second;
            line.series->replace(lineData.points);
            double max = 0;
            for (const QPointF &point : lineData.points)
                max = std::max(max, point.y());
            if (line.fixedMax > 0 && max <= line.fixedMax) {
                line.axis->setRange(0, line.fixedMax);
                line.axis->setTickCount(5);
            } else {
                setRoundRange(line.axis, max * 1.05); // a little headroom above the highest point
            }
            anyPoints = anyPoints || !lineData.points.isEmpty();
            if (!lineData.error.isEmpty())
                errors << line.series->name() + QStringLiteral(": ") + lineData.error;
        }
        panel->time->setRange(start, end);
        panel->view->setToolTip(errors.join(QLatin1Char('\n')));
        if (anyPoints) {
            panel->stack->setCurrentWidget(panel->view);
        } else {
            panel->message->setText(errors.isEmpty() ? tr("No samples in the last %1.").arg(windowName())
                                                     : tr("Could not read the history.") + QStringLiteral("\n\n") + errors.join(QStringLiteral("\n\n")));
            panel->stack->setCurrentWidget(panel->message);
        }
    }
    Q_EMIT updated();
}

QList<QPointF> ModelCharts::points(ChartMetric metric) const
{
    const auto it = m_lines.find(metric);
    return it == m_lines.end() ? QList<QPointF>() : it->second->series->points();
}

QString ModelCharts::message(ChartMetric metric) const
{
    const auto it = m_lines.find(metric);
    if (it == m_lines.end())
        return {};
    const Panel *panel = it->second->panel;
    return panel->stack->currentWidget() == panel->message ? panel->message->text() : QString();
}

void ModelCharts::applyPalette()
{
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = servingcolours::muted(pal);
    QColor grid = pal.color(QPalette::Text);
    grid.setAlphaF(0.12f);
    for (const auto &panel : m_panels) {
        panel->chart->setBackgroundBrush(pal.color(QPalette::Base));
        panel->chart->setBackgroundPen(QPen(pal.color(QPalette::Mid)));
        panel->chart->setPlotAreaBackgroundVisible(false);
        panel->chart->setTitleBrush(text);
        panel->chart->legend()->setLabelColor(text);
        panel->view->setBackgroundBrush(pal.color(QPalette::Window));
        for (QAbstractAxis *axis : panel->chart->axes()) {
            axis->setLabelsBrush(muted);
            axis->setGridLineColor(grid);
            axis->setLinePenColor(grid);
            axis->setTitleBrush(muted);
        }
        // Two scales in one chart: each axis speaks in its line's colour.
        if (panel->metrics.size() > 1) {
            for (ChartMetric metric : panel->metrics)
                m_lines[metric]->axis->setLabelsBrush(m_lines[metric]->colour);
        }
        QPalette messagePalette = panel->message->palette();
        messagePalette.setColor(QPalette::WindowText, muted);
        panel->message->setPalette(messagePalette);
    }
}

void ModelCharts::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

} // namespace gantry

#include "widgets/coldstarts/coldstartcomparisonpanel.h"

#include "backend/fleet/fleet.h"
#include "widgets/coldstarts/durationtext.h"
#include "widgets/coldstarts/phasecolours.h"
#include "widgets/coldstarts/timeaxis.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace gantry {

ColdStartComparisonPanel::ColdStartComparisonPanel(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void ColdStartComparisonPanel::setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    setColdStarts(snapshot ? snapshot->coldStarts : nullptr);
}

void ColdStartComparisonPanel::setColdStarts(const std::shared_ptr<const fleet::ColdStartsSnapshot> &coldStarts)
{
    if (coldStarts == m_coldStarts)
        return; // nothing here depends on the moving now
    m_coldStarts = coldStarts;
    m_summaries = coldStarts ? compareWeightSources(coldStarts->starts) : std::vector<WeightSourceSummary>{};
    updateGeometry();
    update();
}

QString ColdStartComparisonPanel::emptyStateText() const
{
    if (m_summaries.empty())
        return tr("No cold start is known yet, so there is nothing to compare.");
    return {};
}

double ColdStartComparisonPanel::scaleSeconds() const
{
    double longest = 0;
    for (const WeightSourceSummary &summary : m_summaries)
        longest = std::max({longest, summary.medianSum(), summary.total.p50});
    return longest;
}

int ColdStartComparisonPanel::rowHeight() const
{
    return static_cast<int>(std::ceil(fontMetrics().height() * 2.0));
}

QSize ColdStartComparisonPanel::sizeHint() const
{
    const QFontMetrics metrics = fontMetrics();
    const int rows = std::max<int>(1, static_cast<int>(m_summaries.size()));
    return {metrics.averageCharWidth() * 120, metrics.height() * 5 + rows * rowHeight()};
}

QSize ColdStartComparisonPanel::minimumSizeHint() const
{
    const QFontMetrics metrics = fontMetrics();
    return {metrics.averageCharWidth() * 60, metrics.height() * 5 + rowHeight()};
}

void ColdStartComparisonPanel::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QFontMetrics metrics = fontMetrics();
    const QPalette &pal = palette();
    const QColor ink = pal.color(QPalette::WindowText);
    QColor dim = ink;
    dim.setAlphaF(0.65);
    QColor grid = ink;
    grid.setAlphaF(0.12);
    const int pad = metrics.averageCharWidth();
    const QRect area = rect().adjusted(2 * pad, pad, -2 * pad, -pad);

    // Title and what the bars mean.
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(ink);
    const QString title = tr("Start time by weight source");
    painter.drawText(area.left(), area.top() + metrics.ascent(), title);
    painter.setFont(font());
    painter.setPen(dim);
    painter.drawText(area.left() + QFontMetrics(bold).horizontalAdvance(title) + 2 * pad, area.top() + metrics.ascent(),
                     tr("completed starts · p50 and p95 of the total · bar: median time in each phase"));

    if (m_summaries.empty()) {
        painter.drawText(area.adjusted(0, metrics.height() * 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, emptyStateText());
        return;
    }

    // Columns: source, starts, p50, p95, then the bars.
    const QFontMetrics boldMetrics(bold);
    int sourceWidth = boldMetrics.horizontalAdvance(QStringLiteral("shared volume"));
    for (const WeightSourceSummary &summary : m_summaries)
        sourceWidth = std::max(sourceWidth, boldMetrics.horizontalAdvance(QString::fromStdString(summary.source)));
    sourceWidth += 3 * pad;
    const int startsWidth = metrics.horizontalAdvance(tr("12 starts, 1 running")) + 2 * pad;
    const int figureWidth = metrics.horizontalAdvance(QStringLiteral("p95 00m00s")) + 2 * pad;
    const int barLeft = area.left() + sourceWidth + startsWidth + 2 * figureWidth;
    const int labelWidth = metrics.horizontalAdvance(QStringLiteral("00m00s")) + 2 * pad;
    const int barRight = std::max(barLeft + 4 * pad, area.right() - labelWidth);
    const int top = area.top() + metrics.height() * 2;
    const int rowH = rowHeight();
    const int rowsBottom = top + static_cast<int>(m_summaries.size()) * rowH;

    TimeAxis scale;
    scale.begin = 0;
    scale.width = barRight - barLeft;
    scale.end = std::max(scaleSeconds() * 1.04, 10.0);

    // Grid and axis labels under the rows.
    const double step = scale.tickStep(metrics.horizontalAdvance(QStringLiteral("+1h30m")) + 2 * pad);
    for (double tick : scale.ticks(step)) {
        const int x = barLeft + static_cast<int>(std::lround(scale.toPixel(tick)));
        painter.setPen(QPen(grid, 0));
        painter.drawLine(x, top, x, rowsBottom);
        QString label = TimeAxis::relativeLabel(tick);
        if (label.startsWith(QLatin1Char('+')))
            label.remove(0, 1);
        painter.setPen(dim);
        const int width = metrics.horizontalAdvance(label);
        painter.drawText(std::clamp(x - width / 2, barLeft, barRight + labelWidth - width), rowsBottom + metrics.ascent() + pad / 2, label);
    }

    int y = top;
    for (const WeightSourceSummary &summary : m_summaries) {
        const QRect row(area.left(), y, area.width(), rowH);
        const auto textIn = [&](int left, int width, const QString &text, const QColor &colour, const QFont &f) {
            painter.setFont(f);
            painter.setPen(colour);
            painter.drawText(QRect(left, row.top(), width, row.height()), Qt::AlignLeft | Qt::AlignVCenter,
                             QFontMetrics(f).elidedText(text, Qt::ElideRight, width - pad));
        };
        textIn(row.left(), sourceWidth, QString::fromStdString(summary.source), ink, bold);
        QString starts = startCountText(static_cast<long long>(summary.total.count));
        if (summary.inProgress)
            starts += tr(", %1 running").arg(summary.inProgress);
        textIn(row.left() + sourceWidth, startsWidth, starts, dim, font());
        if (summary.total.count > 0) {
            textIn(row.left() + sourceWidth + startsWidth, figureWidth, tr("p50 %1").arg(formatDuration(summary.total.p50)), ink, font());
            textIn(row.left() + sourceWidth + startsWidth + figureWidth, figureWidth, tr("p95 %1").arg(formatDuration(summary.total.p95)), dim,
                   font());
        }

        const int barHeight = std::max(4, rowH - metrics.height());
        const QRectF barBox(barLeft, row.center().y() - barHeight / 2.0, 0, barHeight);
        if (summary.total.count == 0) {
            textIn(barLeft, barRight - barLeft, tr("no completed start yet"), dim, font());
        } else {
            double x = barLeft;
            for (fleet::ColdStartPhase phase : allColdStartPhases) {
                const auto it = summary.medianByPhase.find(phase);
                if (it == summary.medianByPhase.end())
                    continue;
                const double width = scale.toPixel(it->second);
                if (width < 0.5)
                    continue;
                const QRectF segment(x, barBox.top(), width, barBox.height());
                painter.fillRect(segment, phaseColour(phase));
                painter.setPen(QPen(phaseOutlineColour(phase, pal), 0));
                painter.drawRect(segment.adjusted(0, 0, -1, -1));
                const QString text = formatDuration(it->second);
                if (segment.width() >= metrics.horizontalAdvance(text) + 2 * pad) {
                    painter.setFont(font());
                    painter.setPen(phaseTextColour(phase));
                    painter.drawText(segment, Qt::AlignCenter, text);
                }
                x += width;
            }
            // The headline figure right after the bar.
            textIn(static_cast<int>(std::ceil(x)) + pad, labelWidth + (barRight - static_cast<int>(x)), formatDuration(summary.total.p50), ink,
                   bold);
        }
        y += rowH;
    }
}

} // namespace gantry

#include "widgets/pools/heatmappainter.h"

#include "backend/fleet/gpupool.h"
#include "widgets/pools/heatmaplayout.h"
#include "widgets/pools/heatmaptext.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace gantry {
namespace {

// Marks below these sizes would be a pixel or two of noise: skip them.
constexpr int minTickCell = 7;
constexpr int minDashCell = 6;
constexpr int minTriangleMark = 4;

QColor withAlpha(QColor colour, int alpha)
{
    colour.setAlpha(alpha);
    return colour;
}

std::optional<double> cellValue(const fleet::Gpu &gpu, HeatmapColourMode mode)
{
    if (mode == HeatmapColourMode::Utilization)
        return gpu.utilizationPercent;
    return HeatmapLayout::memoryUsedPercent(gpu);
}

} // namespace

HeatmapPainter::HeatmapPainter(QPainter &painter, const HeatmapLayout &layout,
                               const std::vector<HeatmapSummary> &summaries, HeatmapColourMode colourMode,
                               const QPalette &palette, const QFont &font)
    : m_painter(painter)
    , m_layout(layout)
    , m_summaries(summaries)
    , m_colourMode(colourMode)
    , m_palette(palette)
    , m_font(font)
    , m_colours(HeatmapColours::forPalette(palette))
    , m_notReadyHatch(m_colours.notReady, Qt::BDiagPattern)
    , m_dashPen(m_colours.provisioning, 1, Qt::DashLine)
    , m_placeholderFill(withAlpha(m_colours.provisioning, 40))
{
    m_dashPen.setCosmetic(true);
}

void HeatmapPainter::paint(const QRect &clip, int hoveredItem)
{
    if (!m_layout.pools)
        return;
    m_painter.save();
    m_painter.setRenderHint(QPainter::Antialiasing, false);
    m_painter.setFont(m_font);

    const auto [firstSection, lastSection] = m_layout.sectionsBetween(clip.top(), clip.bottom());
    for (std::size_t s = firstSection; s < lastSection; ++s) {
        if (m_layout.sections[s].header.intersects(clip))
            paintHeader(m_layout.sections[s]);
    }

    const auto [first, last] = m_layout.itemsBetween(clip.top(), clip.bottom());
    const bool aggregated = m_layout.aggregated() && m_summaries.size() == m_layout.items.size();
    for (std::size_t i = first; i < last; ++i) {
        const HeatmapItem &item = m_layout.items[i];
        if (!item.rect.intersects(clip))
            continue;
        const bool hovered = static_cast<int>(i) == hoveredItem;
        if (aggregated)
            paintAggregate(item, m_summaries[i], hovered);
        else
            paintNode(item, hovered);
    }
    m_painter.restore();
}

void HeatmapPainter::paintHeader(const HeatmapSection &section)
{
    const auto &pools = m_layout.pools->pools;
    if (static_cast<std::size_t>(section.pool) >= pools.size() || !pools[static_cast<std::size_t>(section.pool)])
        return;
    const fleet::GpuPool &pool = *pools[static_cast<std::size_t>(section.pool)];
    const QFontMetrics fm(m_font);
    const QRect line(section.header.left(), section.header.top(), section.header.width(), fm.height() + 4);

    const auto tr = [](const char *text) { return QCoreApplication::translate("GpuHeatmapView", text); };
    const int nodes = static_cast<int>(pool.nodes.size());
    QString figures = nodes == 1 ? tr("1 node") : tr("%1 nodes").arg(nodes);
    if (const int waiting = HeatmapLayout::placeholderCountOf(pool); waiting > 0)
        figures += QStringLiteral(" · ") + tr("%1 provisioning").arg(waiting);
    figures += QStringLiteral(" · ")
        + tr("%1 / %2 GPUs allocated").arg(std::lround(pool.gpusAllocated)).arg(std::lround(pool.gpusTotal))
        + QStringLiteral(" · ") + tr("%1 mean util").arg(percentText(pool.meanUtilizationPercent));
    m_painter.setPen(m_palette.color(QPalette::PlaceholderText));
    const int figuresWidth = fm.horizontalAdvance(figures);
    m_painter.drawText(line, Qt::AlignRight | Qt::AlignVCenter, figures);

    QFont bold = m_font;
    bold.setWeight(QFont::DemiBold);
    const QFontMetrics boldFm(bold);
    const int nameRoom = std::max(0, line.width() - figuresWidth - fm.averageCharWidth() * 4);
    const QString name = boldFm.elidedText(QString::fromStdString(pool.name), Qt::ElideRight, nameRoom);
    m_painter.setFont(bold);
    m_painter.setPen(m_palette.color(QPalette::Text));
    m_painter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, name);
    m_painter.setFont(m_font);

    const int productLeft = line.left() + boldFm.horizontalAdvance(name) + fm.averageCharWidth() * 2;
    const int productRoom = line.right() - figuresWidth - fm.averageCharWidth() * 2 - productLeft;
    if (!pool.gpuProduct.empty() && productRoom > fm.averageCharWidth() * 4) {
        m_painter.setPen(m_palette.color(QPalette::PlaceholderText));
        m_painter.drawText(QRect(productLeft, line.top(), productRoom, line.height()), Qt::AlignLeft | Qt::AlignVCenter,
                           fm.elidedText(QString::fromStdString(pool.gpuProduct), Qt::ElideRight, productRoom));
    }
    m_painter.fillRect(QRect(line.left(), line.bottom() + 2, line.width(), 1),
                       withAlpha(m_palette.color(QPalette::Text), 40));
}

QRect HeatmapPainter::cellsBounds(const HeatmapItem &item) const
{
    const int columns = std::max(1, m_layout.sections[static_cast<std::size_t>(item.section)].columns);
    const int shown = std::max(1, item.gpuCount);
    const int used = std::min(columns, shown);
    const int lines = (shown + columns - 1) / columns;
    const int pitch = m_layout.cellSize + m_layout.cellGap;
    return QRect(item.cells.x(), item.cells.y(), used * pitch - m_layout.cellGap,
                 (lines - 1) * m_layout.linePitch + m_layout.cellSize);
}

void HeatmapPainter::paintNode(const HeatmapItem &item, bool hovered)
{
    const bool rows = m_layout.mode == HeatmapMode::Rows;
    if (hovered && rows)
        m_painter.fillRect(item.rect, withAlpha(m_palette.color(QPalette::Highlight), 36));

    const fleet::FleetNode *node = m_layout.node(item);
    const int cell = m_layout.cellSize;
    for (int g = 0; g < item.gpuCount; ++g) {
        const QRect r = m_layout.cellRect(item, g);
        if (item.placeholder) {
            m_painter.fillRect(r, m_placeholderFill);
            continue;
        }
        const fleet::Gpu *gpu = m_layout.gpu(item, g);
        const std::optional<double> value = gpu ? cellValue(*gpu, m_colourMode) : std::nullopt;
        m_painter.fillRect(r, value ? HeatmapColours::ramp(*value) : m_colours.noReading);
        if (gpu && gpu->allocated && cell >= minTickCell) {
            const QColor &tick = value ? HeatmapColours::contrastOn(*value) : m_palette.color(QPalette::Text);
            cornerMark(r, std::max(3, cell * 2 / 5), true, tick);
        }
    }

    const QRect bounds = item.gpuCount > 0 ? cellsBounds(item) : QRect();
    const fleet::NodeState state = node ? node->state : fleet::NodeState::Provisioning;
    const int border = cell >= 10 ? 2 : 1;
    if (bounds.isValid()) {
        switch (state) {
        case fleet::NodeState::NotReady:
            m_painter.fillRect(bounds, m_notReadyHatch);
            frame(bounds, border, m_colours.notReady);
            break;
        case fleet::NodeState::Cordoned:
            frame(bounds, border, m_colours.cordoned);
            break;
        case fleet::NodeState::Provisioning:
            dashedFrame(bounds, m_colours.provisioning);
            break;
        case fleet::NodeState::Unknown:
            dashedFrame(bounds, m_palette.color(QPalette::PlaceholderText));
            break;
        case fleet::NodeState::Ready:
            break;
        }
    }
    if (hovered && !rows)
        frame(item.rect.adjusted(-border - 1, -border - 1, border + 1, border + 1), 1,
              m_palette.color(QPalette::Highlight));
    if (rows)
        paintRowText(item, bounds);
}

void HeatmapPainter::paintRowText(const HeatmapItem &item, const QRect &cells)
{
    const QFontMetrics fm(m_font);
    const int pad = fm.averageCharWidth();
    const QRect firstLine(item.rect.left(), item.rect.top(), item.rect.width(), m_layout.metrics.rowHeight);
    const fleet::FleetNode *node = m_layout.node(item);

    const QRect label(firstLine.left() + pad, firstLine.top(), m_layout.metrics.rowLabelWidth - 2 * pad,
                      firstLine.height());
    if (node) {
        m_painter.setPen(m_palette.color(QPalette::Text));
        m_painter.drawText(label, Qt::AlignLeft | Qt::AlignVCenter,
                           fm.elidedText(QString::fromStdString(node->name), Qt::ElideMiddle, label.width()));
    } else {
        QFont italic = m_font;
        italic.setItalic(true);
        m_painter.setFont(italic);
        m_painter.setPen(m_colours.provisioning);
        m_painter.drawText(label, Qt::AlignLeft | Qt::AlignVCenter,
                           QFontMetrics(italic).elidedText(QCoreApplication::translate("GpuHeatmapView", "awaiting node %1")
                                                               .arg(item.firstNode + 1),
                                                           Qt::ElideRight, label.width()));
        m_painter.setFont(m_font);
    }

    // Status text starts at the same x in every row of the pool, so it reads as a column.
    const auto &section = m_layout.sections[static_cast<std::size_t>(item.section)];
    const int cellsRight = item.cells.x() + section.columns * (m_layout.cellSize + m_layout.cellGap);
    const int left = std::max(cellsRight, cells.isValid() ? cells.right() : 0) + 3 * pad;
    const QRect status(left, firstLine.top(), item.rect.right() - left - pad, firstLine.height());
    if (status.width() < fm.averageCharWidth() * 6)
        return;
    QColor colour = m_palette.color(QPalette::PlaceholderText);
    if (node && node->state == fleet::NodeState::NotReady)
        colour = m_colours.notReady;
    else if (node && node->state == fleet::NodeState::Cordoned)
        colour = m_colours.cordoned;
    else if (!node || node->state == fleet::NodeState::Provisioning)
        colour = m_colours.provisioning;
    m_painter.setPen(colour);
    m_painter.drawText(status, Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(heatmapRowStatus(m_layout, item), Qt::ElideRight, status.width()));
}

void HeatmapPainter::paintAggregate(const HeatmapItem &item, const HeatmapSummary &summary, bool hovered)
{
    const QRect &r = item.rect;
    const int cell = std::min(r.width(), r.height());
    const int border = cell >= 10 ? 2 : 1;
    if (summary.placeholder) {
        m_painter.fillRect(r, m_placeholderFill);
        if (cell >= minDashCell)
            dashedFrame(r.adjusted(border, border, -border, -border), m_colours.provisioning);
    } else {
        const std::optional<double> value = m_colourMode == HeatmapColourMode::Utilization
            ? summary.utilizationPercent
            : summary.memoryUsedPercent;
        m_painter.fillRect(r, value ? HeatmapColours::ramp(*value) : m_colours.noReading);
        using fleet::NodeState;
        const auto only = [&](NodeState state) { return summary.stateMask == (1u << static_cast<unsigned>(state)); };
        if (only(NodeState::NotReady)) {
            m_painter.fillRect(r, m_notReadyHatch);
            frame(r.adjusted(border, border, -border, -border), border, m_colours.notReady);
        } else if (only(NodeState::Cordoned)) {
            frame(r.adjusted(border, border, -border, -border), border, m_colours.cordoned);
        } else if (only(NodeState::Provisioning) || only(NodeState::Unknown)) {
            if (cell >= minDashCell)
                dashedFrame(r.adjusted(border, border, -border, -border), m_colours.provisioning);
        } else if (summary.mixedStates()) {
            // Some nodes under this cell are not ready: flag the worst one in a corner.
            const QColor &worst = summary.hasState(NodeState::NotReady) ? m_colours.notReady
                : summary.hasState(NodeState::Cordoned)                  ? m_colours.cordoned
                                                                         : m_colours.provisioning;
            cornerMark(r, std::max(3, cell / 2), false, worst);
        }
        if (summary.gpus > 0 && summary.allocated >= summary.gpus && cell >= minTickCell) {
            const QColor &tick = value ? HeatmapColours::contrastOn(*value) : m_palette.color(QPalette::Text);
            cornerMark(r, std::max(3, cell * 2 / 5), true, tick);
        }
    }
    if (hovered)
        frame(r.adjusted(-2, -2, 2, 2), 1, m_palette.color(QPalette::Highlight));
}

void HeatmapPainter::frame(const QRect &inner, int width, const QColor &colour)
{
    // Four fills rather than a pen: exact pixels at any width, no pen state.
    const QRect outer = inner.adjusted(-width, -width, width, width);
    m_painter.fillRect(QRect(outer.left(), outer.top(), outer.width(), width), colour);
    m_painter.fillRect(QRect(outer.left(), inner.bottom() + 1, outer.width(), width), colour);
    m_painter.fillRect(QRect(outer.left(), inner.top(), width, inner.height()), colour);
    m_painter.fillRect(QRect(inner.right() + 1, inner.top(), width, inner.height()), colour);
}

void HeatmapPainter::dashedFrame(const QRect &inner, const QColor &colour)
{
    m_dashPen.setColor(colour);
    m_painter.setPen(m_dashPen);
    m_painter.setBrush(Qt::NoBrush);
    m_painter.drawRect(inner.adjusted(-2, -2, 1, 1));
}

void HeatmapPainter::cornerMark(const QRect &cell, int size, bool topLeft, const QColor &colour)
{
    size = std::min({size, cell.width(), cell.height()});
    if (size < minTriangleMark) {
        // A three-pixel triangle is indistinguishable from a square, which is one fill instead of three.
        const QRect square = topLeft ? QRect(cell.left(), cell.top(), size, size)
                                     : QRect(cell.right() + 1 - size, cell.bottom() + 1 - size, size, size);
        m_painter.fillRect(square, colour);
        return;
    }
    for (int row = 0; row < size; ++row) {
        const int length = size - row;
        if (topLeft)
            m_painter.fillRect(QRect(cell.left(), cell.top() + row, length, 1), colour);
        else
            m_painter.fillRect(QRect(cell.right() + 1 - length, cell.bottom() - row, length, 1), colour);
    }
}

} // namespace gantry

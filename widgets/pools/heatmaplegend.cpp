#include "widgets/pools/heatmaplegend.h"

#include <QPainter>

namespace gantry {
namespace {

enum class Swatch { NoReading, Allocated, NotReady, Cordoned, Provisioning, Mixed };

} // namespace

HeatmapLegend::HeatmapLegend(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("heatmapLegend"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void HeatmapLegend::setColourMode(HeatmapColourMode mode)
{
    m_colourMode = mode;
    updateGeometry();
    update();
}

void HeatmapLegend::setMode(HeatmapMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    updateGeometry();
    update();
}

QStringList HeatmapLegend::entries() const
{
    const bool aggregated = m_mode == HeatmapMode::NodeCells || m_mode == HeatmapMode::NodeGroups;
    QStringList words;
    words << (m_colourMode == HeatmapColourMode::Utilization ? tr("GPU utilization") : tr("Memory used"))
          << tr("0 %") << tr("100 %") << tr("no reading")
          << (aggregated ? tr("all GPUs allocated") : tr("allocated")) << tr("not ready") << tr("cordoned")
          << tr("provisioning");
    if (m_mode == HeatmapMode::NodeGroups)
        words << tr("some nodes not ready");
    return words;
}

QSize HeatmapLegend::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    return QSize(layoutEntries(nullptr), fm.height() + 8);
}

QSize HeatmapLegend::minimumSizeHint() const
{
    return QSize(fontMetrics().averageCharWidth() * 30, fontMetrics().height() + 8);
}

void HeatmapLegend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    layoutEntries(&painter);
}

int HeatmapLegend::layoutEntries(QPainter *painter) const
{
    const QFontMetrics fm = fontMetrics();
    const HeatmapColours colours = HeatmapColours::forPalette(palette());
    const QStringList words = entries();
    const int h = height() > 0 ? height() : fm.height() + 8;
    const int swatch = std::max(12, fm.height() - 2);
    const int swatchTop = (h - swatch) / 2;
    const int space = fm.averageCharWidth();
    const QColor text = palette().color(QPalette::Text);
    const QColor muted = palette().color(QPalette::PlaceholderText);
    int x = 0;

    auto word = [&](const QString &w, const QColor &colour) {
        if (painter) {
            painter->setPen(colour);
            painter->drawText(QRect(x, 0, fm.horizontalAdvance(w) + 1, h), Qt::AlignVCenter | Qt::AlignLeft, w);
        }
        x += fm.horizontalAdvance(w);
    };

    word(words.at(0), text);
    x += 2 * space;
    word(words.at(1), muted);
    x += space;
    const int rampWidth = swatch * 9;
    if (painter) {
        for (int i = 0; i < rampWidth; ++i)
            painter->fillRect(QRect(x + i, swatchTop, 1, swatch), HeatmapColours::ramp(100.0 * i / (rampWidth - 1)));
    }
    x += rampWidth + space;
    word(words.at(2), muted);

    auto entry = [&](Swatch kind, const QString &label) {
        x += 3 * space;
        const QRect r(x, swatchTop, swatch, swatch);
        if (painter) {
            const QColor mid = HeatmapColours::ramp(55);
            switch (kind) {
            case Swatch::NoReading:
                painter->fillRect(r, colours.noReading);
                break;
            case Swatch::Allocated:
                painter->fillRect(r, mid);
                for (int row = 0; row < swatch / 2; ++row)
                    painter->fillRect(QRect(r.left(), r.top() + row, swatch / 2 - row, 1), HeatmapColours::contrastOn(55));
                break;
            case Swatch::NotReady:
                painter->fillRect(r, mid);
                painter->fillRect(r, QBrush(colours.notReady, Qt::BDiagPattern));
                painter->setPen(QPen(colours.notReady, 2));
                painter->drawRect(r.adjusted(1, 1, -1, -1));
                break;
            case Swatch::Cordoned:
                painter->fillRect(r, mid);
                painter->setPen(QPen(colours.cordoned, 2));
                painter->drawRect(r.adjusted(1, 1, -1, -1));
                break;
            case Swatch::Provisioning: {
                QColor fill = colours.provisioning;
                fill.setAlpha(40);
                painter->fillRect(r, fill);
                QPen dash(colours.provisioning, 1, Qt::DashLine);
                dash.setCosmetic(true);
                painter->setPen(dash);
                painter->drawRect(r.adjusted(0, 0, -1, -1));
                break;
            }
            case Swatch::Mixed:
                painter->fillRect(r, mid);
                for (int row = 0; row < swatch / 2; ++row)
                    painter->fillRect(QRect(r.right() + 1 - (swatch / 2 - row), r.bottom() - row, swatch / 2 - row, 1),
                                      colours.notReady);
                break;
            }
        }
        x += swatch + space;
        word(label, text);
    };

    entry(Swatch::NoReading, words.at(3));
    entry(Swatch::Allocated, words.at(4));
    entry(Swatch::NotReady, words.at(5));
    entry(Swatch::Cordoned, words.at(6));
    entry(Swatch::Provisioning, words.at(7));
    if (words.size() > 8)
        entry(Swatch::Mixed, words.at(8));
    return x + 2;
}

} // namespace gantry

#include "widgets/coldstarts/phaselegend.h"

#include "widgets/coldstarts/hatching.h"
#include "widgets/coldstarts/phasecolours.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace gantry {

using fleet::ColdStartPhase;

PhaseLegend::PhaseLegend(QWidget *parent)
    : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void PhaseLegend::setShowNow(bool show)
{
    if (show == m_showNow)
        return;
    m_showNow = show;
    updateGeometry();
    update();
}

std::vector<PhaseLegend::Entry> PhaseLegend::entries() const
{
    std::vector<Entry> result;
    for (ColdStartPhase phase : allColdStartPhases) {
        const Kind kind = phase == ColdStartPhase::Ready ? Kind::Ready : Kind::Phase;
        result.push_back({kind, static_cast<int>(phase), phaseLabel(phase)});
    }
    result.push_back({Kind::Inferred, 0, tr("inferred (hatched)")});
    result.push_back({Kind::Open, 0, tr("in progress")});
    if (m_showNow)
        result.push_back({Kind::Now, 0, tr("now")});
    return result;
}

QStringList PhaseLegend::labels() const
{
    QStringList result;
    for (const Entry &entry : entries())
        result.append(entry.label);
    return result;
}

int PhaseLegend::entryWidth(const Entry &entry) const
{
    const QFontMetrics metrics = fontMetrics();
    return metrics.height() * 2 + metrics.averageCharWidth() + metrics.horizontalAdvance(entry.label);
}

template<typename Paint>
int PhaseLegend::layout(int width, Paint paint) const
{
    const QFontMetrics metrics = fontMetrics();
    const int gap = metrics.averageCharWidth() * 3;
    const int lineHeight = static_cast<int>(std::ceil(metrics.height() * 1.5));
    int x = 0, y = 0;
    for (const Entry &entry : entries()) {
        const int w = entryWidth(entry);
        if (x > 0 && x + w > width) {
            x = 0;
            y += lineHeight;
        }
        paint(entry, QRect(x, y, w, lineHeight));
        x += w + gap;
    }
    return y + lineHeight;
}

int PhaseLegend::heightForWidth(int width) const
{
    return layout(width, [](const Entry &, const QRect &) {});
}

QSize PhaseLegend::sizeHint() const
{
    int width = 0;
    const int gap = fontMetrics().averageCharWidth() * 3;
    for (const Entry &entry : entries())
        width += entryWidth(entry) + gap;
    return {width, heightForWidth(width)};
}

QSize PhaseLegend::minimumSizeHint() const
{
    const int width = fontMetrics().averageCharWidth() * 30;
    return {width, heightForWidth(width)};
}

void PhaseLegend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QFontMetrics metrics = fontMetrics();
    const QPalette &pal = palette();
    layout(width(), [&](const Entry &entry, const QRect &cell) {
        const int swatchWidth = metrics.height() * 2 - metrics.averageCharWidth();
        const int swatchHeight = metrics.height() * 2 / 3;
        const QRect swatch(cell.left(), cell.center().y() - swatchHeight / 2, swatchWidth, swatchHeight);
        const auto phase = static_cast<ColdStartPhase>(entry.phase);
        switch (entry.kind) {
        case Kind::Phase:
            painter.fillRect(swatch, phaseColour(phase));
            painter.setPen(QPen(phaseOutlineColour(phase, pal), 0));
            painter.drawRect(swatch.adjusted(0, 0, -1, -1));
            break;
        case Kind::Ready: {
            const int postWidth = std::max(3, metrics.averageCharWidth() / 2);
            const QRect post(swatch.center().x() - postWidth / 2, cell.center().y() - metrics.height() / 2, postWidth, metrics.height());
            painter.fillRect(post, phaseColour(phase));
            painter.setPen(QPen(phaseOutlineColour(phase, pal), 0));
            painter.drawRect(post.adjusted(0, 0, -1, -1));
            break;
        }
        case Kind::Inferred: {
            const QColor base = phaseColour(ColdStartPhase::ImagePull);
            painter.fillRect(swatch, base);
            paintHatching(&painter, swatch, phaseColour(ColdStartPhase::WeightLoad), metrics.height() / 3.0);
            painter.setPen(QPen(phaseOutlineColour(ColdStartPhase::ImagePull, pal), 0));
            painter.drawRect(swatch.adjusted(0, 0, -1, -1));
            break;
        }
        case Kind::Open: {
            const QColor fill = phaseColour(ColdStartPhase::ModelDownload);
            const QRectF body(swatch.left(), swatch.top(), swatch.width() * 0.7, swatch.height());
            painter.setRenderHint(QPainter::Antialiasing, true);
            QPainterPath path;
            path.moveTo(body.topLeft());
            path.lineTo(body.topRight());
            path.lineTo(body.right() + body.height() * 0.4, body.center().y());
            path.lineTo(body.bottomRight());
            path.lineTo(body.bottomLeft());
            path.closeSubpath();
            painter.fillPath(path, fill);
            painter.setPen(QPen(phaseOutlineColour(ColdStartPhase::ModelDownload, pal), 1));
            painter.drawPath(path);
            painter.setRenderHint(QPainter::Antialiasing, false);
            break;
        }
        case Kind::Now: {
            painter.setPen(QPen(pal.color(QPalette::Highlight), std::max(1.0, metrics.height() / 10.0), Qt::DashLine));
            const int x = swatch.center().x();
            painter.drawLine(x, cell.top() + 2, x, cell.bottom() - 2);
            break;
        }
        }
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(QRect(swatch.right() + metrics.averageCharWidth(), cell.top(), cell.width(), cell.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, entry.label);
    });
}

} // namespace gantry

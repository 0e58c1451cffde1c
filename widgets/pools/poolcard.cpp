#include "widgets/pools/poolcard.h"

#include "backend/fleet/gpupool.h"
#include "widgets/pools/cardframe.h"
#include "widgets/pools/heatmapcolours.h"
#include "widgets/pools/heatmaptext.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace gantry {
namespace {

QString gpuCount(double gpus)
{
    if (!std::isfinite(gpus))
        return QStringLiteral("—");
    // GPU requests are whole numbers in practice; show a fraction only if one is there.
    const double rounded = std::round(gpus);
    return std::abs(gpus - rounded) < 0.05 ? QString::number(static_cast<long long>(rounded))
                                           : QString::number(gpus, 'f', 1);
}

struct NodeStat
{
    int count;
    QString caption;
    QColor colour;
};

} // namespace

PoolCard::PoolCard(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("poolCard"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void PoolCard::setPool(std::shared_ptr<const fleet::GpuPool> pool)
{
    if (pool == m_pool)
        return;
    m_pool = std::move(pool);
    setAccessibleName(poolName());
    setAccessibleDescription(tr("%1 GPUs allocated, %2 mean utilization, %3, nodes: %4")
                                 .arg(allocationText(), utilizationText(), pendingText(), nodeCountsText()));
    update();
}

QString PoolCard::poolName() const
{
    return m_pool ? QString::fromStdString(m_pool->name) : QString();
}

QString PoolCard::productText() const
{
    if (!m_pool)
        return {};
    return m_pool->gpuProduct.empty() ? tr("GPU product not labelled") : QString::fromStdString(m_pool->gpuProduct);
}

QString PoolCard::allocationText() const
{
    if (!m_pool)
        return {};
    return QStringLiteral("%1 / %2").arg(gpuCount(m_pool->gpusAllocated), gpuCount(m_pool->gpusTotal));
}

QString PoolCard::utilizationText() const
{
    return m_pool ? percentText(m_pool->meanUtilizationPercent) : QString();
}

QString PoolCard::pendingText() const
{
    if (!m_pool)
        return {};
    const double pending = m_pool->pendingGpuDemand;
    if (!std::isfinite(pending) || pending <= 0)
        return tr("No GPUs pending");
    return (std::abs(pending - 1.0) < 0.05 ? tr("+1 GPU pending") : tr("+%1 GPUs pending").arg(gpuCount(pending)));
}

QString PoolCard::nodeCountsText() const
{
    if (!m_pool)
        return {};
    QString text = tr("%1 ready · %2 provisioning · %3 not ready · %4 cordoned")
                       .arg(m_pool->nodesReady)
                       .arg(m_pool->nodesProvisioning)
                       .arg(m_pool->nodesNotReady)
                       .arg(m_pool->nodesCordoned);
    if (m_pool->nodesUnknown > 0)
        text += tr(" · %1 unknown").arg(m_pool->nodesUnknown);
    return text;
}

QFont PoolCard::scaledFont(double factor, QFont::Weight weight) const
{
    QFont f = font();
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * factor);
    else
        f.setPixelSize(static_cast<int>(std::lround(f.pixelSize() * factor)));
    f.setWeight(weight);
    return f;
}

QSize PoolCard::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    const QFontMetrics title(scaledFont(1.15, QFont::DemiBold));
    const QFontMetrics big(scaledFont(2.2, QFont::DemiBold));
    const QFontMetrics stat(scaledFont(1.35, QFont::DemiBold));
    const int pad = fm.height() * 4 / 5;
    const int gap = fm.height() / 2;
    const int height = pad + title.height() + gap + big.height() + fm.height() + gap + std::max(6, fm.height() / 2) + gap
        + fm.height() + gap + 1 + gap + stat.height() + fm.height() + pad;
    return QSize(std::max(fm.averageCharWidth() * 46, contentMinimumWidth()), height);
}

int PoolCard::contentMinimumWidth() const
{
    const QFontMetrics fm = fontMetrics();
    const QFontMetrics big(scaledFont(2.2, QFont::DemiBold));
    const int space = fm.averageCharWidth() * 3;
    const QString allocation = m_pool ? allocationText() : QStringLiteral("000 / 000");
    const int figures = big.horizontalAdvance(allocation) + space + big.horizontalAdvance(QStringLiteral("100 %"));
    int captions = 0;
    for (const QString &caption : {tr("ready"), tr("provisioning"), tr("not ready"), tr("cordoned")})
        captions += fm.horizontalAdvance(caption) + space;
    return std::max({figures, captions, fm.averageCharWidth() * 36}) + 2 * (fm.height() * 4 / 5);
}

QSize PoolCard::minimumSizeHint() const
{
    return QSize(contentMinimumWidth(), sizeHint().height());
}

void PoolCard::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const HeatmapColours colours = HeatmapColours::forPalette(pal);
    const QColor text = pal.color(QPalette::Text);
    const QColor muted = pal.color(QPalette::PlaceholderText);

    CardFrame::paintSurface(p, rect(), pal);
    if (!m_pool)
        return;

    const QFontMetrics fm = fontMetrics();
    const QFont titleFont = scaledFont(1.15, QFont::DemiBold);
    const QFont bigFont = scaledFont(2.2, QFont::DemiBold);
    const QFont statFont = scaledFont(1.35, QFont::DemiBold);
    const QFontMetrics titleFm(titleFont);
    const QFontMetrics bigFm(bigFont);
    const QFontMetrics statFm(statFont);
    const int pad = fm.height() * 4 / 5;
    const int gap = fm.height() / 2;
    const int left = pad;
    const int inner = width() - 2 * pad;
    int y = pad;

    // Title: name on the left, product on the right, the product giving way first.
    const QString name = titleFm.elidedText(poolName(), Qt::ElideRight, inner * 3 / 5);
    p.setFont(titleFont);
    p.setPen(text);
    p.drawText(QRect(left, y, inner, titleFm.height()), Qt::AlignLeft | Qt::AlignVCenter, name);
    const int productRoom = inner - titleFm.horizontalAdvance(name) - 2 * fm.averageCharWidth();
    p.setFont(font());
    p.setPen(muted);
    p.drawText(QRect(left, y, inner, titleFm.height()), Qt::AlignRight | Qt::AlignVCenter,
               fm.elidedText(productText(), Qt::ElideRight, std::max(0, productRoom)));
    y += titleFm.height() + gap;

    // The two figures an operator reads first.
    const QString allocated = gpuCount(m_pool->gpusAllocated);
    const QString ofTotal = QStringLiteral(" / ") + gpuCount(m_pool->gpusTotal);
    p.setFont(bigFont);
    p.setPen(text);
    p.drawText(QRect(left, y, inner, bigFm.height()), Qt::AlignLeft | Qt::AlignVCenter, allocated);
    p.setPen(muted);
    p.drawText(QRect(left + bigFm.horizontalAdvance(allocated), y, inner, bigFm.height()),
               Qt::AlignLeft | Qt::AlignVCenter, ofTotal);
    // The utilization column starts at 55 % unless the allocation figure needs more.
    const int rightColumn = std::max(left + inner * 11 / 20, left + bigFm.horizontalAdvance(allocated + ofTotal)
                                                                 + 3 * fm.averageCharWidth());
    p.setPen(text);
    p.drawText(QRect(rightColumn, y, inner - (rightColumn - left), bigFm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               utilizationText());
    y += bigFm.height();
    p.setFont(font());
    p.setPen(muted);
    p.drawText(QRect(left, y, rightColumn - left, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, tr("GPUs allocated"));
    p.drawText(QRect(rightColumn, y, inner - (rightColumn - left), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               tr("mean utilization"));
    y += fm.height() + gap;

    // Allocation bar, with pending demand as a warning segment after it.
    const int barHeight = std::max(6, fm.height() / 2);
    const QRectF bar(left, y, inner, barHeight);
    QColor track = text;
    track.setAlpha(28);
    p.setPen(Qt::NoPen);
    p.setBrush(track);
    p.drawRoundedRect(bar, barHeight / 2.0, barHeight / 2.0);
    const double total = m_pool->gpusTotal;
    if (std::isfinite(total) && total > 0) {
        const double allocatedShare = std::clamp(m_pool->gpusAllocated / total, 0.0, 1.0);
        const double pendingShare = std::clamp(m_pool->pendingGpuDemand / total, 0.0, 1.0 - allocatedShare);
        p.save();
        QPainterPath clip;
        clip.addRoundedRect(bar, barHeight / 2.0, barHeight / 2.0);
        p.setClipPath(clip);
        p.fillRect(QRectF(bar.left(), bar.top(), bar.width() * allocatedShare, bar.height()), pal.color(QPalette::Highlight));
        if (m_pool->pendingGpuDemand > 0) {
            const double pendingLeft = bar.left() + bar.width() * allocatedShare;
            const double pendingWidth = std::max(3.0, bar.width() * pendingShare);
            p.fillRect(QRectF(std::min(pendingLeft, bar.right() - pendingWidth), bar.top(), pendingWidth, bar.height()),
                       QBrush(colours.warning, Qt::BDiagPattern));
        }
        p.restore();
    }
    y += barHeight + gap;

    const bool pending = m_pool->pendingGpuDemand > 0;
    QFont pendingFont = font();
    pendingFont.setWeight(pending ? QFont::DemiBold : QFont::Normal);
    const QFontMetrics pendingFm(pendingFont);
    p.setFont(pendingFont);
    p.setPen(pending ? colours.warning : muted);
    p.drawText(QRect(left, y, inner, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, pendingText());
    // The MachineSet's target is secondary: it gets what room the pending figure leaves.
    const int targetRoom = inner - pendingFm.horizontalAdvance(pendingText()) - 3 * fm.averageCharWidth();
    if (m_pool->desiredNodes && targetRoom > fm.averageCharWidth() * 8) {
        p.setFont(font());
        p.setPen(muted);
        p.drawText(QRect(left, y, inner, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(tr("target %1 nodes").arg(*m_pool->desiredNodes), Qt::ElideRight, targetRoom));
    }
    y += fm.height() + gap;

    QColor rule = text;
    rule.setAlpha(30);
    p.fillRect(QRect(left, y, inner, 1), rule);
    y += 1 + gap;

    std::vector<NodeStat> stats = {
        {m_pool->nodesReady, tr("ready"), colours.ready},
        {m_pool->nodesProvisioning, tr("provisioning"), colours.provisioning},
        {m_pool->nodesNotReady, tr("not ready"), colours.notReady},
        {m_pool->nodesCordoned, tr("cordoned"), colours.cordoned},
    };
    if (m_pool->nodesUnknown > 0)
        stats.push_back({m_pool->nodesUnknown, tr("unknown"), text});
    // Columns as wide as their words, the spare room spread between them.
    std::vector<int> widths;
    int used = 0;
    for (const auto &stat : stats) {
        widths.push_back(std::max(fm.horizontalAdvance(stat.caption), statFm.horizontalAdvance(QString::number(stat.count))));
        used += widths.back();
    }
    const int spacing = stats.size() > 1 ? std::max(fm.averageCharWidth() * 2, (inner - used - 2) / static_cast<int>(stats.size() - 1))
                                         : 0;
    int x = left;
    for (std::size_t i = 0; i < stats.size(); ++i) {
        // A pixel of slack: advances are rounded, and a caption that fits must not be elided.
        const int w = std::min(widths[i] + 2, left + inner - x);
        if (w <= 0)
            break;
        p.setFont(statFont);
        p.setPen(stats[i].count > 0 ? stats[i].colour : muted);
        p.drawText(QRect(x, y, w, statFm.height()), Qt::AlignLeft | Qt::AlignVCenter, QString::number(stats[i].count));
        p.setFont(font());
        p.setPen(muted);
        p.drawText(QRect(x, y + statFm.height(), w, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(stats[i].caption, Qt::ElideRight, w));
        x += widths[i] + spacing;
    }
}

} // namespace gantry

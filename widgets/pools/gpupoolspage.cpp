#include "widgets/pools/gpupoolspage.h"

#include "backend/fleet/fleet.h"
#include "backend/fleet/gpupool.h"
#include "widgets/pools/cardframe.h"
#include "widgets/pools/gpuheatmapview.h"
#include "widgets/pools/heatmapcolours.h"
#include "widgets/pools/heatmaplegend.h"
#include "widgets/pools/poolcard.h"
#include "widgets/scaledfont.h"

#include <QCheckBox>
#include <QEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

#include <cmath>

namespace gantry {

GpuPoolsPage::GpuPoolsPage(QWidget *parent)
    : QWidget(parent)
    , m_cardScroll(new QScrollArea(this))
    , m_cardStrip(new QWidget)
    , m_summary(new QLabel(this))
    , m_unassigned(new QLabel(this))
    , m_colourMode(new QComboBox(this))
    , m_fit(new QCheckBox(tr("Fit whole fleet"), this))
    , m_heatmap(new GpuHeatmapView(this))
    , m_legend(new HeatmapLegend(this))
{
    setObjectName(QStringLiteral("gpuPoolsPage"));
    const int spacing = fontMetrics().height() * 3 / 4;

    // Cards: one row, scrolled sideways when pools outnumber the width.
    m_cardLayout = new QHBoxLayout(m_cardStrip);
    m_cardLayout->setContentsMargins(0, 0, 0, 0);
    m_cardLayout->setSpacing(spacing);
    m_cardLayout->addStretch(0); // takes only what cards at their widest leave
    m_cardStrip->setObjectName(QStringLiteral("poolCards"));
    m_cardScroll->setWidget(m_cardStrip);
    m_cardScroll->setWidgetResizable(true);
    m_cardScroll->setFrameShape(QFrame::NoFrame);
    m_cardScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_cardScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_cardScroll->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_cardScroll->viewport()->setAutoFillBackground(false);
    m_cardStrip->setAutoFillBackground(false);

    m_summary->setObjectName(QStringLiteral("heatmapTitle"));
    QFont heading = m_summary->font();
    heading.setWeight(QFont::DemiBold);
    heading = scaledFont(heading, 1.1);
    m_summary->setFont(heading);
    m_summary->setText(tr("GPUs"));

    m_unassigned->setObjectName(QStringLiteral("unassignedDemand"));
    m_unassigned->setVisible(false);

    m_colourMode->setObjectName(QStringLiteral("colourMode"));
    m_colourMode->addItem(tr("Utilization"), static_cast<int>(HeatmapColourMode::Utilization));
    m_colourMode->addItem(tr("Memory used"), static_cast<int>(HeatmapColourMode::MemoryUsed));
    m_colourMode->setToolTip(tr("What a cell's colour shows"));
    auto *colourLabel = new QLabel(tr("Colour by"), this);
    colourLabel->setBuddy(m_colourMode);
    m_fit->setObjectName(QStringLiteral("fitWholeFleet"));
    m_fit->setChecked(m_heatmap->fitToView());
    m_fit->setToolTip(tr("Shrink cells, then merge GPUs into nodes, so every GPU is on screen at once"));

    // The heatmap shares one panel with its controls and, right under them, its
    // legend; both line up with the heatmap's own margin.
    auto *panel = new CardFrame(this);
    panel->setObjectName(QStringLiteral("heatmapPanel"));
    const int inset = std::max(8, fontMetrics().height() / 2);

    auto *toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(inset, 0, inset, 0);
    toolbar->setSpacing(spacing);
    toolbar->addWidget(m_summary);
    toolbar->addSpacing(spacing);
    toolbar->addWidget(m_unassigned);
    toolbar->addStretch(1);
    toolbar->addWidget(colourLabel);
    toolbar->addWidget(m_colourMode);
    toolbar->addSpacing(spacing);
    toolbar->addWidget(m_fit);

    auto *legendRow = new QHBoxLayout;
    legendRow->setContentsMargins(inset, 0, inset, 0);
    legendRow->addWidget(m_legend);
    legendRow->addStretch(1);

    m_heatmap->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    auto *panelLayout = new QVBoxLayout(panel);
    panelLayout->setContentsMargins(2, spacing, 2, spacing);
    panelLayout->setSpacing(spacing / 2);
    panelLayout->addLayout(toolbar);
    panelLayout->addLayout(legendRow);
    panelLayout->addWidget(m_heatmap, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(spacing);
    layout->addWidget(m_cardScroll);
    layout->addWidget(panel, 1);

    connect(m_colourMode, &QComboBox::currentIndexChanged, this, [this](int index) {
        const auto mode = static_cast<HeatmapColourMode>(m_colourMode->itemData(index).toInt());
        m_heatmap->setColourMode(mode);
        m_legend->setColourMode(mode);
    });
    connect(m_fit, &QCheckBox::toggled, m_heatmap, &GpuHeatmapView::setFitToView);
    connect(m_heatmap, &GpuHeatmapView::modeChanged, m_legend, &HeatmapLegend::setMode);
    connect(m_heatmap, &GpuHeatmapView::nodeActivated, this, &GpuPoolsPage::nodeActivated);

    updateCards();
}

QString GpuPoolsPage::emptyStateText() const
{
    if (!m_haveSnapshot || !m_pools)
        return tr("Waiting for the cluster's nodes…");
    if (m_pools->pools.empty())
        return tr("No GPU nodes in this cluster. Gantry groups nodes that have nvidia.com/gpu capacity or GPU "
                  "feature discovery labels.");
    return {};
}

void GpuPoolsPage::setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    m_haveSnapshot = snapshot != nullptr;
    std::shared_ptr<const fleet::PoolsSnapshot> pools = snapshot ? snapshot->pools : nullptr;
    if (pools == m_pools)
        return; // the pools did not change
    m_pools = std::move(pools);
    m_heatmap->setPools(m_pools);
    updateCards();
    updateUnassigned();
}

void GpuPoolsPage::updateCards()
{
    const std::size_t count = m_pools ? m_pools->pools.size() : 0;
    while (m_cards.size() > count) {
        delete m_cards.back();
        m_cards.pop_back();
    }
    while (m_cards.size() < count) {
        auto *card = new PoolCard(m_cardStrip);
        card->setMaximumWidth(card->sizeHint().width() * 11 / 5);
        // Before the trailing stretch, so cards stay left-aligned.
        m_cardLayout->insertWidget(static_cast<int>(m_cards.size()), card, 1);
        m_cards.push_back(card);
    }
    int height = 0;
    double gpus = 0;
    std::size_t nodes = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const auto &pool = m_pools->pools[i];
        m_cards[i]->setPool(pool);
        height = std::max(height, m_cards[i]->sizeHint().height());
        if (pool) {
            gpus += std::isfinite(pool->gpusTotal) ? pool->gpusTotal : 0;
            nodes += pool->nodes.size();
        }
    }
    m_summary->setText(count == 0 ? tr("GPUs")
                                  : tr("GPUs · %1 on %2 nodes").arg(QLocale().toString(static_cast<qlonglong>(std::llround(gpus))), QLocale().toString(static_cast<qulonglong>(nodes))));
    // The strip is as tall as a card, plus the sideways scroll bar when it shows.
    const int bar = m_cardScroll->horizontalScrollBar()->sizeHint().height();
    m_cardScroll->setFixedHeight(count > 0 ? height + bar : 0);
    m_cardScroll->setVisible(count > 0);
}

void GpuPoolsPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateUnassigned(); // the warning colour follows light and dark themes
}

void GpuPoolsPage::updateUnassigned()
{
    const double pending = m_pools ? m_pools->unassignedPendingGpuDemand : 0;
    if (!std::isfinite(pending) || pending <= 0) {
        m_unassigned->setVisible(false);
        return;
    }
    const HeatmapColours colours = HeatmapColours::forPalette(palette());
    m_unassigned->setText(tr("+%1 pending GPUs match no pool").arg(std::lround(pending)));
    QPalette pal = m_unassigned->palette();
    pal.setColor(QPalette::WindowText, colours.warning);
    m_unassigned->setPalette(pal);
    m_unassigned->setVisible(true);
}

} // namespace gantry

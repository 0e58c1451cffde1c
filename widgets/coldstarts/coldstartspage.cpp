#include "widgets/coldstarts/coldstartspage.h"

#include "backend/fleet/fleet.h"
#include "widgets/coldstarts/coldstartcomparisonpanel.h"
#include "widgets/coldstarts/coldstartcsv.h"
#include "widgets/coldstarts/durationtext.h"
#include "widgets/coldstarts/coldstartmodel.h"
#include "widgets/coldstarts/coldstarttimelineview.h"
#include "widgets/coldstarts/phaselegend.h"

#include <QAction>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileDialog>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace gantry {

ColdStartsPage::ColdStartsPage(QWidget *parent)
    : QWidget(parent)
{
    m_model = new ColdStartModel(this);
    m_timeline = new ColdStartTimelineView(this);
    m_timeline->setObjectName(QStringLiteral("coldStartTimeline"));
    m_timeline->setColdStartModel(m_model);
    m_comparison = new ColdStartComparisonPanel(this);
    m_comparison->setObjectName(QStringLiteral("coldStartComparison"));
    m_legend = new PhaseLegend(this);

    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_fit = toolbar->addAction(tr("Fit all"), this, &ColdStartsPage::fitAll);
    m_fit->setToolTip(tr("Show every start (the axis then follows new data until you zoom or pan)"));
    m_align = toolbar->addAction(tr("Align at creation"));
    m_align->setCheckable(true);
    m_align->setToolTip(tr("Start every bar at its pod's creation, to compare starts made at different times"));
    connect(m_align, &QAction::toggled, this, &ColdStartsPage::setAligned);
    toolbar->addSeparator();
    m_exportCsv = toolbar->addAction(tr("Export CSV…"), this, &ColdStartsPage::exportCsvToFile);
    m_exportPng = toolbar->addAction(tr("Export PNG…"), this, &ColdStartsPage::exportPngToFile);
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    m_summary = new QLabel(toolbar);
    m_summary->setObjectName(QStringLiteral("coldStartSummary"));
    toolbar->addWidget(m_summary);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_timeline);
    m_splitter->addWidget(m_comparison);
    // The comparison keeps the height it needs; the timeline takes the rest.
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    auto *legendRow = new QVBoxLayout;
    const int margin = fontMetrics().averageCharWidth();
    legendRow->setContentsMargins(margin, 0, margin, margin / 2);
    legendRow->addWidget(m_legend);
    layout->addLayout(legendRow);
    layout->addWidget(m_splitter, 1);
    updateSummary();
}

ColdStartsPage::~ColdStartsPage() = default;

void ColdStartsPage::setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    m_snapshot = snapshot;
    m_model->setSnapshot(snapshot);
    m_comparison->setSnapshot(snapshot);
    updateSummary();
}

QString ColdStartsPage::emptyStateText() const
{
    if (m_model->startCount() > 0)
        return {};
    return tr("No replica has started since Gantry connected, and no earlier start is known. "
              "Cold starts appear here as pods are created.");
}

void ColdStartsPage::fitAll()
{
    m_timeline->fitAll();
}

void ColdStartsPage::setAligned(bool aligned)
{
    if (m_align->isChecked() != aligned)
        m_align->setChecked(aligned); // comes back here through toggled
    m_timeline->setAlignment(aligned ? TimelineFrame::Alignment::Created : TimelineFrame::Alignment::WallClock);
    m_legend->setShowNow(!aligned);
}

void ColdStartsPage::updateSummary()
{
    int inProgress = 0;
    const auto coldStarts = m_model->coldStarts();
    if (coldStarts) {
        inProgress = static_cast<int>(std::count_if(coldStarts->starts.begin(), coldStarts->starts.end(),
                                                    [](const auto &start) { return start && !start->complete; }));
    }
    QString text = startCountText(m_model->startCount());
    if (inProgress)
        text += tr(" · %n in progress", nullptr, inProgress);
    m_summary->setText(text);
    m_exportCsv->setEnabled(m_model->startCount() > 0);
    m_exportPng->setEnabled(m_model->startCount() > 0);
}

bool ColdStartsPage::exportCsv(QIODevice &device) const
{
    const auto coldStarts = m_model->coldStarts();
    if (!coldStarts)
        return false;
    return writeColdStartsCsv(*coldStarts, device);
}

QImage ColdStartsPage::renderPng(const QSize &size) const
{
    // A private copy of legend and timeline at the wanted size, so the export does
    // not depend on (or disturb) the page's own layout.
    QWidget canvas;
    canvas.setAttribute(Qt::WA_DontShowOnScreen);
    canvas.setPalette(palette());
    canvas.setFont(font());
    canvas.setAutoFillBackground(true);
    auto *layout = new QVBoxLayout(&canvas);
    const int margin = fontMetrics().averageCharWidth();
    layout->setContentsMargins(margin, margin, margin, margin);
    auto *legend = new PhaseLegend(&canvas);
    legend->setShowNow(m_timeline->alignment() == TimelineFrame::Alignment::WallClock);
    auto *timeline = new ColdStartTimelineView(&canvas);
    timeline->setTimeZone(m_timeline->frame().zone);
    timeline->setAlignment(m_timeline->alignment());
    timeline->setColdStartModel(m_model);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex service = m_model->index(row, 0);
        timeline->setExpanded(service, m_timeline->isExpanded(service));
    }
    layout->addWidget(legend);
    layout->addWidget(timeline, 1);
    canvas.resize(size);
    canvas.show();
    QCoreApplication::sendPostedEvents();
    timeline->header()->resizeSection(ColdStartModel::NameColumn, m_timeline->header()->sectionSize(ColdStartModel::NameColumn));
    if (!m_timeline->isFollowing())
        timeline->setVisibleRange(m_timeline->axis().begin, m_timeline->axis().end);
    else
        timeline->fitAll();
    const QImage image = canvas.grab().toImage();
    canvas.hide();
    return image;
}

void ColdStartsPage::exportCsvToFile()
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export cold starts"), QStringLiteral("cold-starts-%1.csv").arg(stamp),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !exportCsv(file) || !file.commit())
        QMessageBox::warning(this, tr("Export cold starts"), tr("Could not write %1: %2").arg(path, file.errorString()));
}

void ColdStartsPage::exportPngToFile()
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export timeline"), QStringLiteral("cold-starts-%1.png").arg(stamp),
                                                      tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    // At least the on-screen size, and wide enough for a readable axis.
    const QSize size(std::max(m_timeline->width(), fontMetrics().averageCharWidth() * 160), std::max(m_timeline->height(), 400));
    if (!renderPng(size).save(path, "PNG"))
        QMessageBox::warning(this, tr("Export timeline"), tr("Could not write %1.").arg(path));
}

} // namespace gantry

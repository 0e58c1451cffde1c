#include "app/mainwindow.h"

#include "app/settings.h"
#include "widgets/connectionbar.h"
#include "widgets/coldstarts/coldstartspage.h"
#include "widgets/models/metricssourcechartprovider.h"
#include "widgets/models/modelspage.h"
#include "widgets/pageframe.h"
#include "widgets/pools/gpupoolspage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeySequence>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace gantry {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_connectionBar(new ConnectionBar(this))
    , m_pageList(new QListWidget(this))
    , m_pageStack(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Gantry"));
    setWindowIcon(QIcon(QStringLiteral(":/gantry/icons/gantry.svg")));

    m_pageList->setObjectName(QStringLiteral("pageList"));
    m_pageList->setFrameShape(QFrame::NoFrame);
    m_pageList->setFixedWidth(170);
    m_pageList->setSpacing(2);

    auto *body = new QWidget(this);
    auto *bodyLayout = new QHBoxLayout(body);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(0);
    // The page list sits in a margin of its own, so entries have breathing room
    // whatever the widget style draws.
    auto *navigation = new QWidget(this);
    navigation->setObjectName(QStringLiteral("navigation"));
    navigation->setAutoFillBackground(true);
    navigation->setBackgroundRole(QPalette::Base);
    auto *navigationLayout = new QVBoxLayout(navigation);
    navigationLayout->setContentsMargins(8, 8, 8, 8);
    navigationLayout->addWidget(m_pageList);
    bodyLayout->addWidget(navigation);
    bodyLayout->addWidget(m_pageStack, 1);

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_connectionBar);
    centralLayout->addWidget(body, 1);
    setCentralWidget(central);

    createPages();
    createMenus();
    connect(m_pageList, &QListWidget::currentRowChanged, m_pageStack, &QStackedWidget::setCurrentIndex);
    m_pageList->setCurrentRow(GpuPoolsPage);

    resize(1280, 800);
    restoreWindowState();
}

void MainWindow::createPages()
{
    struct PageInfo
    {
        QString title;
        QString emptyState;
    };
    const QString notConnected = tr("Not connected to a cluster.");
    const PageInfo pages[PageCount] = {
        {tr("GPU pools"), notConnected + QLatin1Char('\n') + tr("GPU nodes, grouped by pool, appear here.")},
        {tr("Models"), notConnected + QLatin1Char('\n') + tr("InferenceServices and their replicas appear here.")},
        {tr("Cold starts"), notConnected + QLatin1Char('\n') + tr("Where each replica's start-up time went appears here.")},
        {tr("Events"), notConnected + QLatin1Char('\n') + tr("Warnings and scaling events appear here.")},
    };
    for (int i = 0; i < PageCount; ++i) {
        auto *frame = new PageFrame(pages[i].title, m_pageStack);
        frame->showEmptyState(pages[i].emptyState);
        m_pageStack->addWidget(frame);
        m_pages.append(frame);
        auto *item = new QListWidgetItem(pages[i].title, m_pageList);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(pages[i].title).arg(i + 1));
        item->setSizeHint(QSize(0, 34));
    }
}

void MainWindow::applySnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    if (!m_poolsPage) {
        // Created on the first snapshot, so an unconnected window stays as light as it starts.
        m_poolsPage = new gantry::GpuPoolsPage;
        m_modelsPage = new gantry::ModelsPage;
        m_coldStartsPage = new gantry::ColdStartsPage;
        if (m_metricsSource)
            m_modelsPage->setChartDataProvider(new MetricsSourceChartProvider(m_metricsSource, m_modelsPage));
        m_pages[GpuPoolsPage]->setContent(m_poolsPage);
        m_pages[ModelsPage]->setContent(m_modelsPage);
        m_pages[ColdStartsPage]->setContent(m_coldStartsPage);
    }
    const auto feed = [&](auto *page, Page index) {
        page->setSnapshot(snapshot);
        const QString empty = page->emptyStateText();
        if (empty.isEmpty())
            m_pages[index]->showContent();
        else
            m_pages[index]->showEmptyState(empty);
    };
    feed(m_poolsPage, GpuPoolsPage);
    feed(m_modelsPage, ModelsPage);
    feed(m_coldStartsPage, ColdStartsPage);
}

void MainWindow::setMetricsSource(std::shared_ptr<metrics::MetricsSource> source)
{
    m_metricsSource = std::move(source);
}

void MainWindow::showConnectionError(const QString &message)
{
    for (PageFrame *frame : std::as_const(m_pages))
        frame->showEmptyState(tr("Cannot connect to the cluster.") + QLatin1Char('\n') + message);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < PageCount; ++i) {
        QAction *show = viewMenu->addAction(m_pages[i]->title(), this,
                                            [this, i] { setCurrentPage(static_cast<Page>(i)); });
        show->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Gantry"), this, [this] {
        QMessageBox::about(this, tr("About Gantry"),
                           tr("<b>Gantry</b> %1<br>A console for model serving on GPU clusters.")
                               .arg(QApplication::applicationVersion().toHtmlEscaped()));
    });
}

MainWindow::Page MainWindow::currentPage() const
{
    return static_cast<Page>(m_pageStack->currentIndex());
}

void MainWindow::setCurrentPage(Page page)
{
    m_pageList->setCurrentRow(page);
}

void MainWindow::restoreWindowState()
{
    const QByteArray geometry = Settings::mainWindowGeometry();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    restoreState(Settings::mainWindowState(), Settings::mainWindowStateVersion);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    Settings::setMainWindowGeometry(saveGeometry());
    Settings::setMainWindowState(saveState(Settings::mainWindowStateVersion));
    QMainWindow::closeEvent(event);
}

} // namespace gantry

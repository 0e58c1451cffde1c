#include "app/mainwindow.h"

#include "app/operatoractions.h"
#include "app/paletteentries.h"
#include "app/settings.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/fleet.h"
#include "widgets/coldstarts/coldstartspage.h"
#include "widgets/connectionbar.h"
#include "widgets/events/eventspage.h"
#include "widgets/models/metricssourcechartprovider.h"
#include "widgets/models/modelspage.h"
#include "widgets/pageframe.h"
#include "widgets/palette/commandpalette.h"
#include "widgets/pools/gpupoolspage.h"
#include "widgets/pools/nodedetaildialog.h"
#include "widgets/rotationline.h"
#include "widgets/scaledfont.h"
#include "widgets/theme.h"

#include "backend/fleet/connectionhealth.h"

#include <QAction>
#include <QActionGroup>
#include <QDateTime>
#include <QLabel>
#include <QTimer>
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

MainWindow::MainWindow(Mode mode, QWidget *parent)
    : QMainWindow(parent)
    , m_mode(mode)
    , m_connectionBar(new ConnectionBar(this))
    , m_staleBanner(new QLabel(this))
    , m_rotationProgress(new RotationLine(this))
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
    centralLayout->addWidget(m_rotationProgress);
    centralLayout->addWidget(m_staleBanner);
    centralLayout->addWidget(body, 1);
    setCentralWidget(central);

    // Unmistakable, and only there while the data is old.
    m_staleBanner->setObjectName(QStringLiteral("staleBanner"));
    m_staleBanner->setWordWrap(true);
    m_staleBanner->setStyleSheet(QStringLiteral(
        "QLabel { background-color: #b3261e; color: white; font-weight: 600; padding: 10px 16px; }"));
    m_staleBanner->hide();
    // A discreet line under the connection bar: how long until the next page.
    m_rotationProgress->setObjectName(QStringLiteral("rotationProgress"));
    m_rotationProgress->hide();

    createPages();
    if (m_mode == Mode::Desktop) {
        m_actions = new OperatorActions(this);
        connect(m_actions, &OperatorActions::deployed, this, [this](const QString &namespaceName, const QString &name) {
            m_pendingSelection = namespaceName + QLatin1Char('/') + name;
            if (m_modelsPage && m_modelsPage->selectKey(m_pendingSelection))
                m_pendingSelection.clear();
        });
        createMenus();
    } else {
        // A wall screen: big type, no navigation, the clock in the bar.
        navigation->hide();
        QFont large = font();
        large = scaledFont(large, 1.6);
        setFont(large);
        m_connectionBar->setClockVisible(true);
    }
    connect(m_pageList, &QListWidget::currentRowChanged, m_pageStack, &QStackedWidget::setCurrentIndex);
    m_pageList->setCurrentRow(GpuPoolsPage);

    resize(1280, 800);
    if (m_mode == Mode::Desktop)
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
        // Born inside their frames, so fonts derived at construction start from the
        // window's type (larger on a wall screen), not the application's.
        m_poolsPage = new gantry::GpuPoolsPage(m_pages[GpuPoolsPage]);
        m_modelsPage = new gantry::ModelsPage(m_pages[ModelsPage]);
        m_coldStartsPage = new gantry::ColdStartsPage(m_pages[ColdStartsPage]);
        m_eventsPage = new gantry::EventsPage(m_pages[EventsPage]);
        connect(m_eventsPage, &gantry::EventsPage::objectActivated, this, &MainWindow::showObject);
        if (m_mode == Mode::Desktop)
            connect(m_poolsPage, &gantry::GpuPoolsPage::nodeActivated, this, &MainWindow::showNode);
        if (m_actions) {
            m_modelsPage->setActions({m_actions->deployAction(), m_actions->scaleAction(), m_actions->prewarmAction()});
            connect(m_modelsPage, &gantry::ModelsPage::selectedKeyChanged, m_actions, &OperatorActions::setSelectedModel);
        }
        if (m_metricsSource)
            m_modelsPage->setChartDataProvider(new MetricsSourceChartProvider(m_metricsSource, m_modelsPage));
        m_pages[GpuPoolsPage]->setContent(m_poolsPage);
        m_pages[ModelsPage]->setContent(m_modelsPage);
        m_pages[ColdStartsPage]->setContent(m_coldStartsPage);
        m_pages[EventsPage]->setContent(m_eventsPage);
    }
    m_snapshot = snapshot;
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
    feed(m_eventsPage, EventsPage);
    if (m_nodeDetail && m_nodeDetail->isVisible())
        m_nodeDetail->applySnapshot(snapshot);
    if (m_actions) {
        m_actions->applySnapshot(snapshot);
        if (!m_pendingSelection.isEmpty() && m_modelsPage->selectKey(m_pendingSelection)) {
            m_pendingSelection.clear();
            setCurrentPage(ModelsPage);
        }
    }
}

void MainWindow::setActionContext(const actions::ActionContext &context, const QString &defaultNamespace, bool readOnly,
                                  const QString &readOnlyReason)
{
    if (m_actions)
        m_actions->setContext(context, defaultNamespace, readOnly, readOnlyReason);
}

void MainWindow::showObject(const QString &kind, const QString &namespaceName, const QString &name)
{
    QString deployment;
    if (kind == QLatin1String("InferenceService")) {
        deployment = namespaceName + QLatin1Char('/') + name;
    } else if (kind == QLatin1String("Pod") && m_snapshot && m_snapshot->deployments) {
        for (const auto &candidate : m_snapshot->deployments->deployments) {
            if (!candidate || QString::fromStdString(candidate->namespaceName) != namespaceName)
                continue;
            for (const fleet::Replica &replica : candidate->replicas) {
                if (QString::fromStdString(replica.name) == name)
                    deployment = namespaceName + QLatin1Char('/') + QString::fromStdString(candidate->name);
            }
        }
    }
    if (!deployment.isEmpty() && m_modelsPage && m_modelsPage->selectKey(deployment)) {
        setCurrentPage(ModelsPage);
        return;
    }
    if (kind == QLatin1String("Node") || kind == QLatin1String("MachineSet"))
        setCurrentPage(GpuPoolsPage);
}

void MainWindow::setMetricsSource(std::shared_ptr<metrics::MetricsSource> source)
{
    m_metricsSource = std::move(source);
    if (!m_modelsPage)
        return;
    // The page does not own its provider: the old one goes once the new one is in place.
    auto *old = m_modelsPage->findChild<MetricsSourceChartProvider *>(QString(), Qt::FindDirectChildrenOnly);
    m_modelsPage->setChartDataProvider(m_metricsSource ? new MetricsSourceChartProvider(m_metricsSource, m_modelsPage)
                                                       : nullptr);
    delete old;
}

QWidget *MainWindow::pageArea() const
{
    return m_pageStack;
}

void MainWindow::showConnectionError(const QString &message)
{
    for (PageFrame *frame : std::as_const(m_pages))
        frame->showEmptyState(tr("Cannot connect to the cluster.") + QLatin1Char('\n') + message);
}

void MainWindow::setConnectionHealth(const fleet::ConnectionHealth &health)
{
    m_connectionBar->setHealth(health);
    if (health.state != fleet::ConnectionHealth::State::Stale) {
        m_staleBanner->hide();
        m_staleBanner->clear();
        return;
    }
    const auto sinceSeconds = std::chrono::duration_cast<std::chrono::seconds>(health.since.time_since_epoch()).count();
    const QDateTime since = QDateTime::fromSecsSinceEpoch(sinceSeconds);
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - health.since);
    QString text = tr("Stale data: the cluster has not answered since %1 (%2 ago). Showing what was known then; "
                      "reconnecting.")
                       .arg(since.toString(QStringLiteral("HH:mm:ss")), QString::fromStdString(fleet::describeAge(age)));
    if (!health.problem.empty())
        text += QLatin1Char('\n') + QString::fromStdString(health.problem);
    m_staleBanner->setText(text);
    m_staleBanner->show();
}

QString MainWindow::staleBannerText() const
{
    return m_staleBanner->isHidden() ? QString() : m_staleBanner->text();
}

void MainWindow::setRotation(const QVector<Page> &pages, int intervalMs)
{
    m_rotation = pages;
    if (!m_rotationTimer) {
        m_rotationTimer = new QTimer(this);
        connect(m_rotationTimer, &QTimer::timeout, this, &MainWindow::rotateToNextPage);
        m_rotationTick = new QTimer(this);
        // Once a second: a wall screen is read from afar, and the line repaints
        // only the pixels it gained, so an idle screen stays idle.
        m_rotationTick->setInterval(1000);
        m_rotationTick->setTimerType(Qt::CoarseTimer);
        connect(m_rotationTick, &QTimer::timeout, this, &MainWindow::updateRotationProgress);
    }
    if (!pages.isEmpty())
        setCurrentPage(pages.constFirst());
    const bool rotating = pages.size() > 1 && intervalMs > 0;
    m_rotationProgress->setVisible(rotating);
    if (!rotating) {
        m_rotationTimer->stop();
        m_rotationTick->stop();
        return;
    }
    m_rotationTimer->start(intervalMs);
    m_rotationTick->start();
    m_rotationStartedMs = QDateTime::currentMSecsSinceEpoch();
    updateRotationProgress();
}

void MainWindow::rotateToNextPage()
{
    if (m_rotation.isEmpty())
        return;
    const int at = m_rotation.indexOf(currentPage());
    setCurrentPage(m_rotation.at((at + 1) % m_rotation.size()));
    m_rotationStartedMs = QDateTime::currentMSecsSinceEpoch();
    updateRotationProgress();
}

void MainWindow::updateRotationProgress()
{
    const int interval = m_rotationTimer ? m_rotationTimer->interval() : 0;
    if (interval <= 0)
        return;
    const qint64 elapsed = QDateTime::currentMSecsSinceEpoch() - m_rotationStartedMs;
    m_rotationProgress->setFraction(static_cast<double>(elapsed) / interval);
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

    viewMenu->addSeparator();
    QAction *paletteAction = viewMenu->addAction(tr("&Command palette…"), this, &MainWindow::showCommandPalette);
    paletteAction->setObjectName(QStringLiteral("commandPaletteAction"));
    paletteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    viewMenu->addSeparator();
    QMenu *themeMenu = viewMenu->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(themeMenu);
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    for (const Theme theme : {Theme::Light, Theme::Dark}) {
        QAction *choose = themeMenu->addAction(theme == Theme::Light ? tr("&Light") : tr("&Dark"));
        choose->setObjectName(QStringLiteral("theme-") + themeName(theme));
        choose->setCheckable(true);
        choose->setChecked((theme == Theme::Dark) == dark);
        themes->addAction(choose);
        connect(choose, &QAction::triggered, this, [theme] {
            if (auto *application = qobject_cast<QApplication *>(QCoreApplication::instance()))
                applyTheme(*application, theme);
            Settings::setTheme(themeName(theme));
        });
    }

    QMenu *actionsMenu = menuBar()->addMenu(tr("&Actions"));
    actionsMenu->setToolTipsVisible(true);
    actionsMenu->addAction(m_actions->deployAction());
    actionsMenu->addSeparator();
    actionsMenu->addAction(m_actions->scaleAction());
    actionsMenu->addAction(m_actions->prewarmAction());

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Gantry"), this, [this] {
        QMessageBox::about(this, tr("About Gantry"),
                           tr("<b>Gantry</b> %1<br>A console for model serving on GPU clusters.")
                               .arg(QApplication::applicationVersion().toHtmlEscaped()));
    });
}

void MainWindow::showNode(const QString &nodeName)
{
    if (m_mode == Mode::Kiosk)
        return;
    if (!m_nodeDetail)
        m_nodeDetail = new NodeDetailDialog(this);
    m_nodeDetail->showNode(nodeName, m_snapshot);
    m_nodeDetail->show();
    m_nodeDetail->raise();
    m_nodeDetail->activateWindow();
}

void MainWindow::showCommandPalette()
{
    if (m_mode == Mode::Kiosk)
        return;
    if (!m_palette) {
        m_palette = new CommandPalette(this);
        connect(m_palette, &CommandPalette::activated, this, &MainWindow::activatePaletteEntry);
    }
    QStringList titles;
    for (PageFrame *frame : std::as_const(m_pages))
        titles.append(frame->title());
    m_palette->popup(buildPaletteEntries(m_snapshot.get(), titles, m_actions));
}

bool MainWindow::activatePaletteEntry(const QString &id)
{
    const QString kind = id.section(QLatin1Char(':'), 0, 0);
    const QString rest = id.section(QLatin1Char(':'), 1);
    if (kind == QLatin1String("page")) {
        bool ok = false;
        const int page = rest.toInt(&ok);
        if (!ok || page < 0 || page >= PageCount)
            return false;
        setCurrentPage(static_cast<Page>(page));
        return true;
    }
    if (kind == QLatin1String("model")) {
        if (!m_modelsPage || !m_modelsPage->selectKey(rest))
            return false;
        setCurrentPage(ModelsPage);
        return true;
    }
    if (kind == QLatin1String("pool") || kind == QLatin1String("node")) {
        setCurrentPage(GpuPoolsPage);
        if (kind == QLatin1String("node"))
            showNode(rest);
        return true;
    }
    if (kind == QLatin1String("action") && m_actions) {
        if (rest == QLatin1String("deploy")) {
            m_actions->openDeploy();
            return true;
        }
        const QString verb = rest.section(QLatin1Char(':'), 0, 0);
        const QString key = rest.section(QLatin1Char(':'), 1);
        if (m_modelsPage && m_modelsPage->selectKey(key))
            setCurrentPage(ModelsPage);
        if (verb == QLatin1String("scale"))
            m_actions->openFor(OperatorActions::Verb::Scale, key);
        else if (verb == QLatin1String("prewarm"))
            m_actions->openFor(OperatorActions::Verb::Prewarm, key);
        else
            return false;
        return true;
    }
    return false;
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
    if (m_mode == Mode::Kiosk) {
        QMainWindow::closeEvent(event);
        return;
    }
    Settings::setMainWindowGeometry(saveGeometry());
    Settings::setMainWindowState(saveState(Settings::mainWindowStateVersion));
    QMainWindow::closeEvent(event);
}

} // namespace gantry

// The console against the in-process demo cluster: the main window fills its
// GPU pools, Models and Cold starts pages from live snapshots, rendered to PNG.

#include "app/consolesession.h"
#include "app/democontroller.h"
#include "app/demopresenter.h"
#include "app/mainwindow.h"
#include "app/operatoractions.h"
#include "common/testoutput.h"
#include "sim/factory/factory.h"
#include "sim/simulator.h"
#include "backend/fleet/coldstart.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/gpupool.h"
#include "widgets/connectionbar.h"
#include "widgets/pageframe.h"
#include "widgets/demo/captionoverlay.h"
#include "widgets/demo/presenterbar.h"

#include <QAction>
#include <QElapsedTimer>
#include <QLabel>
#include <QToolBar>
#include <QToolButton>
#include <QTest>

using namespace gantry;

class TestDemoWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pagesFillFromTheDemoCluster()
    {
        ConsoleSession session;
        MainWindow window;
        std::shared_ptr<const fleet::FleetSnapshot> latest;
        connect(&session, &ConsoleSession::snapshotReady, &window,
                [&](const std::shared_ptr<const fleet::FleetSnapshot> &snapshot) {
                    latest = snapshot;
                    window.applySnapshot(snapshot);
                });
        ConsoleOptions options;
        options.demo = true;
        options.demoSpeed = 0; // stepped here, so the picture is the same each run
        QCOMPARE(session.start(options), QString());
        QVERIFY(session.simulator());
        QVERIFY(session.metricsSource()); // the demo scrapes the simulator's /metrics
        window.setMetricsSource(session.metricsSource());
        session.simulator()->factory()->runFor(25 * 60);
        window.connectionBar()->setState(ConnectionBar::State::Live, session.contextName());
        window.resize(1400, 900);
        window.show();

        QTRY_VERIFY_WITH_TIMEOUT(latest && latest->pools && latest->pools->pools.size() == 3
                                     && latest->deployments && latest->deployments->deployments.size() == 4
                                     && latest->coldStarts && latest->coldStarts->starts.size() >= 8,
                                 30000);
        QCOMPARE(session.contextName(), QStringLiteral("gantry-admin"));

        const struct
        {
            MainWindow::Page page;
            const char *file;
        } pages[] = {{MainWindow::GpuPoolsPage, "demo-gpu-pools"},
                     {MainWindow::ModelsPage, "demo-models"},
                     {MainWindow::ColdStartsPage, "demo-cold-starts"}};
        for (const auto &page : pages) {
            window.setCurrentPage(page.page);
            QTest::qWait(200);
            PageFrame *frame = window.page(page.page);
            QVERIFY2(frame->content() && frame->content()->isVisible(), page.file);
            const QImage image = test::saveRender(&window, QString::fromLatin1(page.file));
            QVERIFY2(test::distinctColours(image) > 24, page.file);
        }
        session.stop();
    }

    void presenterPlaysRestartsAndSwitchesScenarios()
    {
        ConsoleSession session;
        MainWindow window;
        int snapshots = 0;
        connect(&session, &ConsoleSession::snapshotReady, &window,
                [&](const std::shared_ptr<const fleet::FleetSnapshot> &snapshot) {
                    ++snapshots;
                    window.applySnapshot(snapshot);
                });
        connect(&session, &ConsoleSession::healthChanged, &window, &MainWindow::setConnectionHealth);
        ConsoleOptions options;
        options.demo = true;
        options.demoSpeed = 20;
        QCOMPARE(session.start(options), QString());
        window.setActionContext(session.actionContext(), QString(), false, QString());
        auto *presenter = new DemoPresenter(&window, &session, options);
        window.resize(1400, 900);
        window.show();

        PresenterBar *bar = presenter->presenterBar();
        QVERIFY(bar->isVisible());
        QVERIFY(presenter->controller());
        QCOMPARE(bar->selectedSpeed(), 20.0);
        QTRY_VERIFY_WITH_TIMEOUT(bar->isPlaying() && presenter->controller()->simulatedTime() > 2, 10000);

        // The bar drives the controller: pause holds the simulated clock still.
        bar->findChild<QToolButton *>(QStringLiteral("playPause"))->click();
        QTRY_VERIFY(!presenter->controller()->isPlaying());
        QVERIFY(!bar->isPlaying());
        const double paused = presenter->controller()->simulatedTime();
        QTest::qWait(600);
        QCOMPARE(presenter->controller()->simulatedTime(), paused);
        bar->findChild<QToolButton *>(QStringLiteral("speed60"))->click();
        QCOMPARE(presenter->controller()->speed(), 60.0);

        // "Next beat" fast-forwards to the first caption, which the overlay shows.
        bar->findChild<QToolButton *>(QStringLiteral("nextBeat"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!presenter->captionOverlay()->title().isEmpty(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!presenter->controller()->isJumping(), 20000);
        QVERIFY(presenter->controller()->simulatedTime() > paused);
        QTRY_COMPARE_WITH_TIMEOUT(window.connectionBar()->state(), ConnectionBar::State::Live, 20000);
        test::saveRender(&window, QStringLiteral("demo-presenter"));

        // Restart: a new cluster from time 0, same speed and play state, reconnected.
        // Each start makes new tokens, so the kubeconfig tells the clusters apart
        // (a new simulator may well reuse the old one's address).
        const std::string before = session.simulator()->kubeconfig();
        QElapsedTimer restarting;
        restarting.start();
        QCOMPARE(presenter->restartWith(), QString());
        QVERIFY2(restarting.elapsed() < 5000, qPrintable(QString::number(restarting.elapsed())));
        QVERIFY(session.simulator());
        QVERIFY(session.simulator()->kubeconfig() != before);
        QVERIFY(presenter->controller());
        QVERIFY(presenter->controller()->simulatedTime() < paused + 1);
        QCOMPARE(presenter->controller()->speed(), 60.0);
        QVERIFY(!presenter->controller()->isPlaying());
        // The story starts over at its first beat.
        QVERIFY2(presenter->captionOverlay()->beatText().startsWith(QStringLiteral("Beat 1 of")),
                 qPrintable(presenter->captionOverlay()->beatText()));
        const int snapshotsBefore = snapshots;
        QTRY_VERIFY_WITH_TIMEOUT(snapshots > snapshotsBefore, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(window.connectionBar()->state(), ConnectionBar::State::Live, 20000);
        // Actions point at the new cluster.
        QTRY_VERIFY_WITH_TIMEOUT(window.operatorActions()->deployAction()->isEnabled(), 10000);

        // Another scenario, then one that cannot load: the one playing stays.
        QCOMPARE(presenter->restartWith(QStringLiteral("scale-from-zero.yaml")), QString());
        QCOMPARE(presenter->scenario(), QStringLiteral("scale-from-zero.yaml"));
        QVERIFY(presenter->controller()->scenarioName().contains(QStringLiteral("zero")));
        QVERIFY(session.details().cluster.contains(QStringLiteral("scale-from-zero.yaml")));
        const QString error = presenter->restartWith(QStringLiteral("/nonexistent/story.yaml"));
        QVERIFY2(error.contains(QStringLiteral("/nonexistent/story.yaml")) && error.contains(QStringLiteral("scale-from-zero.yaml")),
                 qPrintable(error));
        QVERIFY(session.simulator());
        QCOMPARE(presenter->scenario(), QStringLiteral("scale-from-zero.yaml"));
        QVERIFY(presenter->controller());

        delete presenter;
        session.stop();
    }

    void aBadScenarioIsExplained()
    {
        ConsoleSession session;
        ConsoleOptions options;
        options.demo = true;
        options.demoScenario = QStringLiteral("/nonexistent/scenario.yaml");
        const QString error = session.start(options);
        QVERIFY(error.contains(QStringLiteral("/nonexistent/scenario.yaml")));
        QVERIFY(!session.simulator());
    }
};

QTEST_MAIN(TestDemoWindow)
#include "tst_demowindow.moc"

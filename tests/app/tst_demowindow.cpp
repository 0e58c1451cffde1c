// The console against the in-process demo cluster: the main window fills its
// GPU pools, Models and Cold starts pages from live snapshots, rendered to PNG.

#include "app/consolesession.h"
#include "app/mainwindow.h"
#include "common/testoutput.h"
#include "sim/factory/factory.h"
#include "sim/simulator.h"
#include "backend/fleet/coldstart.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/gpupool.h"
#include "widgets/connectionbar.h"
#include "widgets/pageframe.h"

#include <QLabel>
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

// The wall screen: a kiosk window against the in-process demo cluster rotates
// its pages, offers no menus, dialogs or edit affordances, and no write leaves
// the process — the UI has no path to one and the transport refuses it. The
// server counts every non-GET request; it must count none.
#include "app/consolesession.h"
#include "app/mainwindow.h"
#include "backend/actions/deployaction.h"
#include "backend/actions/prewarmaction.h"
#include "backend/actions/scaleaction.h"
#include "common/testoutput.h"
#include "sim/factory/factory.h"
#include "sim/simulator.h"
#include "widgets/connectionbar.h"
#include "widgets/rotationline.h"
#include "widgets/theme.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QTest>

using namespace gantry;

class TestKiosk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noWriteLeavesTheProcess()
    {
        applyTheme(*qApp, Theme::Dark);
        ConsoleSession session;
        MainWindow window(MainWindow::Mode::Kiosk);
        int snapshots = 0;
        connect(&session, &ConsoleSession::snapshotReady, &window,
                [&](const std::shared_ptr<const fleet::FleetSnapshot> &snapshot) {
                    ++snapshots;
                    window.applySnapshot(snapshot);
                });
        connect(&session, &ConsoleSession::healthChanged, &window, &MainWindow::setConnectionHealth);
        ConsoleOptions options;
        options.demo = true;
        options.readOnly = true; // what --kiosk forces
        options.demoSpeed = 60;  // the factory runs, so the informers see a busy cluster
        QCOMPARE(session.start(options), QString());
        QVERIFY(session.readOnly());
        QCOMPARE(session.contextName(), QStringLiteral("gantry-viewer"));
        window.connectionBar()->setDetails(session.details());
        window.setMetricsSource(session.metricsSource());
        window.setRotation({MainWindow::GpuPoolsPage, MainWindow::ModelsPage, MainWindow::ColdStartsPage,
                            MainWindow::EventsPage},
                           400);
        window.resize(1600, 900);
        window.show();
        sim::ApiServer &server = session.simulator()->server();

        // Pages rotate while data flows.
        QVector<MainWindow::Page> seen;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                if (seen.isEmpty() || seen.constLast() != window.currentPage())
                    seen.append(window.currentPage());
                return seen.size() >= 6 && snapshots >= 3;
            }(),
            20000);
        QVERIFY(seen.contains(MainWindow::EventsPage) && seen.contains(MainWindow::GpuPoolsPage));
        QTRY_COMPARE_WITH_TIMEOUT(window.connectionBar()->state(), ConnectionBar::State::Live, 20000);
        RotationLine *line = window.findChild<RotationLine *>(QStringLiteral("rotationProgress"));
        QVERIFY(line && line->isVisible());
        QTRY_VERIFY(line->fraction() > 0); // it fills while the page is shown
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("readOnlyBadge"))->isVisible());
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("clock"))->isVisible());

        // No menus, no navigation, nothing to edit, no action to trigger.
        QVERIFY(!window.menuWidget() || !window.menuBar()->isVisible() || window.menuBar()->actions().isEmpty());
        QVERIFY(!window.findChild<QWidget *>(QStringLiteral("navigation"))->isVisible());
        for (QAction *action : window.findChildren<QAction *>())
            QVERIFY2(action->shortcut().isEmpty(), qPrintable(action->text()));
        for (QAbstractButton *button : window.findChildren<QAbstractButton *>()) {
            const QString text = button->text().toLower();
            QVERIFY2(!(button->isVisible() && (text.contains(QStringLiteral("deploy")) || text.contains(QStringLiteral("scal"))
                                               || text.contains(QStringLiteral("prewarm")))),
                     qPrintable(button->text()));
        }
        for (QLineEdit *edit : window.findChildren<QLineEdit *>())
            QVERIFY2(!edit->isVisible() || edit->isReadOnly() || edit->placeholderText().contains(QStringLiteral("Filter"),
                                                                                                   Qt::CaseInsensitive),
                     qPrintable(edit->objectName()));
        for (QWidget *top : QApplication::topLevelWidgets())
            QVERIFY2(!(qobject_cast<QDialog *>(top) && top->isVisible()), "a kiosk never shows a dialog");
        QCOMPARE(server.requestCounts().writes, 0u);
        QVERIFY(server.requestCounts().reads > 10);

        // Every action path below the UI is refused before anything is sent.
        const actions::ActionContext context = session.actionContext();
        QVERIFY(context.client && context.client->readOnly());
        const auto deployed = actions::DeployAction(context).deployYaml(
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: sneaky\nspec:\n"
            "  predictor:\n    model:\n      modelFormat:\n        name: vLLM\n      storageUri: pvc://models/x\n");
        QVERIFY(!deployed);
        QCOMPARE(deployed.error().kind(), actions::ActionError::Kind::ReadOnly);
        actions::ScaleAction scale(context);
        actions::ScaleChange change;
        change.minReplicas = 5;
        const auto plan = scale.plan("default", "chat", change);
        QVERIFY2(plan, plan ? "" : plan.error().message().c_str()); // reading is allowed
        const auto scaled = scale.apply(*plan);
        QVERIFY(!scaled);
        QCOMPARE(scaled.error().kind(), actions::ActionError::Kind::ReadOnly);
        actions::PrewarmSpec prewarm;
        prewarm.modelUri = "pvc://models/meta-llama/Llama-3.1-70B-Instruct";
        prewarm.nodes = {"a100-0"};
        const auto started = actions::PrewarmAction(context).start(prewarm);
        QVERIFY(!started);
        QCOMPARE(started.error().kind(), actions::ActionError::Kind::ReadOnly);
        QCOMPARE(server.requestCounts().writes, 0u);

        test::saveRender(&window, QStringLiteral("kiosk"));
        session.stop();
    }

    void staleDataShowsABannerSayingSinceWhen()
    {
        MainWindow window(MainWindow::Mode::Kiosk);
        window.resize(1600, 900);
        window.show();
        QVERIFY(window.staleBannerText().isEmpty());
        fleet::ConnectionHealth health;
        health.state = fleet::ConnectionHealth::State::Stale;
        health.since = std::chrono::system_clock::now() - std::chrono::minutes(3);
        health.summary = "Stale 3 min";
        health.problem = "Pod: connection refused";
        window.setConnectionHealth(health);
        const QString text = window.staleBannerText();
        const QString since = QDateTime::fromSecsSinceEpoch(std::chrono::duration_cast<std::chrono::seconds>(
                                                                 health.since.time_since_epoch())
                                                                 .count())
                                  .toString(QStringLiteral("HH:mm:ss"));
        QVERIFY2(text.contains(since) && text.contains(QStringLiteral("3 min ago"))
                     && text.contains(QStringLiteral("connection refused")),
                 qPrintable(text));
        QCOMPARE(window.connectionBar()->stateText(), QStringLiteral("Stale 3 min"));
        test::saveRender(&window, QStringLiteral("kiosk-stale"));

        health.state = fleet::ConnectionHealth::State::Live;
        health.summary = "Live";
        window.setConnectionHealth(health);
        QVERIFY(window.staleBannerText().isEmpty());
    }

    void aDroppedServerIsReportedAndRejoined()
    {
        ConsoleSession session;
        ConsoleOptions options;
        options.demo = true;
        options.readOnly = true;
        options.demoSpeed = 0;
        QCOMPARE(session.start(options), QString());
        QTRY_COMPARE_WITH_TIMEOUT(session.health().state, fleet::ConnectionHealth::State::Live, 20000);
        sim::ApiServer &server = session.simulator()->server();
        const std::uint16_t port = server.port();
        server.stop();
        QTRY_VERIFY_WITH_TIMEOUT(session.health().state == fleet::ConnectionHealth::State::Reconnecting
                                     || session.health().state == fleet::ConnectionHealth::State::Stale,
                                 20000);
        QVERIFY(!session.health().problem.empty());
        std::string error;
        QVERIFY2(server.start(&error), error.c_str());
        QCOMPARE(server.port(), port);
        QTRY_COMPARE_WITH_TIMEOUT(session.health().state, fleet::ConnectionHealth::State::Live, 40000);
        session.stop();
    }
};

QTEST_MAIN(TestKiosk)
#include "tst_kiosk.moc"

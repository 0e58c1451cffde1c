// The operator's actions against the in-process demo cluster: Deploy, Scale and
// Prewarm are enabled only when they can succeed, say why not in their tooltips
// (not connected, nothing selected, read-only, RBAC as the server answers a
// SelfSubjectAccessReview), and open their dialogs for the model selected on the
// Models page.
#include "app/consolesession.h"
#include "app/mainwindow.h"
#include "app/operatoractions.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/gpupool.h"
#include "common/testoutput.h"
#include "sim/simulator.h"
#include "widgets/deploy/deploydialog.h"
#include "widgets/models/modelspage.h"
#include "widgets/palette/commandpalette.h"
#include "widgets/pools/gpupoolspage.h"
#include "widgets/pools/nodedetaildialog.h"
#include "widgets/prewarm/prewarmdialog.h"
#include "widgets/scaling/scalingdialog.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QMenuBar>
#include <QTest>
#include <QToolButton>

using namespace gantry;

namespace {

ConsoleOptions demoOptions(const QString &context, bool readOnly)
{
    ConsoleOptions options;
    options.demo = true;
    options.demoSpeed = 0; // nothing moves unless the test steps it
    options.context = context;
    options.readOnly = readOnly;
    return options;
}

} // namespace

class TestOperatorActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void disabledUntilConnectedAndSelected()
    {
        QWidget window;
        OperatorActions actions(&window);
        for (QAction *action : {actions.deployAction(), actions.scaleAction(), actions.prewarmAction()}) {
            QVERIFY(!action->isEnabled());
            QCOMPARE(action->toolTip(), QStringLiteral("Not connected to a cluster."));
        }

        ConsoleSession session;
        QCOMPARE(session.start(demoOptions(QStringLiteral("gantry-admin"), false)), QString());
        actions.setContext(session.actionContext(), QString(), false, QString());
        // The admin may create InferenceServices: Deploy turns on once the server answered.
        QTRY_VERIFY_WITH_TIMEOUT(actions.deployAction()->isEnabled(), 10000);
        QVERIFY(actions.deployAction()->toolTip().contains(QStringLiteral("Deploy a model")));
        QVERIFY(!actions.scaleAction()->isEnabled());
        QCOMPARE(actions.scaleAction()->toolTip(), QStringLiteral("Select a model on the Models page first."));

        actions.setSelectedModel(QStringLiteral("default/chat"));
        QTRY_VERIFY_WITH_TIMEOUT(actions.scaleAction()->isEnabled() && actions.prewarmAction()->isEnabled(), 10000);
        QVERIFY(actions.scaleAction()->toolTip().contains(QStringLiteral("chat")));
        QCOMPARE(actions.disabledReason(actions.scaleAction()), QString());
        actions.setContext({}, QString(), false, QString());
        QVERIFY(!actions.deployAction()->isEnabled());
        session.stop();
    }

    void rbacDisablesWithTheServersWords()
    {
        QWidget window;
        OperatorActions actions(&window);
        ConsoleSession session;
        // The viewer may read everything and change nothing.
        QCOMPARE(session.start(demoOptions(QStringLiteral("gantry-viewer"), false)), QString());
        QVERIFY(!session.readOnly());
        actions.setContext(session.actionContext(), QStringLiteral("team-a"), false, QString());
        actions.setSelectedModel(QStringLiteral("default/chat"));
        QTRY_VERIFY_WITH_TIMEOUT(!actions.disabledReason(actions.scaleAction()).isEmpty(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!actions.disabledReason(actions.deployAction()).isEmpty(), 10000);
        QVERIFY(!actions.deployAction()->isEnabled());
        QVERIFY(!actions.scaleAction()->isEnabled());
        QVERIFY(!actions.prewarmAction()->isEnabled());
        // Deploy goes to the selected model's namespace; the tooltip names what and where.
        const QString deployTip = actions.deployAction()->toolTip();
        QVERIFY2(deployTip.contains(QStringLiteral("create InferenceServices")) && deployTip.contains(QStringLiteral("“default”"))
                     && deployTip.contains(QStringLiteral("RBAC")),
                 qPrintable(deployTip));
        QVERIFY2(actions.scaleAction()->toolTip().contains(QStringLiteral("change InferenceServices")),
                 qPrintable(actions.scaleAction()->toolTip()));
        QVERIFY2(actions.prewarmAction()->toolTip().contains(QStringLiteral("create Jobs")),
                 qPrintable(actions.prewarmAction()->toolTip()));
        // Without a selection, Deploy asks about the session's namespace.
        actions.setSelectedModel(QString());
        QTRY_VERIFY_WITH_TIMEOUT(actions.deployAction()->toolTip().contains(QStringLiteral("“team-a”")), 10000);
        // Triggering a disabled action opens nothing.
        actions.openDeploy();
        QVERIFY(!actions.deployDialog());
        actions.setContext({}, QString(), false, QString());
        session.stop();
    }

    void readOnlySendsNothing()
    {
        QWidget window;
        OperatorActions actions(&window);
        ConsoleSession session;
        QCOMPARE(session.start(demoOptions(QString(), true)), QString());
        actions.setContext(session.actionContext(), QString(), session.readOnly(), session.readOnlyReason());
        actions.setSelectedModel(QStringLiteral("default/chat"));
        for (QAction *action : {actions.deployAction(), actions.scaleAction(), actions.prewarmAction()}) {
            QVERIFY(!action->isEnabled());
            QVERIFY2(action->toolTip().contains(QStringLiteral("Read-only")), qPrintable(action->toolTip()));
        }
        actions.openScaling();
        QVERIFY(!actions.scalingDialog());
        QTest::qWait(300);
        // Not even an access review (a POST) left the process.
        QCOMPARE(session.simulator()->server().requestCounts().writes, 0u);
        session.stop();
    }

    void theWindowOpensTheDialogsForTheSelectedModel()
    {
        ConsoleSession session;
        MainWindow window;
        std::shared_ptr<const fleet::FleetSnapshot> latest;
        connect(&session, &ConsoleSession::snapshotReady, &window,
                [&](const std::shared_ptr<const fleet::FleetSnapshot> &snapshot) {
                    latest = snapshot;
                    window.applySnapshot(snapshot);
                });
        QCOMPARE(session.start(demoOptions(QString(), false)), QString());
        window.setActionContext(session.actionContext(), QString(), session.readOnly(), session.readOnlyReason());
        window.resize(1400, 900);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(latest && latest->deployments && latest->deployments->deployments.size() == 4, 30000);
        OperatorActions *actions = window.operatorActions();
        QVERIFY(actions);

        // The Actions menu and the Models page both carry the three actions.
        QStringList menus;
        for (QAction *menu : window.menuBar()->actions())
            menus << menu->text();
        QVERIFY2(menus.contains(QStringLiteral("&Actions")), qPrintable(menus.join(u',')));
        QList<QAction *> pageActions;
        for (QToolButton *button : window.modelsPage()->findChildren<QToolButton *>()) {
            if (button->defaultAction())
                pageActions << button->defaultAction();
        }
        QVERIFY(pageActions.contains(actions->deployAction()));
        QVERIFY(pageActions.contains(actions->scaleAction()));
        QVERIFY(pageActions.contains(actions->prewarmAction()));

        // Selecting a row is what Scale and Prewarm act on.
        const auto &first = latest->deployments->deployments.front();
        const QString key = QString::fromStdString(first->namespaceName + '/' + first->name);
        window.setCurrentPage(MainWindow::ModelsPage);
        QVERIFY(window.modelsPage()->selectKey(key));
        QTRY_VERIFY_WITH_TIMEOUT(actions->scaleAction()->isEnabled() && actions->prewarmAction()->isEnabled(), 10000);
        test::saveRender(&window, QStringLiteral("operatoractions-models-page"));

        actions->scaleAction()->trigger();
        QVERIFY(actions->scalingDialog());
        QVERIFY(actions->scalingDialog()->isVisible());
        QVERIFY2(actions->scalingDialog()->windowTitle().contains(QString::fromStdString(first->name)),
                 qPrintable(actions->scalingDialog()->windowTitle()));
        // It reads the object from the server, then shows its diff.
        QTRY_VERIFY_WITH_TIMEOUT(!actions->scalingDialog()->object().is_null(), 10000);

        actions->prewarmAction()->trigger();
        PrewarmDialog *prewarm = actions->prewarmDialog();
        QVERIFY(prewarm && prewarm->isVisible());
        QVERIFY2(prewarm->spec().modelUri == first->storageUri, prewarm->spec().modelUri.c_str());

        actions->deployAction()->trigger();
        QVERIFY(actions->deployDialog() && actions->deployDialog()->isVisible());
        // A second trigger brings the open dialog forward instead of stacking another.
        DeployDialog *deploy = actions->deployDialog();
        actions->deployAction()->trigger();
        QCOMPARE(actions->deployDialog(), deploy);
        QCOMPARE(window.findChildren<DeployDialog *>().size(), 1);

        for (QDialog *dialog : std::initializer_list<QDialog *>{actions->scalingDialog(), prewarm, deploy})
            dialog->close();
        QTRY_VERIFY(!actions->deployDialog() && !actions->scalingDialog() && !actions->prewarmDialog());

        // A new connection closes the dialogs of the old one.
        actions->scaleAction()->trigger();
        QVERIFY(actions->scalingDialog());
        window.setActionContext({}, QString(), false, QString());
        QTRY_VERIFY(!actions->scalingDialog());
        QCOMPARE(actions->scaleAction()->toolTip(), QStringLiteral("Not connected to a cluster."));
        window.setMetricsSource(nullptr);
        QElapsedTimer stopping;
        stopping.start();
        session.stop();
        // Nothing holds a connection to the in-process server any more, so it stops at once.
        QVERIFY2(stopping.elapsed() < 2500, qPrintable(QString::number(stopping.elapsed())));
    }

    void thePaletteJumpsAndStartsActions()
    {
        ConsoleSession session;
        MainWindow window;
        std::shared_ptr<const fleet::FleetSnapshot> latest;
        connect(&session, &ConsoleSession::snapshotReady, &window,
                [&](const std::shared_ptr<const fleet::FleetSnapshot> &snapshot) {
                    latest = snapshot;
                    window.applySnapshot(snapshot);
                });
        QCOMPARE(session.start(demoOptions(QString(), false)), QString());
        window.setActionContext(session.actionContext(), QString(), session.readOnly(), session.readOnlyReason());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(latest && latest->deployments && latest->deployments->deployments.size() == 4
                                     && latest->pools && !latest->pools->pools.empty(),
                                 30000);
        QAction *paletteAction = window.findChild<QAction *>(QStringLiteral("commandPaletteAction"));
        QVERIFY(paletteAction);
        QCOMPARE(paletteAction->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));

        const auto choose = [&](const QString &typed, const QString &expectedId) {
            paletteAction->trigger();
            CommandPalette *palette = window.commandPalette();
            QVERIFY(palette && palette->isVisible());
            QTest::keyClicks(palette->queryEdit(), typed);
            QCOMPARE(palette->currentId(), expectedId);
            QTest::keyClick(palette->queryEdit(), Qt::Key_Return);
            QVERIFY(!palette->isVisible());
        };

        choose(QStringLiteral("reasoning"), QStringLiteral("model:default/reasoning"));
        QCOMPARE(window.currentPage(), MainWindow::ModelsPage);
        QCOMPARE(window.modelsPage()->selectedKey(), QStringLiteral("default/reasoning"));

        window.setCurrentPage(MainWindow::EventsPage);
        choose(QStringLiteral("pools"), QStringLiteral("page:0"));
        QCOMPARE(window.currentPage(), MainWindow::GpuPoolsPage);

        const QString nodeName = QString::fromStdString(latest->pools->pools.front()->nodes.front()->name);
        choose(nodeName, QStringLiteral("node:") + nodeName);
        QVERIFY(window.nodeDetail() && window.nodeDetail()->isVisible());
        QVERIFY2(window.nodeDetail()->headerText().contains(nodeName), qPrintable(window.nodeDetail()->headerText()));
        window.nodeDetail()->close();

        // A click on the heatmap opens the same detail.
        const QString lastNode = QString::fromStdString(latest->pools->pools.back()->nodes.back()->name);
        Q_EMIT window.gpuPoolsPage()->nodeActivated(lastNode);
        QVERIFY(window.nodeDetail()->isVisible());
        QCOMPARE(window.nodeDetail()->nodeName(), lastNode);
        window.nodeDetail()->close();

        choose(QStringLiteral("scale chat"), QStringLiteral("action:scale:default/chat"));
        QVERIFY(window.operatorActions()->scalingDialog());
        QVERIFY(window.operatorActions()->scalingDialog()->windowTitle().endsWith(QStringLiteral("default/chat")));
        QCOMPARE(window.modelsPage()->selectedKey(), QStringLiteral("default/chat"));

        window.setActionContext({}, QString(), false, QString());
        window.setMetricsSource(nullptr);
        session.stop();
    }

    void aWallScreenHasNoActions()
    {
        MainWindow window(MainWindow::Mode::Kiosk);
        QVERIFY(!window.operatorActions());
        window.showCommandPalette();
        QVERIFY(!window.commandPalette());
        window.showNode(QStringLiteral("any"));
        QVERIFY(!window.nodeDetail());
    }
};

QTEST_MAIN(TestOperatorActions)
#include "tst_operatoractions.moc"

// The prewarm dialog against an in-process gantry-sim: a choice the backend
// refuses is explained beside it and keeps Start disabled; Jobs started on a
// pool report per-node progress until every node is warm and the tree shows
// them warm; a LocalModelCache does the same; Cancel deletes what was started;
// read-only disables Start with the reason.

#include "common/simcluster.h"
#include "common/testoutput.h"

#include "widgets/prewarm/prewarmdialog.h"
#include "widgets/prewarm/prewarmprogressmodel.h"
#include "widgets/prewarm/prewarmtargetmodel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QTest>
#include <QThreadPool>
#include <QTreeView>

#include <functional>

using namespace gantry;
using State = actions::NodePrewarmProgress::State;

class TestPrewarmDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::SimCluster> m_cluster;

    std::unique_ptr<PrewarmDialog> openDialog(const actions::ActionContext &context)
    {
        auto dialog = std::make_unique<PrewarmDialog>(context);
        dialog->setPollInterval(std::chrono::milliseconds(40));
        dialog->resize(860, 680);
        dialog->applySnapshot(m_cluster->snapshot());
        dialog->show();
        return dialog;
    }

    static void chooseModel(PrewarmDialog &dialog, const QString &uri)
    {
        QComboBox *box = dialog.modelBox();
        for (int i = 0; i < box->count(); ++i) {
            if (box->itemText(i).contains(uri))
                box->setCurrentIndex(i);
        }
    }

    /// Checks a pool or node by keyboard, as an operator would.
    static void toggle(PrewarmDialog &dialog, const QModelIndex &index)
    {
        dialog.targetView()->setFocus();
        dialog.targetView()->setCurrentIndex(index);
        QTest::keyClick(dialog.targetView(), Qt::Key_Space);
    }

    QModelIndex poolIndex(PrewarmDialog &dialog, const char *pool)
    {
        PrewarmTargetModel *model = dialog.targets();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data().toString() == QLatin1String(pool))
                return model->index(row, 0);
        }
        return {};
    }

    /// Steps the simulated factory a second at a time until `done` (at most `limit` seconds).
    bool stepUntil(const std::function<bool()> &done, int limit)
    {
        for (int second = 0; second < limit; ++second) {
            if (done())
                return true;
            m_cluster->factory().runFor(1);
            QTest::qWait(60);
        }
        return done();
    }

    static bool allIn(PrewarmProgressModel &model, State state)
    {
        const auto &progress = model.progress();
        return !progress.empty()
            && std::all_of(progress.begin(), progress.end(), [state](const auto &node) { return node.state == state; });
    }

private Q_SLOTS:
    void init()
    {
        m_cluster = std::make_unique<test::SimCluster>();
        QVERIFY2(m_cluster->ok(), m_cluster->error().c_str());
        m_cluster->factory().runFor(1);
    }

    void cleanup()
    {
        QThreadPool::globalInstance()->waitForDone();
        m_cluster.reset();
    }

    void aChoiceTheBackendRefusesIsExplainedAndKeepsStartDisabled()
    {
        auto dialog = openDialog(m_cluster->context());
        QCOMPARE(dialog->modelBox()->count(), 2);
        QVERIFY2(dialog->modelBox()->currentText().contains(QStringLiteral("pvc://models/llama-3.1-8b")),
                 "a shared-volume model is chosen first");
        QCOMPARE(dialog->targets()->rowCount(), 2);
        QCOMPARE(dialog->targets()->rowCount(poolIndex(*dialog, "h100")), 2);
        QVERIFY(dialog->problemsText().contains(QStringLiteral("Choose at least one node to warm")));
        QVERIFY(!dialog->startButton()->isEnabled());
        QVERIFY(!dialog->cancelButton()->isEnabled());

        toggle(*dialog, poolIndex(*dialog, "l40s"));
        QCOMPARE(dialog->spec().nodes, std::vector<std::string>{"l40s-0"});
        QVERIFY(dialog->problemsText().isEmpty());
        QVERIFY(dialog->startButton()->isEnabled());

        chooseModel(*dialog, QStringLiteral("hf://"));
        QVERIFY2(dialog->problemsText().contains(QStringLiteral("reads a shared volume")), qPrintable(dialog->problemsText()));
        QVERIFY(!dialog->startButton()->isEnabled());
        QVERIFY(!test::saveRender(dialog.get(), QStringLiteral("prewarmdialog-invalid")).isNull());

        // A LocalModelCache can hold a hub model; it needs the model's size.
        QTest::mouseClick(dialog->cacheButton(), Qt::LeftButton);
        QVERIFY(dialog->cacheButton()->isChecked());
        const auto *sizeProblem = dialog->findChild<QLabel *>(QStringLiteral("modelSizeProblem"));
        QVERIFY(sizeProblem);
        QVERIFY2(sizeProblem->text().startsWith(QStringLiteral("Must not be empty: a quantity")),
                 qPrintable(sizeProblem->text()));
        QVERIFY(!dialog->startButton()->isEnabled());
        QTest::keyClicks(dialog->modelSizeEdit(), QStringLiteral("15Gi"));
        QVERIFY2(dialog->problemsText().isEmpty(), qPrintable(dialog->problemsText()));
        QCOMPARE(dialog->spec().nodeGroups, std::vector<std::string>{"l40s"});
        QVERIFY(dialog->startButton()->isEnabled());
    }

    void jobsWarmAPoolWithProgressPerNode()
    {
        auto dialog = openDialog(m_cluster->context());
        toggle(*dialog, poolIndex(*dialog, "h100"));
        QCOMPARE(dialog->spec().nodes, (std::vector<std::string>{"h100-0", "h100-1"}));
        QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
        QTRY_COMPARE(dialog->progress()->rowCount(), 2);
        QVERIFY(dialog->progressView()->isVisible());
        QVERIFY2(!dialog->startButton()->isEnabled(), "one prewarm at a time");
        QVERIFY(dialog->cancelButton()->isEnabled());

        bool sawPartial = false;
        bool saved = false;
        const bool done = stepUntil(
            [&] {
                for (const auto &node : dialog->progress()->progress()) {
                    if (node.state == State::Running && node.fraction && *node.fraction > 0 && *node.fraction < 1) {
                        sawPartial = true;
                        if (!saved && *node.fraction > 0.3)
                            saved = !test::saveRender(dialog.get(), QStringLiteral("prewarmdialog-progress")).isNull();
                    }
                }
                return dialog->progress()->allFinished();
            },
            90);
        QVERIFY2(done, qPrintable(dialog->statusText()));
        QVERIFY2(sawPartial, "progress between 0 and 1 came from the pods' log lines");
        QVERIFY(saved);
        QVERIFY(allIn(*dialog->progress(), State::Succeeded));
        QVERIFY2(dialog->statusText().startsWith(QStringLiteral("Done: 2 of 2")), qPrintable(dialog->statusText()));
        QCOMPARE(dialog->progress()->index(0, PrewarmProgressModel::ProgressColumn).data().toString(),
                 QStringLiteral("100 %"));
        QVERIFY(dialog->startButton()->isEnabled());
        QVERIFY(!dialog->cancelButton()->isEnabled());

        // The warm cache index sees the completed Jobs: the tree says both nodes are warm.
        const QModelIndex h100 = poolIndex(*dialog, "h100");
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                dialog->applySnapshot(m_cluster->snapshot());
                return dialog->targets()->index(0, PrewarmTargetModel::WarmColumn).data().toString()
                    == QStringLiteral("2 of 2 warm");
            }(),
            10000);
        QVERIFY(dialog->targets()->index(0, 0, h100).data(PrewarmTargetModel::WarmRole).toBool());
        QVERIFY(!test::saveRender(dialog.get(), QStringLiteral("prewarmdialog-done")).isNull());
    }

    void aLocalModelCacheReportsEachNodeOfThePool()
    {
        auto dialog = openDialog(m_cluster->context());
        QTest::mouseClick(dialog->cacheButton(), Qt::LeftButton);
        QTest::keyClicks(dialog->modelSizeEdit(), QStringLiteral("16Gi"));
        toggle(*dialog, poolIndex(*dialog, "h100"));
        QCOMPARE(dialog->spec().nodeGroups, std::vector<std::string>{"h100"});
        QVERIFY(dialog->startButton()->isEnabled());
        QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog->startButton()->isEnabled());
        // The cache lists its nodes once the simulated KServe has looked at it.
        QVERIFY2(stepUntil([&] { return dialog->progress()->allFinished(); }, 90), qPrintable(dialog->statusText()));
        QCOMPARE(dialog->progress()->rowCount(), 2);
        QVERIFY(allIn(*dialog->progress(), State::Succeeded));
    }

    void cancelDeletesWhatWasStarted()
    {
        auto dialog = openDialog(m_cluster->context());
        toggle(*dialog, dialog->targets()->index(0, 0, poolIndex(*dialog, "h100")));
        QCOMPARE(dialog->spec().nodes, std::vector<std::string>{"h100-0"});
        QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
        QTRY_COMPARE(dialog->progress()->rowCount(), 1);
        QVERIFY(stepUntil([&] { return allIn(*dialog->progress(), State::Running); }, 10));

        QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
        QVERIFY(stepUntil([&] { return allIn(*dialog->progress(), State::Missing); }, 10));
        QTRY_VERIFY(dialog->statusText().startsWith(QStringLiteral("Cancelled")));
        QVERIFY(!dialog->cancelButton()->isEnabled());
        QVERIFY(dialog->startButton()->isEnabled());
        kube::ListOptions prewarmJobs;
        prewarmJobs.labelSelector = "gantry.io/prewarm=true";
        const auto jobs = m_cluster->client()->list({"batch", "v1", "jobs", "default", {}, {}}, prewarmJobs);
        QVERIFY(jobs);
        QVERIFY((*jobs)["items"].empty());
        QVERIFY(!test::saveRender(dialog.get(), QStringLiteral("prewarmdialog-cancelled")).isNull());
    }

    void readOnlyDisablesStartAndSaysWhy()
    {
        auto dialog = openDialog(m_cluster->context());
        toggle(*dialog, poolIndex(*dialog, "h100"));
        QVERIFY(dialog->startButton()->isEnabled());
        const QString reason = QStringLiteral("Kiosk mode shows the fleet; it changes nothing.");
        dialog->setReadOnly(true, reason);
        QVERIFY(!dialog->startButton()->isEnabled());
        QCOMPARE(dialog->startButton()->toolTip(), reason);
        QCOMPARE(dialog->cancelButton()->toolTip(), reason);
        QVERIFY(!test::saveRender(dialog.get(), QStringLiteral("prewarmdialog-readonly")).isNull());
        dialog->setReadOnly(false, {});
        QVERIFY(dialog->startButton()->isEnabled());

        auto readOnly = openDialog(m_cluster->context("gantry-admin", true));
        toggle(*readOnly, poolIndex(*readOnly, "h100"));
        QVERIFY(!readOnly->startButton()->isEnabled());
        QVERIFY(readOnly->startButton()->toolTip().contains(QStringLiteral("read-only")));
    }
};

QTEST_MAIN(TestPrewarmDialog)
#include "tst_prewarmdialog.moc"

// The scaling dialog against an in-process gantry-sim: typed values are judged
// by the backend's planning beside each field and keep Apply disabled while
// wrong; the diff shows what the patch changes; Apply changes the object and
// Revert undoes it; a change made behind the dialog's back is a conflict that
// overwrites nothing; read-only disables with the reason; closing mid-apply is safe.

#include "common/simcluster.h"
#include "common/testoutput.h"

#include "widgets/scaling/scalingdialog.h"
#include "widgets/scaling/scalingform.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

using namespace gantry;
using nlohmann::json;

namespace {

const kube::ResourceRef kLlama{"serving.kserve.io", "v1beta1", "inferenceservices", "default", "llama", {}};

} // namespace

class TestScalingDialog : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::SimCluster> m_cluster;

    json llama() { return *m_cluster->client()->get(kLlama); }

    std::unique_ptr<ScalingDialog> openDialog(const actions::ActionContext &context)
    {
        auto dialog = std::make_unique<ScalingDialog>(context, QStringLiteral("default"), QStringLiteral("llama"));
        dialog->resize(dialog->sizeHint());
        dialog->show();
        return dialog;
    }

    static QLineEdit *line(ScalingDialog &dialog, const char *what)
    {
        auto *edit = qobject_cast<QLineEdit *>(dialog.form()->editor(QString::fromLatin1(what)));
        Q_ASSERT(edit);
        return edit;
    }

    static void type(ScalingDialog &dialog, const char *what, const QString &text)
    {
        QLineEdit *edit = line(dialog, what);
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
    }

private Q_SLOTS:
    void init()
    {
        m_cluster = std::make_unique<test::SimCluster>();
        QVERIFY2(m_cluster->ok(), m_cluster->error().c_str());
        m_cluster->factory().runFor(2);
    }

    void cleanup()
    {
        QThreadPool::globalInstance()->waitForDone();
        m_cluster.reset();
    }

    void showsTheCurrentValuesAndWhereTheyComeFrom()
    {
        auto dialog = openDialog(m_cluster->context());
        QTRY_VERIFY(!dialog->object().is_null());
        QCOMPARE(dialog->form()->currentText(QStringLiteral("minReplicas")), QStringLiteral("1 · declared on the object"));
        QVERIFY(dialog->diffText().startsWith(QStringLiteral("Nothing yet")));
        QVERIFY(!dialog->applyButton()->isEnabled());
        QVERIFY(!dialog->revertButton()->isEnabled());

        const auto snapshot = m_cluster->snapshot();
        QVERIFY(snapshot);
        dialog->applySnapshot(snapshot);
        // The snapshot knows the defaults in force and their source.
        QVERIFY2(dialog->form()->currentText(QStringLiteral("target")).contains(QStringLiteral("default")),
                 qPrintable(dialog->form()->currentText(QStringLiteral("target"))));
        QVERIFY2(dialog->form()->currentText(QStringLiteral("minReplicas")).contains(QStringLiteral("spec")),
                 qPrintable(dialog->form()->currentText(QStringLiteral("minReplicas"))));
        QVERIFY(!dialog->form()->guidanceText().isEmpty());
    }

    void invalidValuesAreExplainedBesideTheFieldAndDisableApply()
    {
        auto dialog = openDialog(m_cluster->context());
        QTRY_VERIFY(!dialog->object().is_null());

        type(*dialog, "minReplicas", QStringLiteral("two"));
        QCOMPARE(dialog->form()->problemText(QStringLiteral("minReplicas")),
                 QStringLiteral("Must be a whole number (you gave two)"));
        QVERIFY(!dialog->applyButton()->isEnabled());

        type(*dialog, "minReplicas", QStringLiteral("7"));
        QVERIFY2(dialog->form()->problemText(QStringLiteral("minReplicas")).contains(QStringLiteral("maxReplicas (4)")),
                 qPrintable(dialog->form()->problemText(QStringLiteral("minReplicas"))));
        QVERIFY(!dialog->applyButton()->isEnabled());

        type(*dialog, "target", QStringLiteral("0.001"));
        QVERIFY(dialog->form()->problemText(QStringLiteral("target")).contains(QStringLiteral("at least 0.01")));
        type(*dialog, "scaleDownDelay", QStringLiteral("2h"));
        QVERIFY2(dialog->form()->problemText(QStringLiteral("scaleDownDelay")).contains(QStringLiteral("0s to 1h")),
                 qPrintable(dialog->form()->problemText(QStringLiteral("scaleDownDelay"))));
        auto *metric = qobject_cast<QComboBox *>(dialog->form()->editor(QStringLiteral("metric")));
        QVERIFY(metric);
        metric->setCurrentIndex(metric->findData(QStringLiteral("cpu")));
        QVERIFY(dialog->form()->problemText(QStringLiteral("metric")).contains(QStringLiteral("concurrency or rps")));
        QVERIFY(dialog->diffText().contains(QStringLiteral("problems")));
        QVERIFY(!dialog->applyButton()->isEnabled());
        QVERIFY(!test::saveRender(dialog.get(), QStringLiteral("scalingdialog-invalid")).isNull());

        // Fixing every field clears its message and enables Apply.
        type(*dialog, "minReplicas", QStringLiteral("3"));
        type(*dialog, "target", QStringLiteral("16"));
        type(*dialog, "scaleDownDelay", QStringLiteral("5m"));
        metric->setCurrentIndex(metric->findData(QStringLiteral("concurrency")));
        for (const char *what : {"minReplicas", "target", "scaleDownDelay", "metric"})
            QVERIFY2(dialog->form()->problemText(QString::fromLatin1(what)).isEmpty(), what);
        QVERIFY(dialog->applyButton()->isEnabled());

        // A value equal to the current one is nothing to apply.
        for (const char *what : {"target", "scaleDownDelay"})
            type(*dialog, what, QString());
        metric->setCurrentIndex(0);
        type(*dialog, "minReplicas", QStringLiteral("1"));
        QVERIFY2(dialog->diffText().contains(QStringLiteral("already is as requested")), qPrintable(dialog->diffText()));
        QVERIFY(!dialog->applyButton()->isEnabled());
    }

    void theDiffShowsBeforeAndAfter()
    {
        auto dialog = openDialog(m_cluster->context());
        QTRY_VERIFY(!dialog->object().is_null());
        type(*dialog, "minReplicas", QStringLiteral("2"));
        type(*dialog, "target", QStringLiteral("12"));
        type(*dialog, "scaleToZeroRetention", QStringLiteral("90"));
        QCOMPARE(dialog->diffText(),
                 QStringLiteral("spec.predictor.minReplicas: 1 → 2\n"
                                "metadata.annotations[autoscaling.knative.dev/target]: (unset) → 12\n"
                                "metadata.annotations[autoscaling.knative.dev/scale-to-zero-pod-retention-period]: "
                                "(unset) → 90s"));
        QVERIFY(dialog->applyButton()->isEnabled());
        dialog->applySnapshot(m_cluster->snapshot());
        QVERIFY(!test::saveRender(dialog.get(), QStringLiteral("scalingdialog-diff")).isNull());
    }

    void applyChangesTheObjectAndRevertUndoesIt()
    {
        auto dialog = openDialog(m_cluster->context());
        QTRY_VERIFY(!dialog->object().is_null());
        QSignalSpy changed(dialog.get(), &ScalingDialog::changed);
        type(*dialog, "minReplicas", QStringLiteral("2"));
        type(*dialog, "target", QStringLiteral("12"));
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QVERIFY(dialog->busy());
        QVERIFY(!dialog->applyButton()->isEnabled());
        QTRY_COMPARE(changed.count(), 1);
        QVERIFY2(dialog->statusText().startsWith(QStringLiteral("Applied")), qPrintable(dialog->statusText()));
        QVERIFY(changed.at(0).at(0).toString().contains(QStringLiteral("minReplicas: 1 → 2")));

        json now = llama();
        QVERIFY(now["spec"]["predictor"]["minReplicas"] == 2);
        QVERIFY(now["metadata"]["annotations"]["autoscaling.knative.dev/target"] == "12");
        // The form now shows the stored object and starts afresh.
        QVERIFY(dialog->object()["metadata"]["resourceVersion"] == now["metadata"]["resourceVersion"]);
        QVERIFY(line(*dialog, "minReplicas")->text().isEmpty());
        QCOMPARE(dialog->form()->currentText(QStringLiteral("minReplicas")), QStringLiteral("2 · declared on the object"));
        QVERIFY(dialog->revertButton()->isEnabled());
        QVERIFY(dialog->revertButton()->toolTip().contains(QStringLiteral("minReplicas: 1 → 2")));

        QTest::mouseClick(dialog->revertButton(), Qt::LeftButton);
        QTRY_COMPARE(changed.count(), 2);
        QVERIFY2(dialog->statusText().startsWith(QStringLiteral("Reverted")), qPrintable(dialog->statusText()));
        now = llama();
        QVERIFY(now["spec"]["predictor"]["minReplicas"] == 1);
        QVERIFY(!now["metadata"]["annotations"].contains("autoscaling.knative.dev/target"));
        QVERIFY(!dialog->revertButton()->isEnabled());
    }

    void aChangeBehindTheDialogsBackIsAConflictAndSurvives()
    {
        auto dialog = openDialog(m_cluster->context());
        QTRY_VERIFY(!dialog->object().is_null());
        // Someone else raises the maximum after the dialog read the object.
        QVERIFY(m_cluster->client()->patch(kLlama, kube::PatchType::Merge,
                                           {{"spec", {{"predictor", {{"maxReplicas", 6}}}}}}));
        type(*dialog, "maxReplicas", QStringLiteral("8"));
        QCOMPARE(dialog->diffText(), QStringLiteral("spec.predictor.maxReplicas: 4 → 8"));
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog->busy());
        QVERIFY2(dialog->statusText().contains(
                     QStringLiteral("changed by someone else since you opened this; nothing was overwritten")),
                 qPrintable(dialog->statusText()));
        QVERIFY(dialog->statusText().contains(QStringLiteral("Reload")));
        QVERIFY(llama()["spec"]["predictor"]["maxReplicas"] == 6);
        QVERIFY(!dialog->revertButton()->isEnabled());
        QVERIFY(!test::saveRender(dialog.get(), QStringLiteral("scalingdialog-conflict")).isNull());

        // Reload shows their value and keeps what was typed, now against the fresh object.
        QTest::mouseClick(dialog->reloadButton(), Qt::LeftButton);
        QTRY_COMPARE(dialog->diffText(), QStringLiteral("spec.predictor.maxReplicas: 6 → 8"));
        QCOMPARE(line(*dialog, "maxReplicas")->text(), QStringLiteral("8"));
        QVERIFY(dialog->statusText().isEmpty());
    }

    void readOnlyDisablesApplyAndSaysWhy()
    {
        auto dialog = openDialog(m_cluster->context());
        QTRY_VERIFY(!dialog->object().is_null());
        type(*dialog, "maxReplicas", QStringLiteral("8"));
        QVERIFY(dialog->applyButton()->isEnabled());
        const QString reason = QStringLiteral("Kiosk mode shows the fleet; it changes nothing.");
        dialog->setReadOnly(true, reason);
        QVERIFY(!dialog->applyButton()->isEnabled());
        QCOMPARE(dialog->applyButton()->toolTip(), reason);
        QCOMPARE(dialog->revertButton()->toolTip(), reason);
        QVERIFY2(!dialog->diffText().isEmpty(), "the diff still shows what would change");
        dialog->setReadOnly(false, {});
        QVERIFY(dialog->applyButton()->isEnabled());

        // A client that is read-only in its transport makes the dialog read-only by itself.
        auto readOnly = openDialog(m_cluster->context("gantry-admin", true));
        QTRY_VERIFY(!readOnly->object().is_null());
        type(*readOnly, "maxReplicas", QStringLiteral("8"));
        QVERIFY(!readOnly->applyButton()->isEnabled());
        QVERIFY(readOnly->applyButton()->toolTip().contains(QStringLiteral("read-only")));
    }

    void theViewerIsRefusedInWords()
    {
        auto dialog = openDialog(m_cluster->context("gantry-viewer"));
        QTRY_VERIFY(!dialog->object().is_null());
        type(*dialog, "maxReplicas", QStringLiteral("8"));
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog->busy());
        QVERIFY2(dialog->statusText().contains(QStringLiteral("cannot patch")), qPrintable(dialog->statusText()));
        QVERIFY(llama()["spec"]["predictor"]["maxReplicas"] == 4);
    }

    void closingDuringAnApplyIsSafe()
    {
        auto dialog = openDialog(m_cluster->context());
        QTRY_VERIFY(!dialog->object().is_null());
        type(*dialog, "maxReplicas", QStringLiteral("5"));
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QVERIFY(dialog->busy());
        dialog.reset(); // closed and deleted while the request is in flight
        // The request completes on its own; its answer finds nobody and is dropped.
        QTRY_VERIFY(llama()["spec"]["predictor"]["maxReplicas"] == 5);
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::processEvents();
    }
};

QTEST_MAIN(TestScalingDialog)
#include "tst_scalingdialog.moc"

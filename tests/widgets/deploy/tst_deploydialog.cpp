// The deploy dialog driven like a user would, against an in-process gantry-sim:
// inline validation, form and YAML in step, dry runs the server answers, Create
// followed by the new replica's cold start, and the read-only guard.

#include "widgets/deploy/deploydialog.h"

#include "backend/fleet/fleetsession.h"
#include "common/testoutput.h"
#include "common/simcluster.h"
#include "hubmodelscenario.h"
#include "widgets/deploy/deployform.h"
#include "widgets/deploy/deployprogresspanel.h"
#include "widgets/noticebar.h"

#include <QApplication>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <functional>

using gantry::DeployDialog;
using gantry::DeployForm;
using gantry::NoticeBar;
using Field = gantry::DeployForm::Field;
namespace actions = gantry::actions;

namespace {

constexpr int kServerTimeoutMs = 15000;

QLineEdit *lineEdit(const DeployDialog &dialog, Field field)
{
    return qobject_cast<QLineEdit *>(dialog.form()->editor(field));
}

/// Replaces a field's text the way a user does: select all, type.
void retype(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

void fillValidForm(DeployDialog &dialog, const QString &name)
{
    retype(lineEdit(dialog, Field::Name), name);
    retype(lineEdit(dialog, Field::StorageUri), QStringLiteral("hf://Qwen/Qwen2.5-7B-Instruct"));
    retype(lineEdit(dialog, Field::MaxModelLen), QStringLiteral("8192"));
    retype(lineEdit(dialog, Field::MinReplicas), QStringLiteral("1"));
    retype(lineEdit(dialog, Field::MaxReplicas), QStringLiteral("2"));
}

/// Puts the text cursor of the YAML editor after the first `anchor` and types `text` there.
void typeInYamlAfter(QPlainTextEdit *editor, const QString &anchor, const QString &text)
{
    QTextCursor cursor = editor->document()->find(anchor);
    QVERIFY2(!cursor.isNull(), qPrintable(anchor));
    cursor.clearSelection();
    editor->setTextCursor(cursor);
    editor->setFocus();
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, lines[i]);
    }
}

QString labelledYaml(const QString &name)
{
    return QStringLiteral(R"(apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: %1
  labels:
    team: two words
spec:
  predictor:
    model:
      modelFormat: {name: vLLM}
      runtime: kserve-vllmserver
      storageUri: hf://Qwen/Qwen2.5-7B-Instruct
      resources:
        limits: {cpu: "8", memory: 64Gi, nvidia.com/gpu: "1"}
        requests: {cpu: "8", memory: 64Gi, nvidia.com/gpu: "1"}
)")
        .arg(name);
}

bool serviceExists(gantry::test::SimCluster &sim, const std::string &name)
{
    const auto client = sim.client("gantry-admin");
    return client && client->get({"serving.kserve.io", "v1beta1", "inferenceservices", "default", name, {}}).ok();
}

} // namespace

class TestDeployDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(13);
        QApplication::setFont(font);
        m_sim = std::make_unique<gantry::test::SimCluster>(gantry::test::hubModelScenario());
        QVERIFY2(m_sim->error().empty(), m_sim->error().c_str());
    }

    void cleanupTestCase() { m_sim.reset(); }

    void aBadUriIsNamedBesideItsFieldAndBlocksCreate()
    {
        DeployDialog dialog(m_sim->context());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY2(!dialog.createButton()->isEnabled(), "an empty form cannot be created");
        QVERIFY2(dialog.form()->problemText(Field::StorageUri).isEmpty(), "untouched fields are not scolded");

        fillValidForm(dialog, QStringLiteral("llama"));
        QTRY_VERIFY(dialog.createButton()->isEnabled());
        QVERIFY(dialog.form()->problemText(Field::StorageUri).isEmpty());

        retype(lineEdit(dialog, Field::StorageUri), QStringLiteral("ftp://models/llama"));
        QTRY_VERIFY(!dialog.createButton()->isEnabled());
        QVERIFY(!dialog.dryRunButton()->isEnabled());
        const QString message = dialog.form()->problemText(Field::StorageUri);
        QVERIFY2(message.contains(QStringLiteral("unsupported scheme")), qPrintable(message));
        QVERIFY2(dialog.createButton()->toolTip().contains(QStringLiteral("spec.predictor.model.storageUri")),
                 qPrintable(dialog.createButton()->toolTip()));
        // The other fields stay clean: the mark is where the problem is.
        QVERIFY(dialog.form()->problemText(Field::Name).isEmpty());

        // GPUs outside what validation allows are named too.
        auto *gpus = dialog.form()->editor(Field::Gpus);
        gpus->setFocus();
        QTest::keyClick(gpus, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(gpus, QStringLiteral("24"));
        QTRY_VERIFY(dialog.form()->problemText(Field::Gpus).contains(QStringLiteral("1 to 16")));

        const QImage image = gantry::test::saveRender(&dialog, QStringLiteral("deploy-form-invalid"));
        QVERIFY(gantry::test::distinctColours(image) > 8);

        retype(lineEdit(dialog, Field::StorageUri), QStringLiteral("oci://registry.example.com/models/llama:1"));
        QTest::keyClick(gpus, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(gpus, QStringLiteral("2"));
        QTRY_VERIFY(dialog.createButton()->isEnabled());
        QVERIFY(dialog.form()->problemText(Field::StorageUri).isEmpty());
    }

    void theFormAndTheYamlFollowEachOther()
    {
        DeployDialog dialog(m_sim->context());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        fillValidForm(dialog, QStringLiteral("qwen"));
        QTRY_VERIFY(dialog.yamlEditor()->toPlainText().contains(QStringLiteral("maxReplicas: 2")));
        const QString rendered = dialog.yamlEditor()->toPlainText();
        QVERIFY2(rendered.contains(QStringLiteral("name: \"qwen\"")), qPrintable(rendered));
        QVERIFY(rendered.contains(QStringLiteral("storageUri: \"hf://Qwen/Qwen2.5-7B-Instruct\"")));
        QVERIFY(rendered.contains(QStringLiteral("args: [\"--max-model-len=8192\"]")));
        QVERIFY2(!rendered.contains(QStringLiteral("null")), "unset settings are left out of the YAML");
        QVERIFY(!dialog.yamlInCharge());

        // YAML → form: a value the form has a field for.
        dialog.tabs()->setCurrentIndex(1);
        QTextCursor cursor = dialog.yamlEditor()->document()->find(QStringLiteral("maxReplicas: 2"));
        QVERIFY(!cursor.isNull());
        cursor.clearSelection(); // the cursor stays after the "2"
        cursor.deletePreviousChar();
        dialog.yamlEditor()->setTextCursor(cursor);
        dialog.yamlEditor()->setFocus();
        QTest::keyClicks(dialog.yamlEditor(), QStringLiteral("5"));
        QTRY_COMPARE(lineEdit(dialog, Field::MaxReplicas)->text(), QStringLiteral("5"));
        QVERIFY(dialog.yamlInCharge());
        QVERIFY(dialog.form()->isEnabled());
        QVERIFY(!dialog.formBanner()->isVisibleTo(&dialog));
        QTRY_VERIFY(dialog.createButton()->isEnabled());

        // Something the form has no field for: the YAML takes charge and says what.
        typeInYamlAfter(dialog.yamlEditor(), QStringLiteral("app.kubernetes.io/managed-by: gantry"),
                        QStringLiteral("\n    team: inference"));
        QTRY_VERIFY(!dialog.form()->isEnabled());
        QVERIFY(dialog.formBanner()->isVisibleTo(&dialog));
        QVERIFY2(dialog.formBanner()->text().contains(QStringLiteral("metadata.labels.team")),
                 qPrintable(dialog.formBanner()->text()));
        QVERIFY(dialog.yamlNotice()->text().contains(QStringLiteral("send this YAML as written")));
        QVERIFY(dialog.yamlEditor()->toPlainText().contains(QStringLiteral("team: inference")));
        QVERIFY(dialog.createButton()->isEnabled());
        gantry::test::saveRender(&dialog, QStringLiteral("deploy-yaml-in-charge"));

        // Broken YAML locks the form and blocks Create; nothing is thrown away.
        typeInYamlAfter(dialog.yamlEditor(), QStringLiteral("team: inference"), QStringLiteral(": ["));
        QTRY_VERIFY(!dialog.createButton()->isEnabled());
        QVERIFY2(dialog.yamlNotice()->text().contains(QStringLiteral("cannot be read")),
                 qPrintable(dialog.yamlNotice()->text()));
        QVERIFY(dialog.yamlNotice()->text().contains(QStringLiteral("line ")));
        QVERIFY(!dialog.form()->isEnabled());
        for (int i = 0; i < 3; ++i)
            QTest::keyClick(dialog.yamlEditor(), Qt::Key_Backspace);
        QTRY_VERIFY(dialog.createButton()->isEnabled());

        // Only an explicit choice drops what the form cannot show, and Undo brings it back.
        Q_EMIT dialog.formBanner()->actionTriggered();
        QVERIFY(!dialog.yamlEditor()->toPlainText().contains(QStringLiteral("team: inference")));
        QVERIFY(dialog.form()->isEnabled());
        QVERIFY(!dialog.yamlInCharge());
        QCOMPARE(lineEdit(dialog, Field::MaxReplicas)->text(), QStringLiteral("5"));
        QVERIFY2(dialog.yamlNotice()->text().contains(QStringLiteral("Undo")), qPrintable(dialog.yamlNotice()->text()));
        dialog.yamlEditor()->undo();
        QVERIFY(dialog.yamlEditor()->toPlainText().contains(QStringLiteral("team: inference")));
        QTRY_VERIFY(!dialog.form()->isEnabled());

        // Back in the form: editing a field renders the YAML again from the form.
        Q_EMIT dialog.formBanner()->actionTriggered();
        retype(lineEdit(dialog, Field::MaxReplicas), QStringLiteral("4"));
        QTRY_VERIFY(dialog.yamlEditor()->toPlainText().contains(QStringLiteral("maxReplicas: 4")));
        dialog.tabs()->setCurrentIndex(1);
        gantry::test::saveRender(&dialog, QStringLiteral("deploy-yaml"));
    }

    void aDryRunIsAnsweredByTheServerAndStoresNothing()
    {
        DeployDialog dialog(m_sim->context());
        dialog.show();
        fillValidForm(dialog, QStringLiteral("dry"));
        QTRY_VERIFY(dialog.dryRunButton()->isEnabled());
        QTest::mouseClick(dialog.dryRunButton(), Qt::LeftButton);
        // The request runs off the UI thread: the dialog keeps answering meanwhile.
        QVERIFY(!dialog.dryRunButton()->isEnabled());
        QCOMPARE(dialog.resultNotice()->kind(), NoticeBar::Kind::Info);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.resultNotice()->kind() != NoticeBar::Kind::Info, kServerTimeoutMs);
        QCOMPARE(dialog.resultNotice()->kind(), NoticeBar::Kind::Success);
        QVERIFY2(dialog.resultNotice()->text().contains(QStringLiteral("Dry run passed")),
                 qPrintable(dialog.resultNotice()->text()));
        QVERIFY(dialog.resultNotice()->text().contains(QStringLiteral("default/dry")));
        QVERIFY(!serviceExists(*m_sim, "dry"));
        QVERIFY(dialog.createButton()->isEnabled());
    }

    void theServersRefusalIsShownInItsWords()
    {
        DeployDialog dialog(m_sim->context());
        dialog.show();
        dialog.tabs()->setCurrentIndex(1);
        dialog.yamlEditor()->setPlainText(labelledYaml(QStringLiteral("labelled")));
        QTRY_VERIFY(dialog.dryRunButton()->isEnabled());
        QVERIFY(dialog.yamlInCharge());
        QTest::mouseClick(dialog.dryRunButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.resultNotice()->kind() == NoticeBar::Kind::Error, kServerTimeoutMs);
        const QString text = dialog.resultNotice()->text();
        QVERIFY2(text.contains(QStringLiteral("refused by the server (HTTP 422 Invalid)")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("metadata.labels: Invalid value: \"two words\"")), qPrintable(text));
        QVERIFY(!serviceExists(*m_sim, "labelled"));
        gantry::test::saveRender(&dialog, QStringLiteral("deploy-server-invalid"));
    }

    void createFollowsTheNewReplicaToReady()
    {
        // The console's data path, as the app runs it: informers → fleet → snapshots.
        // The dialog outlives the session, which stops before it is destroyed.
        DeployDialog dialog(m_sim->context());
        gantry::fleet::FleetSessionOptions options;
        options.logInterval = std::chrono::milliseconds(100);
        options.fleet.publishInterval = std::chrono::milliseconds(50);
        gantry::fleet::FleetSession session(m_sim->client("gantry-viewer", true), options);
        session.fleet().setSnapshotHandler([&dialog](const std::shared_ptr<const gantry::fleet::FleetSnapshot> &s) {
            QMetaObject::invokeMethod(&dialog, [&dialog, s] { dialog.applySnapshot(s); }, Qt::QueuedConnection);
        });
        session.start();
        QVERIFY(session.waitSynced(std::chrono::seconds(10)));

        dialog.setFollowInterval(std::chrono::milliseconds(100));
        dialog.show();
        QSignalSpy deployed(&dialog, &DeployDialog::deployed);
        fillValidForm(dialog, QStringLiteral("qwen-chat"));
        retype(lineEdit(dialog, Field::ExtraArgs), QStringLiteral("--enable-prefix-caching"));
        QTRY_VERIFY(dialog.createButton()->isEnabled());
        QTest::mouseClick(dialog.createButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(deployed.count(), 1, kServerTimeoutMs);
        QCOMPARE(deployed.at(0).at(1).toString(), QStringLiteral("qwen-chat"));
        QVERIFY(serviceExists(*m_sim, "qwen-chat"));
        QVERIFY(dialog.progressPanel()->isVisible());
        QVERIFY(!dialog.createButton()->isVisible());

        gantry::DeployProgressPanel *panel = dialog.progressPanel();
        // Step the factory until the replica is warming up, then until Ready,
        // letting the dialog see each step.
        const auto stepUntil = [&](const std::function<bool()> &done) {
            for (int i = 0; i < 60 && !done(); ++i) {
                m_sim->factory().runFor(5);
                QTest::qWait(120);
            }
            return done();
        };
        const auto hasRunning = [&](const QString &phase) {
            for (const QStringList &steps : panel->replicaSteps()) {
                for (const QString &step : steps) {
                    if (step.startsWith(phase) && step.endsWith(QStringLiteral("so far")))
                        return true;
                }
            }
            return false;
        };
        QVERIFY2(stepUntil([&] { return hasRunning(QStringLiteral("model download")); }),
                 qPrintable(panel->stateText()));
        // The observer polls on its own thread; give it a moment to see the replica the fleet saw.
        QTRY_VERIFY2_WITH_TIMEOUT(panel->stateText().startsWith(QStringLiteral("Starting")),
                                  qPrintable(panel->stateText()), 5000);
        gantry::test::saveRender(&dialog, QStringLiteral("deploy-progress"));

        QVERIFY2(stepUntil([&] { return panel->stateText().startsWith(QStringLiteral("Ready")); }),
                 qPrintable(panel->stateText()));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->replicaSteps().isEmpty()
                                     && panel->replicaSteps().first().last().startsWith(QStringLiteral("ready: after")),
                                 5000);
        const QStringList steps = panel->replicaSteps().first();
        QVERIFY2(steps.join(QLatin1Char('|')).contains(QStringLiteral("image pull: ")), qPrintable(steps.join(u'|')));
        QVERIFY(panel->noticeText().contains(QStringLiteral("default/qwen-chat is Ready")));
        QCOMPARE(dialog.resultNotice()->text(), QStringLiteral("Created default/qwen-chat; it is Ready."));
        gantry::test::saveRender(&dialog, QStringLiteral("deploy-progress-ready"));
        session.stop();
    }

    void readOnlyDisablesTheWritesAndSaysWhy()
    {
        DeployDialog dialog(m_sim->context());
        dialog.show();
        fillValidForm(dialog, QStringLiteral("kiosk"));
        QTRY_VERIFY(dialog.createButton()->isEnabled());
        const QString reason = QStringLiteral("This console runs as a wall screen (--kiosk): nothing can be deployed.");
        dialog.setReadOnly(true, reason);
        QVERIFY(!dialog.createButton()->isEnabled());
        QVERIFY(!dialog.dryRunButton()->isEnabled());
        QCOMPARE(dialog.createButton()->toolTip(), reason);
        QCOMPARE(dialog.dryRunButton()->toolTip(), reason);
        // Typing does not bring the buttons back.
        retype(lineEdit(dialog, Field::MaxReplicas), QStringLiteral("3"));
        QTest::qWait(DeployDialog::kValidationDelay.count() * 2);
        QVERIFY(!dialog.createButton()->isEnabled());
        dialog.setReadOnly(false, {});
        QVERIFY(dialog.createButton()->isEnabled());

        // A read-only client is read-only without being told.
        DeployDialog guarded(m_sim->context("gantry-admin", /*readOnly=*/true));
        QVERIFY(guarded.isReadOnly());
        QVERIFY(guarded.createButton()->toolTip().contains(QStringLiteral("read-only")));
    }

    void closingWhileARequestRunsIsSafe()
    {
        auto *dialog = new DeployDialog(m_sim->context());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        fillValidForm(*dialog, QStringLiteral("closed"));
        QTRY_VERIFY(dialog->createButton()->isEnabled());
        QPointer<DeployDialog> guard(dialog);
        QTest::mouseClick(dialog->dryRunButton(), Qt::LeftButton);
        dialog->close();
        QTRY_VERIFY(guard.isNull());
        QTest::qWait(300); // a late answer must find nobody and harm nothing
        QVERIFY(!serviceExists(*m_sim, "closed"));
    }

private:
    std::unique_ptr<gantry::test::SimCluster> m_sim;
};

QTEST_MAIN(TestDeployDialog)
#include "tst_deploydialog.moc"

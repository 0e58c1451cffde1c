#include "widgets/models/deploymentdetailpane.h"

#include "common/testoutput.h"
#include "widgets/models/darkpalette.h"
#include "widgets/models/modelstestdata.h"
#include "widgets/models/replicatablemodel.h"
#include "widgets/models/scalingpolicyform.h"
#include "widgets/models/servingcolours.h"

#include <QLabel>
#include <QTableView>
#include <QTest>

using gantry::DeploymentDetailPane;
using gantry::ScalingPolicyForm;
using namespace gantry::test;
namespace colours = gantry::servingcolours;

namespace {

/// The rich texts of the policy form's value labels.
QStringList policyLabels(const ScalingPolicyForm *form)
{
    QStringList texts;
    for (const QLabel *label : form->findChildren<QLabel *>(QStringLiteral("policyValue")))
        texts << label->text();
    return texts;
}

QString labelContaining(const QStringList &texts, const QString &needle)
{
    for (const QString &text : texts) {
        if (text.contains(needle))
            return text;
    }
    return {};
}

} // namespace

class TestDeploymentDetailPane : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void policyFormShowsValueAndSource()
    {
        DeploymentDetailPane pane;
        pane.setDeployment(chatDeployment(), clusterNow());
        const ScalingPolicyForm *form = pane.policyForm();
        QCOMPARE(form->rowText(QStringLiteral("Target")), QStringLiteral("32 — annotation autoscaling.knative.dev/target"));
        QCOMPARE(form->rowText(QStringLiteral("Min replicas")), QStringLiteral("1 — default (KServe DefaultMinReplicas)"));
        QCOMPARE(form->rowText(QStringLiteral("Mode")), QStringLiteral("Knative — status deploymentMode"));

        // What is on screen: the value, then the source in the muted colour.
        const QStringList labels = policyLabels(form);
        const QString target = labelContaining(labels, QStringLiteral("autoscaling.knative.dev/target"));
        QVERIFY2(target.startsWith(QStringLiteral("32 ")), qPrintable(target));
        QVERIFY(target.contains(colours::muted(form->palette()).name()));
        QVERIFY(!labelContaining(labels, QStringLiteral("default (KServe DefaultMinReplicas)")).isEmpty());
        QVERIFY(form->problemsText().isEmpty());
        QVERIFY(!form->findChild<QLabel *>(QStringLiteral("policyProblems"))->isVisibleTo(&pane));

        // Standard mode has no Knative windows: those rows are left out.
        pane.setDeployment(reasoningDeployment(), clusterNow());
        QCOMPARE(form->rowText(QStringLiteral("Autoscaler")), QStringLiteral("hpa — default (KServe autoscalerClass)"));
        QCOMPARE(form->rowText(QStringLiteral("Min replicas")), QStringLiteral("2 — spec minReplicas"));
        QVERIFY(form->rowText(QStringLiteral("Window")).isEmpty());
        QVERIFY(labelContaining(policyLabels(form), QStringLiteral("stable-window")).isEmpty());
    }

    void problemsAndFailedConditionsAreInTheWarningColour()
    {
        DeploymentDetailPane pane;
        pane.resize(700, 700);
        pane.show();
        pane.setDeployment(qwenDeployment(), clusterNow());
        const QString warning = colours::warning(pane.palette()).name();

        const auto *problems = pane.findChild<QLabel *>(QStringLiteral("policyProblems"));
        QVERIFY(problems->isVisible());
        QVERIFY(problems->text().contains(QStringLiteral("is not a duration")));
        QVERIFY(problems->text().contains(warning));

        const QString conditions = pane.findChild<QLabel *>(QStringLiteral("detailConditions"))->text();
        const int message = conditions.indexOf(QStringLiteral("CUDA out of memory"));
        QVERIFY(message > 0);
        // The message sits inside a span of the warning colour.
        QVERIFY(conditions.lastIndexOf(warning, message) > 0);
        QVERIFY(conditions.contains(QStringLiteral("IngressReady")));

        const auto *failure = pane.findChild<QLabel *>(QStringLiteral("detailFailure"));
        QVERIFY(failure->isVisible());
        QVERIFY(failure->text().contains(QStringLiteral("ModelLoadFailed")));
        QVERIFY(pane.findChild<QLabel *>(QStringLiteral("detailUrl"))->text().contains(QStringLiteral("https://qwen-research.inference.example.com")));
        QCOMPARE(pane.replicaModel()->rowCount(), 1);

        // A ready deployment has no failure line.
        pane.setDeployment(mistralDeployment(), clusterNow());
        QVERIFY(!failure->isVisible());
        QVERIFY(!problems->isVisible());
    }

    void darkPaletteRecoloursTheTexts()
    {
        DeploymentDetailPane pane;
        pane.setDeployment(qwenDeployment(), clusterNow(), QStringLiteral("Last cold start 1 min 11 s"));
        const QString lightMuted = colours::muted(pane.palette()).name();
        pane.setPalette(darkPalette());
        const QString darkMuted = colours::muted(pane.palette()).name();
        QVERIFY(lightMuted != darkMuted);
        const QString target = labelContaining(policyLabels(pane.policyForm()), QStringLiteral("autoscaling.knative.dev/target"));
        QVERIFY(target.contains(darkMuted));
        QVERIFY(!target.contains(lightMuted));
        const QString conditions = pane.findChild<QLabel *>(QStringLiteral("detailConditions"))->text();
        QVERIFY(conditions.contains(colours::warning(darkPalette()).name()));
        QVERIFY(pane.findChild<QLabel *>(QStringLiteral("detailSubtitle"))->text().contains(QStringLiteral("Last cold start 1 min 11 s")));
    }

    void placeholderWithoutDeployment()
    {
        DeploymentDetailPane pane;
        pane.show();
        pane.setDeployment(chatDeployment(), clusterNow());
        pane.setDeployment(nullptr, clusterNow());
        QVERIFY(pane.findChild<QLabel *>(QStringLiteral("detailPlaceholder"))->isVisible());
        QCOMPARE(pane.replicaModel()->rowCount(), 0);
        QVERIFY(pane.policyForm()->rowText(QStringLiteral("Mode")).isEmpty());
    }

    void rendersLightAndDark()
    {
        for (const bool dark : {false, true}) {
            DeploymentDetailPane pane;
            if (dark)
                pane.setPalette(darkPalette());
            pane.resize(640, 720);
            pane.setDeployment(qwenDeployment(), clusterNow(), QStringLiteral("Last cold start 1 min 11 s, ready 23 min ago"));
            pane.show();
            QVERIFY(QTest::qWaitForWindowExposed(&pane));
            const QImage image = saveRender(&pane, dark ? QStringLiteral("models-detail-dark") : QStringLiteral("models-detail-light"));
            QVERIFY(distinctColours(image) > 8);
        }
    }
};

QTEST_MAIN(TestDeploymentDetailPane)
#include "tst_deploymentdetailpane.moc"

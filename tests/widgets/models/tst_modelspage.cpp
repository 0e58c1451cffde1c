#include "widgets/models/modelspage.h"

#include "common/testoutput.h"
#include "widgets/models/darkpalette.h"
#include "widgets/models/deploymentdetailpane.h"
#include "widgets/models/deploymentfilterproxy.h"
#include "widgets/models/deploymenttablemodel.h"
#include "widgets/models/fakechartprovider.h"
#include "widgets/models/modelcharts.h"
#include "widgets/models/modelstestdata.h"
#include "widgets/models/scalingpolicyform.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTest>

using gantry::ChartMetric;
using gantry::DeploymentTableModel;
using gantry::ModelsPage;
using namespace gantry::test;
namespace fleet = gantry::fleet;

namespace {

/// Every text the page shows in labels and table cells.
QStringList visibleTexts(const QWidget *page)
{
    QStringList texts;
    for (const QLabel *label : page->findChildren<QLabel *>()) {
        if (label->isVisibleTo(page))
            texts << label->text();
    }
    for (const QTableView *view : page->findChildren<QTableView *>()) {
        const QAbstractItemModel *model = view->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            for (int column = 0; column < model->columnCount(); ++column)
                texts << model->index(row, column).data().toString();
        }
        for (int column = 0; column < model->columnCount(); ++column)
            texts << model->headerData(column, Qt::Horizontal).toString();
    }
    return texts;
}

bool shows(const QStringList &texts, const QString &needle)
{
    for (const QString &text : texts) {
        if (text.contains(needle))
            return true;
    }
    return false;
}

} // namespace

class TestModelsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Deterministic pixels: one font for every run.
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(13);
        QApplication::setFont(font);
    }

    void emptyStatesSayWhy()
    {
        ModelsPage page;
        QVERIFY(page.emptyStateText().contains(QStringLiteral("Reading")));
        page.setSnapshot(snapshotOf({}));
        QCOMPARE(page.emptyStateText(),
                 QStringLiteral("No InferenceServices in this namespace. Deploy a model, or check that KServe is installed "
                                "(serving.kserve.io/v1beta1)."));
        page.setSnapshot(realisticSnapshot());
        QVERIFY(page.emptyStateText().isEmpty());
    }

    void selectionSurvivesSnapshotsAndFeedsTheDetail()
    {
        FakeChartProvider provider;
        ModelsPage page;
        page.setChartDataProvider(&provider);
        page.resize(1400, 900);
        page.show();
        auto deployments = realisticDeployments();
        page.setSnapshot(snapshotOf(deployments, poolsFor(deployments), realisticColdStarts()));
        QCOMPARE(page.selectedKey(), QStringLiteral("assistants/chat")); // the first row is picked for a start
        QVERIFY(page.selectKey(QStringLiteral("research/qwen")));
        QCOMPARE(page.detailPane()->deployment()->name, std::string("qwen"));
        QCOMPARE(provider.requests.last().deployment, QStringLiteral("qwen"));

        // qwen recovers and a new model sorts in before it: the selection follows qwen.
        auto recovered = std::make_shared<fleet::Deployment>(*deployments[2]);
        recovered->ready = true;
        recovered->readyReplicas = 1;
        auto alpha = plainDeployment("research", 1);
        alpha->name = "alpha";
        page.setSnapshot(snapshotOf({deployments[0], deployments[1], alpha, recovered, deployments[3]}, {}, {}, clusterNow() + std::chrono::seconds(1), 2));
        QCOMPARE(page.selectedKey(), QStringLiteral("research/qwen"));
        QCOMPARE(page.detailPane()->deployment(), std::shared_ptr<const fleet::Deployment>(recovered));
        QCOMPARE(page.model()->rowCount(), 5);

        // Filtering qwen away clears the detail; the count says how many are shown.
        page.filterEdit()->setText(QStringLiteral("assistants"));
        QTRY_COMPARE_WITH_TIMEOUT(page.proxy()->rowCount(), 2, 2000);
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("modelsCount"))->text().contains(QStringLiteral("2 of 5 models")));
    }

    void rendersLightAndDark_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }

    void rendersLightAndDark()
    {
        QFETCH(bool, dark);
        FakeChartProvider provider;
        ModelsPage page;
        if (dark)
            page.setPalette(darkPalette());
        page.setChartDataProvider(&provider);
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.setSnapshot(realisticSnapshot());
        QVERIFY(page.selectKey(QStringLiteral("assistants/chat")));
        QTest::qWait(50); // let the layouts settle before grabbing

        const QStringList texts = visibleTexts(&page);
        for (const QString &expected : {QStringLiteral("chat"), QStringLiteral("mistral"), QStringLiteral("reasoning"), QStringLiteral("qwen"),
                                        QStringLiteral("4/6 [1–10]"), QStringLiteral("1.2 s"), QStringLiteral("74 %"), QStringLiteral("68 %"),
                                        QStringLiteral("object store"), QStringLiteral("shared volume"), QStringLiteral("OCI image"),
                                        QStringLiteral("Last cold start"), QStringLiteral("Scaling policy in force"),
                                        QStringLiteral("annotation autoscaling.knative.dev/target"),
                                        QStringLiteral("default (KServe DefaultMinReplicas)"), QStringLiteral("Pending · Unschedulable"),
                                        QStringLiteral("History of chat, last 1 h")})
            QVERIFY2(shows(texts, expected), qPrintable(expected));
        QVERIFY(page.charts()->message(ChartMetric::TtftP95).isEmpty());
        QCOMPARE(page.charts()->points(ChartMetric::TtftP95).size(), 241);

        const QImage image = saveRender(&page, dark ? QStringLiteral("models-page-dark") : QStringLiteral("models-page-light"));
        QCOMPARE(image.size(), QSize(1400, 900));
        QVERIFY(distinctColours(image) > 32);
        // The theme reached the pixels: the corner is the palette's window colour.
        const QColor corner = image.pixelColor(image.width() - 2, 2);
        QCOMPARE(corner.lightnessF() < 0.5, dark);

        // Nothing in the table is elided: every column is at least as wide as its texts.
        const QTableView *table = page.table();
        for (int column = 0; column < DeploymentTableModel::ColumnCount; ++column) {
            for (int row = 0; row < table->model()->rowCount(); ++row) {
                const QString text = table->model()->index(row, column).data().toString();
                QVERIFY2(table->fontMetrics().horizontalAdvance(text) < table->columnWidth(column),
                         qPrintable(QStringLiteral("column %1 clips \"%2\"").arg(column).arg(text)));
            }
        }

        // And the crash-looping model, with its warnings.
        QVERIFY(page.selectKey(QStringLiteral("research/qwen")));
        QTest::qWait(50);
        const QStringList qwenTexts = visibleTexts(&page);
        QVERIFY(shows(qwenTexts, QStringLiteral("CrashLoopBackOff")));
        QVERIFY(shows(qwenTexts, QStringLiteral("CUDA out of memory")));
        QVERIFY(shows(qwenTexts, QStringLiteral("is not a duration")));
        const auto *replicas = page.findChild<QTableView *>(QStringLiteral("replicaTable"));
        const QString state = replicas->model()->index(0, 3).data().toString();
        QVERIFY2(replicas->fontMetrics().horizontalAdvance(state) < replicas->columnWidth(3), qPrintable(state));
        saveRender(&page, dark ? QStringLiteral("models-page-qwen-dark") : QStringLiteral("models-page-qwen-light"));
    }
};

QTEST_MAIN(TestModelsPage)
#include "tst_modelspage.moc"

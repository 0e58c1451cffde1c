#include "widgets/models/deploymentfilterproxy.h"

#include "widgets/models/deploymenttablemodel.h"
#include "widgets/models/modelstestdata.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using gantry::DeploymentFilterProxy;
using gantry::DeploymentTableModel;
using namespace gantry::test;
namespace fleet = gantry::fleet;

namespace {

QStringList names(const QAbstractItemModel &model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << model.index(row, DeploymentTableModel::Name).data().toString();
    return result;
}

} // namespace

class TestDeploymentFilterProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filterWaitsForAPauseInTyping()
    {
        DeploymentTableModel model;
        DeploymentFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setSnapshot(realisticSnapshot());
        QCOMPARE(proxy.rowCount(), 4);
        QCOMPARE(proxy.debounceInterval(), 300);

        QSignalSpy applied(&proxy, &DeploymentFilterProxy::filterApplied);
        QElapsedTimer clock;
        clock.start();
        // Typed one key at a time, faster than the debounce interval.
        for (const QString &text : {QStringLiteral("r"), QStringLiteral("re"), QStringLiteral("res"), QStringLiteral("rese")}) {
            proxy.setFilterText(text);
            QTest::qWait(50);
        }
        proxy.setFilterText(QStringLiteral("research"));
        QTest::qWait(150);
        QCOMPARE(applied.count(), 0); // still typing: nothing filtered yet
        QCOMPARE(proxy.rowCount(), 4);

        QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 2000);
        QVERIFY(clock.elapsed() >= 300 + 4 * 50);
        QCOMPARE(applied.first().first().toString(), QStringLiteral("research"));
        QCOMPARE(proxy.appliedFilterText(), QStringLiteral("research"));
        QCOMPARE(proxy.rowCount(), 2);
        QCOMPARE(names(proxy), (QStringList{QStringLiteral("qwen"), QStringLiteral("reasoning")}));
        QTest::qWait(400);
        QCOMPARE(applied.count(), 1); // one filter pass for the whole burst
    }

    void everyWordMustMatchOneOfTheFields()
    {
        DeploymentTableModel model;
        DeploymentFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(DeploymentTableModel::Name);
        model.setSnapshot(realisticSnapshot());

        const auto filter = [&proxy](const QString &text) {
            proxy.setFilterText(text);
            proxy.applyPendingFilter(); // as Enter does
            return names(proxy);
        };
        QCOMPARE(filter(QStringLiteral("standard")), (QStringList{QStringLiteral("mistral"), QStringLiteral("reasoning")}));
        QCOMPARE(filter(QStringLiteral("Research KNATIVE")), QStringList{QStringLiteral("qwen")});
        QCOMPARE(filter(QStringLiteral("object store")), QStringList{QStringLiteral("mistral")});
        QCOMPARE(filter(QStringLiteral("volume")), QStringList{QStringLiteral("reasoning")});
        QCOMPARE(filter(QStringLiteral("OCI")), QStringList{QStringLiteral("qwen")});
        QCOMPARE(filter(QStringLiteral("nothing-like-this")), QStringList{});
        QCOMPARE(filter(QString()).size(), 4);
    }

    void sortsByRawNumbersNotText()
    {
        DeploymentTableModel model;
        DeploymentFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        // "900 ms" and "12 s" sort wrongly as text; as numbers 0.9 < 3.4 < 12.
        std::vector<std::shared_ptr<const fleet::Deployment>> deployments;
        const double ttft[] = {12.0, 0.9, 3.4};
        for (int i = 0; i < 3; ++i) {
            auto d = std::make_shared<fleet::Deployment>(*plainDeployment("ns", i));
            d->ttftP95Seconds = ttft[i];
            deployments.push_back(d);
        }
        deployments.push_back(plainDeployment("ns", 3)); // no figure: below every real one
        model.setSnapshot(snapshotOf(deployments));
        proxy.sort(DeploymentTableModel::TtftP95, Qt::AscendingOrder);
        QCOMPARE(names(proxy), (QStringList{QStringLiteral("model-0003"), QStringLiteral("model-0001"), QStringLiteral("model-0002"),
                                            QStringLiteral("model-0000")}));

        // A later snapshot keeps the sort live.
        auto faster = std::make_shared<fleet::Deployment>(*deployments[0]);
        faster->ttftP95Seconds = 0.1;
        deployments[0] = faster;
        model.setSnapshot(snapshotOf(deployments, {}, {}, clusterNow(), 2));
        QCOMPARE(proxy.index(1, DeploymentTableModel::Name).data().toString(), QStringLiteral("model-0000"));
    }
};

QTEST_MAIN(TestDeploymentFilterProxy)
#include "tst_deploymentfilterproxy.moc"

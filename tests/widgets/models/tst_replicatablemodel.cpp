#include "widgets/models/replicatablemodel.h"

#include "widgets/models/modelstestdata.h"
#include "widgets/models/servingcolours.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using gantry::ReplicaTableModel;
using gantry::servingcolours::Severity;
using namespace gantry::test;
namespace fleet = gantry::fleet;

class TestReplicaTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsReplicasOfADeployment()
    {
        ReplicaTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setDeployment(reasoningDeployment(), clusterNow());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, ReplicaTableModel::Name).data().toString(), QStringLiteral("reasoning-predictor-6f5d4c8b9-h4j7r"));
        QCOMPARE(model.index(0, ReplicaTableModel::Node).data().toString(), QStringLiteral("gpu-h100-03"));
        QCOMPARE(model.index(0, ReplicaTableModel::Gpus).data().toString(), QStringLiteral("4"));
        QCOMPARE(model.index(0, ReplicaTableModel::State).data().toString(), QStringLiteral("Ready"));
        QCOMPARE(model.index(1, ReplicaTableModel::Restarts).data().toInt(), 1);
        QCOMPARE(model.index(0, ReplicaTableModel::Age).data().toString(), QStringLiteral("20 h"));
        QCOMPARE(static_cast<Severity>(model.index(0, ReplicaTableModel::State).data(ReplicaTableModel::SeverityRole).toInt()), Severity::Good);
        QCOMPARE(static_cast<Severity>(model.index(1, ReplicaTableModel::Restarts).data(ReplicaTableModel::SeverityRole).toInt()), Severity::Warning);
    }

    void crashLoopAndUnscheduledReplicasSayWhy()
    {
        ReplicaTableModel model;
        model.setDeployment(qwenDeployment(), clusterNow());
        QCOMPARE(model.index(0, ReplicaTableModel::State).data().toString(), QStringLiteral("CrashLoopBackOff"));
        QCOMPARE(model.index(0, ReplicaTableModel::Restarts).data().toInt(), 7);
        QCOMPARE(model.index(0, ReplicaTableModel::Age).data().toString(), QStringLiteral("25 min"));
        QCOMPARE(static_cast<Severity>(model.index(0, ReplicaTableModel::State).data(ReplicaTableModel::SeverityRole).toInt()), Severity::Critical);

        model.setDeployment(chatDeployment(), clusterNow());
        QCOMPARE(model.rowCount(), 6);
        const int pending = model.rowOfKey("assistants/chat-predictor-00003-deployment-7d9f8-uvwxy");
        QVERIFY(pending >= 0);
        QCOMPARE(model.index(pending, ReplicaTableModel::Node).data().toString(), QStringLiteral("unscheduled"));
        QCOMPARE(model.index(pending, ReplicaTableModel::State).data().toString(), QStringLiteral("Pending · Unschedulable"));
        QCOMPARE(static_cast<Severity>(model.index(pending, ReplicaTableModel::State).data(ReplicaTableModel::SeverityRole).toInt()), Severity::Warning);
    }

    void updatesInPlaceAcrossSnapshots()
    {
        ReplicaTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        auto chat = chatDeployment();
        model.setDeployment(chat, clusterNow());

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        // One replica restarts, one pending replica is gone, a new one is created.
        auto next = std::make_shared<fleet::Deployment>(*chat);
        next->replicas[1].restarts = 1;
        next->replicas.erase(next->replicas.begin() + 5);
        next->replicas.push_back(replica("assistants", "chat-predictor-00003-deployment-7d9f8-zzzzz", "", 1, false, 1s, "Unschedulable"));
        model.setDeployment(next, clusterNow());
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.first().at(1).toModelIndex().row(), 1);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.index(1, ReplicaTableModel::Restarts).data().toInt(), 1);

        // Another deployment: the old rows go in one batch, the new ones come in one.
        removed.clear();
        inserted.clear();
        model.setDeployment(reasoningDeployment(), clusterNow());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 2);

        model.setDeployment(nullptr, clusterNow());
        QCOMPARE(model.rowCount(), 0);
    }

    void agesTickOnlyWhereTheirWordsChange()
    {
        ReplicaTableModel model;
        auto chat = chatDeployment();
        model.setDeployment(chat, clusterNow());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // 25 s later only the 40 s old pending replicas read differently ("1 min").
        model.setDeployment(chat, clusterNow() + std::chrono::seconds(25));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 4);
        QCOMPARE(changed.first().at(1).toModelIndex().row(), 5);
        QCOMPARE(changed.first().at(0).toModelIndex().column(), int(ReplicaTableModel::Age));
        QCOMPARE(model.index(4, ReplicaTableModel::Age).data().toString(), QStringLiteral("1 min"));
    }
};

QTEST_MAIN(TestReplicaTableModel)
#include "tst_replicatablemodel.moc"

// Node detail: the GPU table model under QAbstractItemModelTester (a new reading
// of the same node changes data in place, another node resets), and the dialog
// following snapshots, saying so when its node leaves.
#include "common/testoutput.h"
#include "poolsfixture.h"
#include "widgets/pools/nodedetaildialog.h"
#include "widgets/pools/nodegputablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace gantry;

class TestNodeDetail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gpuTableFollowsReadings()
    {
        NodeGpuTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto pools = test::threePools();
        const auto node = pools->pools[0]->nodes[0];
        model.setNode(node);
        QCOMPARE(model.rowCount(), 8);
        QCOMPARE(model.index(0, NodeGpuTableModel::Pod).data().toString(),
                 QStringLiteral("serving/llama-3-8b-predictor-7c9f-x2k4q"));
        QCOMPARE(model.index(0, NodeGpuTableModel::Model).data().toString(), QStringLiteral("llama-3-8b"));
        QCOMPARE(model.index(0, NodeGpuTableModel::Utilization).data().toString(), QStringLiteral("91 %"));
        QCOMPARE(model.index(0, NodeGpuTableModel::Memory).data().toString(), QStringLiteral("61.2 / 80 GiB"));
        QCOMPARE(model.index(6, NodeGpuTableModel::Pod).data().toString(), QStringLiteral("free"));

        // The same node, new readings: in place.
        auto changed = std::make_shared<fleet::FleetNode>(*node);
        changed->gpus[0].utilizationPercent = 12;
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setNode(changed);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(model.index(0, NodeGpuTableModel::Utilization).data().toString(), QStringLiteral("12 %"));

        // A not-ready node without readings, then none at all.
        model.setNode(pools->pools[0]->nodes[1]);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.index(0, NodeGpuTableModel::Utilization).data().toString(), QStringLiteral("—"));
        model.setNode(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void dialogFollowsSnapshots()
    {
        NodeDetailDialog dialog;
        dialog.showNode(QStringLiteral("gpu-h200-node-01"), test::wrap(test::threePools()));
        dialog.show();
        const QString header = dialog.headerText();
        QVERIFY2(header.contains(QStringLiteral("Pool h200")) && header.contains(QStringLiteral("NVIDIA-H200"))
                     && header.contains(QStringLiteral("2 of 8 GPUs allocated"))
                     && header.contains(QStringLiteral("Cordoned: cordoned by ops: driver upgrade")),
                 qPrintable(header));
        QCOMPARE(dialog.gpuModel()->rowCount(), 8);
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Node gpu-h200-node-01"));
        test::saveRender(&dialog, QStringLiteral("node-detail"));

        // The node leaves the cluster.
        auto without = std::make_shared<fleet::PoolsSnapshot>(*test::threePools());
        without->pools.pop_back();
        dialog.applySnapshot(test::wrap(without));
        QCOMPARE(dialog.gpuModel()->rowCount(), 0);
        QVERIFY(dialog.headerText().contains(QStringLiteral("not in any GPU pool")));
        dialog.applySnapshot(nullptr);
        QVERIFY(dialog.headerText().contains(QStringLiteral("not in any GPU pool")));
    }
};

QTEST_MAIN(TestNodeDetail)
#include "tst_nodedetail.moc"

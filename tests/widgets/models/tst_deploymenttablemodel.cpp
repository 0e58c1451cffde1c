#include "widgets/models/deploymenttablemodel.h"

#include "widgets/models/modelstestdata.h"
#include "widgets/models/servingcolours.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using gantry::DeploymentTableModel;
using namespace gantry::test;
namespace fleet = gantry::fleet;

namespace {

QString cell(const DeploymentTableModel &model, const std::string &key, int column, int role = Qt::DisplayRole)
{
    const int row = model.rowOfKey(key);
    if (row < 0)
        return QStringLiteral("<no row %1>").arg(QString::fromStdString(key));
    return model.index(row, column).data(role).toString();
}

std::vector<std::shared_ptr<const fleet::Deployment>> bulk(int count)
{
    std::vector<std::shared_ptr<const fleet::Deployment>> result;
    for (int i = 0; i < count; ++i)
        result.push_back(plainDeployment("bulk", i));
    return result;
}

} // namespace

class TestDeploymentTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheColumnsOfARealisticSnapshot()
    {
        DeploymentTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setSnapshot(realisticSnapshot());
        QCOMPARE(model.rowCount(), 4);
        // Rows follow namespace, then name.
        QCOMPARE(model.index(0, DeploymentTableModel::Name).data().toString(), QStringLiteral("chat"));
        QCOMPARE(model.index(3, DeploymentTableModel::Name).data().toString(), QStringLiteral("reasoning"));

        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::Mode), QStringLiteral("Knative"));
        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::WeightSource), QStringLiteral("hub"));
        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::Replicas), QStringLiteral("4/6 [1–10]"));
        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::Requests), QStringLiteral("46 / 18"));
        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::TtftP95), QStringLiteral("1.2 s"));
        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::KvCache), QStringLiteral("74 %"));
        // Mean of the four ready replicas' GPUs: (63 + 71 + 80 + 58) / 4.
        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::GpuUtilization), QStringLiteral("68 %"));
        // The newest start of chat is still running (40 s so far).
        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::LastColdStart), QStringLiteral("starting · 40 s"));

        QCOMPARE(cell(model, "assistants/mistral", DeploymentTableModel::WeightSource), QStringLiteral("object store"));
        QCOMPARE(cell(model, "assistants/mistral", DeploymentTableModel::TtftP95), QStringLiteral("340 ms"));
        QCOMPARE(cell(model, "assistants/mistral", DeploymentTableModel::LastColdStart), QStringLiteral("—"));
        QCOMPARE(cell(model, "research/reasoning", DeploymentTableModel::Replicas), QStringLiteral("2/2 [2–2]"));
        QCOMPARE(cell(model, "research/reasoning", DeploymentTableModel::WeightSource), QStringLiteral("shared volume"));
        QCOMPARE(cell(model, "research/reasoning", DeploymentTableModel::LastColdStart), QStringLiteral("6 min 52 s · 19 h ago"));
        QCOMPARE(cell(model, "research/qwen", DeploymentTableModel::WeightSource), QStringLiteral("OCI image"));
        QCOMPARE(cell(model, "research/qwen", DeploymentTableModel::Requests), QStringLiteral("—"));
        QCOMPARE(cell(model, "research/qwen", DeploymentTableModel::LastColdStart), QStringLiteral("1 min 11 s · 23 min ago"));

        // qwen holds a GPU that reports nothing: the cell is empty and the tooltip says why.
        QCOMPARE(cell(model, "research/qwen", DeploymentTableModel::GpuUtilization), QStringLiteral("—"));
        QVERIFY(cell(model, "research/qwen", DeploymentTableModel::GpuUtilization, Qt::ToolTipRole).contains(QStringLiteral("none reports utilization")));
        QVERIFY(cell(model, "assistants/chat", DeploymentTableModel::GpuUtilization, Qt::ToolTipRole).contains(QStringLiteral("Mean over 4 GPUs")));
        QVERIFY(cell(model, "assistants/chat", DeploymentTableModel::LastColdStart, Qt::ToolTipRole).contains(QStringLiteral("p95 2 min 40 s over 6 starts")));
        QVERIFY(cell(model, "assistants/chat", DeploymentTableModel::Replicas, Qt::ToolTipRole).contains(QStringLiteral("Minimum 1 (default (KServe DefaultMinReplicas))")));

        // Health: the crash-looping model is critical, the ready ones good.
        const auto severityOf = [&model](const std::string &key) {
            return static_cast<gantry::servingcolours::Severity>(model.index(model.rowOfKey(key), 0).data(DeploymentTableModel::SeverityRole).toInt());
        };
        QCOMPARE(model.index(model.rowOfKey("research/qwen"), 0).data(Qt::DecorationRole).value<QColor>(), gantry::servingcolours::statusFailing());
        QCOMPARE(model.index(model.rowOfKey("assistants/mistral"), 0).data(Qt::DecorationRole).value<QColor>(), gantry::servingcolours::statusReady());
        QCOMPARE(severityOf("research/qwen"), gantry::servingcolours::Severity::Normal); // the name itself is not coloured
    }

    void gpusWithoutTheServiceLabelJoinThroughTheirPod()
    {
        // A GPU whose pod lacks serving.kserve.io/inferenceservice still counts for
        // the deployment that lists the pod among its replicas.
        const auto deployments = realisticDeployments();
        auto pools = std::make_shared<fleet::PoolsSnapshot>(*poolsFor(deployments));
        for (auto &pool : pools->pools) {
            auto unlabelled = std::make_shared<fleet::GpuPool>(*pool);
            for (auto &node : unlabelled->nodes) {
                auto copy = std::make_shared<fleet::FleetNode>(*node);
                for (fleet::Gpu &gpu : copy->gpus)
                    gpu.inferenceService.clear();
                node = copy;
            }
            pool = unlabelled;
        }
        DeploymentTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setSnapshot(snapshotOf(deployments, pools, realisticColdStarts()));
        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::GpuUtilization), QStringLiteral("68 %"));
        QVERIFY(cell(model, "assistants/chat", DeploymentTableModel::GpuUtilization, Qt::ToolTipRole).contains(QStringLiteral("Mean over 4 GPUs")));
        QVERIFY(cell(model, "research/qwen", DeploymentTableModel::GpuUtilization, Qt::ToolTipRole).contains(QStringLiteral("none reports utilization")));
    }

    void sortRolesAreRawNumbers()
    {
        DeploymentTableModel model;
        model.setSnapshot(realisticSnapshot());
        const int chat = model.rowOfKey("assistants/chat");
        const int qwen = model.rowOfKey("research/qwen");
        QCOMPARE(model.index(chat, DeploymentTableModel::TtftP95).data(DeploymentTableModel::SortRole).toDouble(), 1.2);
        QCOMPARE(model.index(chat, DeploymentTableModel::KvCache).data(DeploymentTableModel::SortRole).toDouble(), 0.74);
        QCOMPARE(model.index(chat, DeploymentTableModel::GpuUtilization).data(DeploymentTableModel::SortRole).toDouble(), 68.0);
        QCOMPARE(model.index(chat, DeploymentTableModel::Requests).data(DeploymentTableModel::SortRole).toDouble(), 64.0);
        QCOMPARE(model.index(chat, DeploymentTableModel::LastColdStart).data(DeploymentTableModel::SortRole).toDouble(), 40.0);
        // Missing figures sort below real ones.
        QVERIFY(model.index(qwen, DeploymentTableModel::TtftP95).data(DeploymentTableModel::SortRole).toDouble() < 0);
        QCOMPARE(model.index(qwen, DeploymentTableModel::Replicas).data(DeploymentTableModel::SortRole).typeId(), QMetaType::Double);
    }

    void knativeUnlimitedMaximumReadsAsInfinity()
    {
        auto d = std::make_shared<fleet::Deployment>(*chatDeployment());
        d->scaling.maxReplicas = pv("0", "default (Knative max-scale, 0 = unlimited)");
        DeploymentTableModel model;
        model.setSnapshot(snapshotOf({d}));
        QCOMPARE(model.index(0, DeploymentTableModel::Replicas).data().toString(), QStringLiteral("4/6 [1–∞]"));
    }

    void appliesInsertsUpdatesAndRemovalsAcrossSnapshots()
    {
        DeploymentTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        auto first = realisticDeployments();
        model.setSnapshot(snapshotOf(first));
        QCOMPARE(model.rowCount(), 4);

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        // chat scales up (a new object), mistral goes, a new model arrives between the others.
        auto chat = std::make_shared<fleet::Deployment>(*first[0]);
        chat->readyReplicas = 6;
        auto llama = plainDeployment("assistants", 7);
        llama->name = "llama";
        model.setSnapshot(snapshotOf({chat, llama, first[2], first[3]}, {}, {}, clusterNow(), 2));

        QCOMPARE(reset.count(), 0);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.first().at(1).toModelIndex().row(), 0);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(1, DeploymentTableModel::Name).data().toString(), QStringLiteral("llama"));
        QCOMPARE(model.index(0, DeploymentTableModel::Replicas).data().toString(), QStringLiteral("6/6 [1–10]"));
        QCOMPARE(model.rowOfKey("assistants/mistral"), -1);

        // Everything goes, then comes back.
        model.setSnapshot(snapshotOf({}, {}, {}, clusterNow(), 3));
        QCOMPARE(model.rowCount(), 0);
        model.setSnapshot(snapshotOf(first, {}, {}, clusterNow(), 4));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(reset.count(), 0);
    }

    void aThousandNewDeploymentsAreOneInsert()
    {
        DeploymentTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSnapshot(snapshotOf(bulk(1000)));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(inserted.first().at(2).toInt(), 999);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(model.rowCount(), 1000);
    }

    void oneChangeAmongAThousandIsOneRow()
    {
        DeploymentTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        auto deployments = bulk(1000);
        model.setSnapshot(snapshotOf(deployments));

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // The same objects again: nothing to say.
        model.setSnapshot(snapshotOf(deployments, {}, {}, clusterNow(), 2));
        QCOMPARE(changed.count(), 0);

        auto scaled = std::make_shared<fleet::Deployment>(*deployments[417]);
        scaled->readyReplicas = 3;
        scaled->desiredReplicas = 3;
        deployments[417] = scaled;
        model.setSnapshot(snapshotOf(deployments, {}, {}, clusterNow(), 3));
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 417);
        QCOMPARE(changed.first().at(1).toModelIndex().row(), 417);
        QCOMPARE(changed.first().at(0).toModelIndex().column(), 0);
        QCOMPARE(changed.first().at(1).toModelIndex().column(), DeploymentTableModel::ColumnCount - 1);
        QCOMPARE(model.index(417, DeploymentTableModel::Replicas).data().toString(), QStringLiteral("3/3"));
    }

    void contiguousChangesAndRemovalsAreBatched()
    {
        DeploymentTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        auto deployments = bulk(100);
        model.setSnapshot(snapshotOf(deployments));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // Rows 10–19 change, 50 changes, rows 70–79 and 90 vanish.
        std::vector<std::shared_ptr<const fleet::Deployment>> next;
        for (int i = 0; i < 100; ++i) {
            if ((i >= 70 && i < 80) || i == 90)
                continue;
            if ((i >= 10 && i < 20) || i == 50) {
                auto copy = std::make_shared<fleet::Deployment>(*deployments[static_cast<std::size_t>(i)]);
                copy->requestsRunning = i;
                next.push_back(copy);
            } else {
                next.push_back(deployments[static_cast<std::size_t>(i)]);
            }
        }
        model.setSnapshot(snapshotOf(next, {}, {}, clusterNow(), 2));
        QCOMPARE(removed.count(), 2);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 10);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 19);
        QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 50);
        QCOMPARE(model.rowCount(), 89);
    }

    void joinsChangingAloneUpdateTheirRows()
    {
        DeploymentTableModel model;
        auto deployments = realisticDeployments();
        model.setSnapshot(snapshotOf(deployments, poolsFor(deployments), realisticColdStarts()));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // The GPUs stop reporting: the deployments are the same objects, their utilization is not.
        model.setSnapshot(snapshotOf(deployments, poolsFor(deployments, false), realisticColdStarts()));
        QVERIFY(changed.count() >= 1);
        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::GpuUtilization), QStringLiteral("—"));
        QVERIFY(cell(model, "assistants/chat", DeploymentTableModel::GpuUtilization, Qt::ToolTipRole).contains(QStringLiteral("4 GPUs held")));
    }

    void theClockRepaintsOnlyColdStartCellsWhoseWordsChange()
    {
        DeploymentTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        auto deployments = realisticDeployments();
        auto pools = poolsFor(deployments);
        auto starts = realisticColdStarts();
        model.setSnapshot(snapshotOf(deployments, pools, starts));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // 40 s later: chat's running start ticks and qwen's "23 min ago" becomes "24 min ago";
        // reasoning stays "19 h ago" and mistral has no start.
        model.setSnapshot(snapshotOf(deployments, pools, starts, clusterNow() + std::chrono::seconds(40), 2));
        QCOMPARE(changed.count(), 2);
        for (const auto &signal : changed) {
            QCOMPARE(signal.at(0).toModelIndex().column(), int(DeploymentTableModel::LastColdStart));
            QCOMPARE(signal.at(1).toModelIndex().column(), int(DeploymentTableModel::LastColdStart));
        }
        QCOMPARE(cell(model, "assistants/chat", DeploymentTableModel::LastColdStart), QStringLiteral("starting · 1 min 20 s"));
        QCOMPARE(cell(model, "research/qwen", DeploymentTableModel::LastColdStart), QStringLiteral("1 min 11 s · 24 min ago"));
    }
};

QTEST_MAIN(TestDeploymentTableModel)
#include "tst_deploymenttablemodel.moc"

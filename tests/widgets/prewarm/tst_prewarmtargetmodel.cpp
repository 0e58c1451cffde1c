// The prewarm target tree: pools over nodes, checks that follow between pool
// and nodes and survive snapshots, and each node's warm state for the chosen
// model from the warm cache index.

#include "widgets/prewarm/prewarmtargetmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace gantry;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<const fleet::PoolsSnapshot> poolsOf(std::initializer_list<std::pair<const char *, std::vector<const char *>>> pools)
{
    auto snapshot = std::make_shared<fleet::PoolsSnapshot>();
    for (const auto &[name, nodes] : pools) {
        auto pool = std::make_shared<fleet::GpuPool>();
        pool->name = name;
        for (const char *nodeName : nodes) {
            auto node = std::make_shared<fleet::FleetNode>();
            node->name = nodeName;
            node->pool = name;
            node->state = fleet::NodeState::Ready;
            pool->nodes.push_back(node);
            ++pool->nodesReady;
        }
        snapshot->pools.push_back(pool);
    }
    return snapshot;
}

const std::string kLlama = "pvc://models/llama";
const SystemTime kNow = SystemTime(std::chrono::hours(24 * 365 * 50));

} // namespace

class TestPrewarmTargetModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void poolsHoldTheirNodesAndShowWarmState()
    {
        PrewarmTargetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setModelUri(kLlama);
        model.setFleet(poolsOf({{"h100", {"h100-0", "h100-1"}}, {"l40s", {"l40s-0"}}}),
                       {{"h100-1", kLlama, "prewarm job p", kNow - 12min},
                        {"h100-1", "hf://other", "earlier load by x", kNow - 1h},
                        {"l40s-0", "hf://other", "earlier load by y", kNow - 2h}},
                       kNow);
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex h100 = model.index(0, 0);
        QCOMPARE(model.rowCount(h100), 2);
        QCOMPARE(model.index(1, 0, h100).data().toString(), QStringLiteral("h100-1"));
        QCOMPARE(model.index(0, PrewarmTargetModel::WarmColumn, h100).data().toString(), QStringLiteral("cold"));
        QCOMPARE(model.index(1, PrewarmTargetModel::WarmColumn, h100).data().toString(), QStringLiteral("warm for 12 min"));
        QVERIFY(model.index(1, 0, h100).data(PrewarmTargetModel::WarmRole).toBool());
        QCOMPARE(model.index(0, PrewarmTargetModel::WarmColumn).data().toString(), QStringLiteral("1 of 2 warm"));
        QCOMPARE(model.index(1, PrewarmTargetModel::CachedColumn, h100).data().toString(), QStringLiteral("1 other model"));
        QCOMPARE(model.index(0, PrewarmTargetModel::CachedColumn, h100).data().toString(), QStringLiteral("nothing else"));

        // Another model: the same caches say something else.
        model.setModelUri("hf://other");
        QCOMPARE(model.index(0, PrewarmTargetModel::WarmColumn, model.index(1, 0)).data().toString(),
                 QStringLiteral("warm for 2 h"));
        QCOMPARE(model.index(0, PrewarmTargetModel::WarmColumn).data().toString(), QStringLiteral("1 of 2 warm"));
    }

    void checkingAPoolChecksItsNodes()
    {
        PrewarmTargetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFleet(poolsOf({{"h100", {"h100-0", "h100-1"}}, {"l40s", {"l40s-0"}}}), {}, kNow);
        QSignalSpy checks(&model, &PrewarmTargetModel::checksChanged);
        const QModelIndex h100 = model.index(0, 0);
        QVERIFY(model.setData(h100, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(model.checkedNodes(), (std::vector<std::string>{"h100-0", "h100-1"}));
        QCOMPARE(model.checkedPools(), std::vector<std::string>{"h100"});
        QCOMPARE(checks.count(), 1);

        QVERIFY(model.setData(model.index(0, 0, h100), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(h100.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::PartiallyChecked);
        QCOMPARE(model.checkedNodes(), std::vector<std::string>{"h100-1"});
        model.setChecked("l40s-0", true);
        QCOMPARE(model.checkedPools(), (std::vector<std::string>{"h100", "l40s"}));

        // Checks survive a snapshot with the same nodes, and a node that left takes its check along.
        model.setFleet(poolsOf({{"h100", {"h100-0", "h100-1"}}, {"l40s", {"l40s-0"}}}), {}, kNow);
        QCOMPARE(model.checkedNodes(), (std::vector<std::string>{"h100-1", "l40s-0"}));
        model.setFleet(poolsOf({{"h100", {"h100-0", "h100-2"}}, {"l40s", {"l40s-0"}}}), {}, kNow);
        QCOMPARE(model.checkedNodes(), std::vector<std::string>{"l40s-0"});
    }
};

QTEST_MAIN(TestPrewarmTargetModel)
#include "tst_prewarmtargetmodel.moc"

#include "widgets/coldstarts/coldstartmodel.h"

#include "coldstartsfixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using gantry::ColdStartModel;
using namespace gantry::test;

namespace {

QString serviceName(const ColdStartModel &model, int row)
{
    return model.index(row, ColdStartModel::NameColumn).data().toString();
}

QModelIndex service(const ColdStartModel &model, const char *key)
{
    return model.indexOfService(QString::fromUtf8(key));
}

/// A start that is a fresh object with the same identity (what the tracker
/// publishes when a pod changes).
std::shared_ptr<gantry::fleet::ColdStart> copyOf(const std::shared_ptr<const gantry::fleet::ColdStart> &start)
{
    return std::make_shared<gantry::fleet::ColdStart>(*start);
}

std::vector<std::shared_ptr<gantry::fleet::ColdStart>> burst(const std::string &service, int count, double from)
{
    std::vector<std::shared_ptr<gantry::fleet::ColdStart>> result;
    for (int i = 0; i < count; ++i) {
        const std::string n = std::to_string(i);
        result.push_back(makeStart({service, service + "-predictor-" + n, service + "-uid-" + n, "gpu-" + std::to_string(i % 64), "node cache",
                                    "llm-serving", from + i * 0.5,
                                    {{ColdStartPhase::WaitingForCapacity, 2, "e"}, {ColdStartPhase::WeightLoad, 30.0 + i % 7, "l"}}}));
    }
    return result;
}

} // namespace

class TestColdStartModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void groupsStartsByService()
    {
        ColdStartModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(realisticSnapshot());

        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(serviceName(model, 0), QStringLiteral("chat"));
        QCOMPARE(serviceName(model, 1), QStringLiteral("mistral"));
        QCOMPARE(serviceName(model, 2), QStringLiteral("qwen"));
        QCOMPARE(serviceName(model, 3), QStringLiteral("reasoning"));
        QCOMPARE(model.startCount(), 9);

        const QModelIndex chat = service(model, "llm-serving/chat");
        QCOMPARE(model.rowCount(chat), 4);
        QCOMPARE(chat.siblingAtColumn(ColdStartModel::StartsColumn).data().toInt(), 4);
        // p50 of the four completed chat starts (23m05s, 27m19s, 1m40s, 1m12s) = mean of the middle two.
        const double p50 = chat.siblingAtColumn(ColdStartModel::P50Column).data(ColdStartModel::SecondsRole).toDouble();
        QCOMPARE(p50, (1385.0 + 100.0) / 2);
        QCOMPARE(chat.siblingAtColumn(ColdStartModel::P50Column).data().toString(), QStringLiteral("12m23s"));
        QVERIFY(chat.data(ColdStartModel::SummaryRole).toString().contains(QStringLiteral("4 starts")));

        // Children in creation order, with their columns.
        const QModelIndex first = model.index(0, 0, chat);
        QCOMPARE(first.data().toString(), QStringLiteral("chat-predictor-6f8d9c7b5-k2x9q"));
        QCOMPARE(first.siblingAtColumn(ColdStartModel::NodeColumn).data().toString(), QStringLiteral("gpu-a100-03"));
        QCOMPARE(first.siblingAtColumn(ColdStartModel::WeightSourceColumn).data().toString(), QStringLiteral("hub"));
        QCOMPARE(first.siblingAtColumn(ColdStartModel::TotalColumn).data().toString(), QStringLiteral("23m05s"));
        QCOMPARE(first.siblingAtColumn(ColdStartModel::StateColumn).data().toString(), QStringLiteral("ready"));
        QCOMPARE(model.index(3, 0, chat).siblingAtColumn(ColdStartModel::WeightSourceColumn).data().toString(), QStringLiteral("node cache"));

        // The start in progress counts up to the snapshot's now.
        const QModelIndex running = model.indexOfStart(QStringLiteral("uid-mistral-2"), ColdStartModel::TotalColumn);
        QVERIFY(running.isValid());
        QCOMPARE(running.siblingAtColumn(ColdStartModel::StateColumn).data().toString(), QStringLiteral("in progress"));
        QCOMPARE(running.data(ColdStartModel::SecondsRole).toDouble(), 42 * 60.0 - 2160);
        QCOMPARE(running.data(ColdStartModel::CompleteRole).toBool(), false);
        QVERIFY(model.coldStart(running));
        QCOMPARE(model.coldStart(running)->podUid, std::string("uid-mistral-2"));
        QVERIFY(!model.coldStart(chat));
    }

    void changedStartEmitsOneRangeAndNoStructureChange()
    {
        ColdStartModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto starts = realisticStarts();
        model.setSnapshot(fleetOf(coldStartsOf(starts, realisticNow()), realisticNow()));

        // The qwen start with the merged span gains a node: a new object, same uid.
        auto changed = copyOf(starts[5]);
        changed->node = "gpu-l40s-09";
        starts[5] = changed;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy data(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setSnapshot(fleetOf(coldStartsOf(starts, realisticNow()), realisticNow()));

        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(reset.count(), 0);
        const QModelIndex qwen = service(model, "llm-serving/qwen");
        const QModelIndex row = model.indexOfStart(QStringLiteral("uid-qwen-2"));
        QCOMPARE(row.siblingAtColumn(ColdStartModel::NodeColumn).data().toString(), QStringLiteral("gpu-l40s-09"));
        // One range for the start, one for its service row; nothing else.
        QCOMPARE(data.count(), 2);
        QCOMPARE(data.at(0).at(0).toModelIndex(), model.index(row.row(), 0, qwen));
        QCOMPARE(data.at(0).at(1).toModelIndex(), model.index(row.row(), ColdStartModel::ColumnCount - 1, qwen));
        QCOMPARE(data.at(1).at(0).toModelIndex(), qwen);
    }

    void movingNowUpdatesOnlyStartsInProgress()
    {
        ColdStartModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto coldStarts = coldStartsOf(realisticStarts(), realisticNow());
        model.setSnapshot(fleetOf(coldStarts, realisticNow()));

        QSignalSpy data(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy applied(&model, &ColdStartModel::snapshotApplied);
        // Same cold-start part (same pointer), ten seconds later.
        model.setSnapshot(fleetOf(coldStarts, clusterTime(42 * 60 + 10), 2));
        QCOMPARE(applied.count(), 1);
        const QModelIndex running = model.indexOfStart(QStringLiteral("uid-mistral-2"));
        const QModelIndex mistral = running.parent();
        QCOMPARE(data.count(), 2);
        QCOMPARE(data.at(0).at(0).toModelIndex(), running);
        QCOMPARE(data.at(1).at(0).toModelIndex(), mistral);
        QCOMPARE(running.siblingAtColumn(ColdStartModel::TotalColumn).data(ColdStartModel::SecondsRole).toDouble(), 42 * 60.0 + 10 - 2160);

        // The same snapshot again changes nothing.
        data.clear();
        model.setSnapshot(fleetOf(coldStarts, clusterTime(42 * 60 + 10), 3));
        QCOMPARE(data.count(), 0);
    }

    void removalsAreBatchedPerRun()
    {
        ColdStartModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto starts = realisticStarts();
        model.setSnapshot(fleetOf(coldStartsOf(starts, realisticNow()), realisticNow()));

        // Drop the two node-cache chat starts (adjacent rows) and the only reasoning start.
        std::vector<std::shared_ptr<gantry::fleet::ColdStart>> kept;
        for (const auto &start : starts) {
            if (start->weightSource != "node cache" && start->inferenceService != "reasoning")
                kept.push_back(start);
        }
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setSnapshot(fleetOf(coldStartsOf(kept, realisticNow()), realisticNow()));

        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 2);
        // The service first (whole group gone), then the run of two chat rows.
        QCOMPARE(removed.at(0).at(0).toModelIndex(), QModelIndex());
        QCOMPARE(removed.at(0).at(1).toInt(), 3);
        QCOMPARE(removed.at(0).at(2).toInt(), 3);
        QCOMPARE(removed.at(1).at(0).toModelIndex(), service(model, "llm-serving/chat"));
        QCOMPARE(removed.at(1).at(1).toInt(), 2);
        QCOMPARE(removed.at(1).at(2).toInt(), 3);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.startCount(), 6);
        QVERIFY(!model.indexOfStart(QStringLiteral("uid-chat-3")).isValid());

        // Nothing left: every row goes, still without a reset.
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setSnapshot(fleetOf(coldStartsOf({}, realisticNow()), realisticNow()));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(reset.count(), 0);
        model.setSnapshot(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void aBurstIsOneInsertPerParent()
    {
        ColdStartModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto starts = realisticStarts();
        model.setSnapshot(fleetOf(coldStartsOf(starts, realisticNow()), realisticNow()));
        const QPersistentModelIndex mistralRow = model.indexOfStart(QStringLiteral("uid-mistral-1"));

        // 2,000 chat starts and 2,000 starts of a new service arrive in one snapshot.
        auto more = starts;
        for (auto &start : burst("chat", 2000, 2400))
            more.push_back(start);
        for (auto &start : burst("llama", 2000, 2400))
            more.push_back(start);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy data(&model, &QAbstractItemModel::dataChanged);
        model.setSnapshot(fleetOf(coldStartsOf(more, realisticNow()), realisticNow()));

        QCOMPARE(inserted.count(), 2);
        const QModelIndex chat = service(model, "llm-serving/chat");
        QCOMPARE(inserted.at(0).at(0).toModelIndex(), chat);
        QCOMPARE(inserted.at(0).at(1).toInt(), 4);
        QCOMPARE(inserted.at(0).at(2).toInt(), 2003);
        QCOMPARE(inserted.at(1).at(0).toModelIndex(), QModelIndex());
        QCOMPARE(inserted.at(1).at(1).toInt(), 1); // chat, llama, mistral …
        QCOMPARE(inserted.at(1).at(2).toInt(), 1);
        QCOMPARE(model.rowCount(model.index(1, 0)), 2000);
        QCOMPARE(model.startCount(), 4009);
        // Only the chat service row changed among existing rows.
        QCOMPARE(data.count(), 1);
        QCOMPARE(data.at(0).at(0).toModelIndex(), chat);
        // Rows moved by the insert are still the same starts.
        QVERIFY(mistralRow.isValid());
        QCOMPARE(mistralRow.data(ColdStartModel::PodUidRole).toString(), QStringLiteral("uid-mistral-1"));

        // All 2,000 llama starts change at once: one range, plus the service row.
        std::vector<std::shared_ptr<gantry::fleet::ColdStart>> changed;
        for (const auto &start : more) {
            auto copy = copyOf(start);
            if (start->inferenceService == "llama")
                copy->node = "gpu-moved";
            changed.push_back(start->inferenceService == "llama" ? copy : start);
        }
        data.clear();
        inserted.clear();
        model.setSnapshot(fleetOf(coldStartsOf(changed, realisticNow()), realisticNow()));
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(data.count(), 2);
        const QModelIndex llama = model.index(1, 0);
        QCOMPARE(data.at(0).at(0).toModelIndex(), model.index(0, 0, llama));
        QCOMPARE(data.at(0).at(1).toModelIndex(), model.index(1999, ColdStartModel::ColumnCount - 1, llama));
        QCOMPARE(data.at(1).at(0).toModelIndex(), llama);
    }

    void newStartsAreInsertedInCreationOrder()
    {
        ColdStartModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto starts = realisticStarts();
        auto withoutFirst = std::vector<std::shared_ptr<gantry::fleet::ColdStart>>(starts.begin() + 1, starts.end());
        model.setSnapshot(fleetOf(coldStartsOf(withoutFirst, realisticNow()), realisticNow()));
        const QModelIndex chat = service(model, "llm-serving/chat");
        QCOMPARE(model.rowCount(chat), 3);

        // A start created earlier than all others (learned late) goes to the top.
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setSnapshot(fleetOf(coldStartsOf(starts, realisticNow()), realisticNow()));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(model.index(0, 0, chat).data(ColdStartModel::PodUidRole).toString(), QStringLiteral("uid-chat-1"));
    }

    void aChangedCreationTimeMovesTheRowWithoutReset()
    {
        ColdStartModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto starts = realisticStarts();
        model.setSnapshot(fleetOf(coldStartsOf(starts, realisticNow()), realisticNow()));
        const QPersistentModelIndex first = model.indexOfStart(QStringLiteral("uid-chat-1"));
        QCOMPARE(first.row(), 0);

        // Clock skew corrected: the first chat start turns out to be the newest.
        auto moved = copyOf(starts[0]);
        moved->created = clusterTime(1830);
        starts[0] = moved;
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setSnapshot(fleetOf(coldStartsOf(starts, realisticNow()), realisticNow()));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(layout.count(), 1);
        QVERIFY(first.isValid());
        QCOMPARE(first.row(), 2);
        QCOMPARE(first.data(ColdStartModel::PodUidRole).toString(), QStringLiteral("uid-chat-1"));
    }

    void serviceFiguresFallBackToTheRowsShown()
    {
        // No statistics in the snapshot (e.g. every start older than the window):
        // the service row computes p50 from its completed starts.
        ColdStartModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto coldStarts = coldStartsOf(realisticStarts(), realisticNow());
        coldStarts->stats.clear();
        model.setSnapshot(fleetOf(coldStarts, realisticNow()));
        const QModelIndex reasoning = service(model, "research/reasoning");
        QCOMPARE(reasoning.siblingAtColumn(ColdStartModel::P50Column).data(ColdStartModel::SecondsRole).toDouble(), 12.0 + 348 + 71 + 545 + 152);
        // Mistral: one complete start; the one in progress does not count.
        const QModelIndex mistral = service(model, "llm-serving/mistral");
        QCOMPARE(mistral.siblingAtColumn(ColdStartModel::P95Column).data(ColdStartModel::SecondsRole).toDouble(), 3.0 + 61 + 242 + 36 + 48);
        QVERIFY(mistral.data(ColdStartModel::SummaryRole).toString().contains(QStringLiteral("1 in progress")));
    }
};

QTEST_MAIN(TestColdStartModel)
#include "tst_coldstartmodel.moc"

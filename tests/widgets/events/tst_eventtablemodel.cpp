#include "widgets/events/eventtablemodel.h"

#include "widgets/events/eventstestdata.h"
#include "widgets/models/servingcolours.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QTest>

#include <set>

using gantry::EventTableModel;
using gantry::servingcolours::Severity;
using namespace gantry::test;
namespace fleet = gantry::fleet;

namespace {

QString cell(const EventTableModel &model, const std::string &uid, int column, int role = Qt::DisplayRole)
{
    const int row = model.rowOfKey(uid);
    if (row < 0)
        return QStringLiteral("<no row %1>").arg(QString::fromStdString(uid));
    return model.index(row, column).data(role).toString();
}

Severity severityOf(const EventTableModel &model, const std::string &uid, int column)
{
    return static_cast<Severity>(model.index(model.rowOfKey(uid), column).data(EventTableModel::SeverityRole).toInt());
}

/// Rows covered by the dataChanged signals a spy caught, and whether each stayed within `column`.
std::set<int> changedRows(const QSignalSpy &spy, int column, bool *onlyThatColumn)
{
    std::set<int> rows;
    *onlyThatColumn = true;
    for (const QList<QVariant> &arguments : spy) {
        const QModelIndex topLeft = arguments.at(0).toModelIndex();
        const QModelIndex bottomRight = arguments.at(1).toModelIndex();
        if (topLeft.column() != column || bottomRight.column() != column)
            *onlyThatColumn = false;
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
            rows.insert(row);
    }
    return rows;
}

} // namespace

class TestEventTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheColumnsOfRealisticEvents()
    {
        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const auto events = realisticEvents();
        model.setSnapshot(eventsSnapshot(events));
        QCOMPARE(model.rowCount(), static_cast<int>(events.size()));
        QCOMPARE(model.columnCount(), int(EventTableModel::ColumnCount));
        const auto warnings = std::count_if(events.begin(), events.end(), [](const EventPtr &e) { return e->type == "Warning"; });
        QCOMPARE(model.warningCount(), static_cast<int>(warnings));

        QCOMPARE(cell(model, "ev-sched-qwen", EventTableModel::Time), QStringLiteral("just now"));
        QCOMPARE(cell(model, "ev-sched-qwen", EventTableModel::Type), QStringLiteral("Warning"));
        QCOMPARE(cell(model, "ev-sched-qwen", EventTableModel::Reason), QStringLiteral("FailedScheduling"));
        QCOMPARE(cell(model, "ev-sched-qwen", EventTableModel::Object),
                 QStringLiteral("Pod research/qwen-predictor-00002-deployment-6f7c9d8b5-x2kq9"));
        QCOMPARE(cell(model, "ev-sched-qwen", EventTableModel::Count), QStringLiteral("70"));
        QVERIFY(cell(model, "ev-sched-qwen", EventTableModel::Message).startsWith(QStringLiteral("0/6 nodes are available: 6 Insufficient nvidia.com/gpu.")));
        QCOMPARE(cell(model, "ev-backoff-chat", EventTableModel::Time), QStringLiteral("2 min ago"));
        QCOMPARE(cell(model, "ev-scaledown", EventTableModel::Time), QStringLiteral("5 h ago"));
        QCOMPARE(cell(model, "ev-isvc-failed", EventTableModel::Time), QStringLiteral("1 d ago"));
        // Cluster-scoped objects have no namespace.
        QCOMPARE(cell(model, "ev-oom-node", EventTableModel::Object), QStringLiteral("Node gpu-a100-03"));

        // The first line of a long message in the cell, all of it in the tooltip.
        QCOMPARE(cell(model, "ev-ready-reasoning", EventTableModel::Message), QStringLiteral("Readiness probe failed: model not loaded yet …"));
        QVERIFY(cell(model, "ev-ready-reasoning", EventTableModel::Message, Qt::ToolTipRole).contains(QStringLiteral("safetensors shard 17 of 32")));
        // Messages are escaped for the rich-text tooltip.
        QVERIFY(cell(model, "ev-pull-failed", EventTableModel::Message, Qt::ToolTipRole).contains(QStringLiteral("&quot;registry.example.com")));
        // Absolute time in the tooltip: 6 minutes before 08:53:20 UTC.
        QVERIFY(cell(model, "ev-oom-node", EventTableModel::Time, Qt::ToolTipRole).contains(QStringLiteral("08:47:20 UTC")));
        QVERIFY(cell(model, "ev-backoff-chat", EventTableModel::Reason, Qt::ToolTipRole).contains(QStringLiteral("Reported by kubelet")));
        QVERIFY(cell(model, "ev-backoff-chat", EventTableModel::Count, Qt::ToolTipRole).contains(QStringLiteral("23 times")));

        // Crash warnings are critical, other warnings amber, Normal events plain.
        QCOMPARE(severityOf(model, "ev-backoff-chat", EventTableModel::Reason), Severity::Critical);
        QCOMPARE(severityOf(model, "ev-oom-node", EventTableModel::Type), Severity::Critical);
        QCOMPARE(severityOf(model, "ev-sched-qwen", EventTableModel::Reason), Severity::Warning);
        QCOMPARE(severityOf(model, "ev-scaleup-qwen", EventTableModel::Reason), Severity::Normal);
        QCOMPARE(severityOf(model, "ev-scaleup-qwen", EventTableModel::Time), Severity::Muted);
        // Every row has a type icon, and the icons tell warnings from scale-ups.
        const auto iconOf = [&model](const std::string &uid) {
            return model.index(model.rowOfKey(uid), EventTableModel::Type).data(Qt::DecorationRole).value<QIcon>();
        };
        QVERIFY(!iconOf("ev-sched-qwen").isNull());
        QCOMPARE(iconOf("ev-sched-qwen").cacheKey(), model.icons().warning().cacheKey());
        QCOMPARE(iconOf("ev-backoff-chat").cacheKey(), model.icons().crash().cacheKey());
        QCOMPARE(iconOf("ev-scaleup-qwen").cacheKey(), model.icons().scaling().cacheKey());
        QCOMPARE(iconOf("ev-notready-node").cacheKey(), model.icons().normal().cacheKey());

        // The object, for navigation.
        const QModelIndex oom = model.index(model.rowOfKey("ev-oom-node"), 0);
        QCOMPARE(oom.data(EventTableModel::ObjectKindRole).toString(), QStringLiteral("Node"));
        QCOMPARE(oom.data(EventTableModel::ObjectNamespaceRole).toString(), QString());
        QCOMPARE(oom.data(EventTableModel::ObjectNameRole).toString(), QStringLiteral("gpu-a100-03"));
        QCOMPARE(oom.data(EventTableModel::AgeRole).toDouble(), 360.0);
        QCOMPARE(oom.data(EventTableModel::CategoryRole).toInt(), static_cast<int>(fleet::EventCategory::Crash));
    }

    void sortRolesAreRawValues()
    {
        EventTableModel model;
        model.setSnapshot(eventsSnapshot(realisticEvents()));
        const auto sortValue = [&model](const std::string &uid, int column) {
            return model.index(model.rowOfKey(uid), column).data(EventTableModel::SortRole);
        };
        QVERIFY(sortValue("ev-sched-qwen", EventTableModel::Time).toDouble() > sortValue("ev-scaleup-qwen", EventTableModel::Time).toDouble());
        QCOMPARE(sortValue("ev-sched-qwen", EventTableModel::Count).toLongLong(), 70);
        QCOMPARE(sortValue("ev-sched-qwen", EventTableModel::Type).toInt(), 1);
        QCOMPARE(sortValue("ev-scaleup-qwen", EventTableModel::Type).toInt(), 0);
        QCOMPARE(sortValue("ev-backoff-chat", EventTableModel::Reason).toString(), QStringLiteral("backoff"));
    }

    void aBurstOfThousandsIsAFewSignals()
    {
        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        const auto resetSpies = [&] {
            for (QSignalSpy *spy : {&inserted, &removed, &changed, &reset, &layout})
                spy->clear();
        };

        // 5,000 events at once: one insert.
        std::vector<EventPtr> events = burst(5000, "a", 60s);
        model.setSnapshot(eventsSnapshot(events, eventsNow(), 1));
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(reset.count() + removed.count() + changed.count() + layout.count(), 0);

        // 2,000 newer ones: one more insert, whatever the time order.
        resetSpies();
        const std::vector<EventPtr> newer = burst(2000, "b", 0s);
        events.insert(events.end(), newer.begin(), newer.end());
        model.setSnapshot(eventsSnapshot(events, eventsNow(), 2));
        QCOMPARE(model.rowCount(), 7000);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(reset.count() + removed.count() + changed.count() + layout.count(), 0);

        // Three events repeat: their count rises and their time becomes the newest.
        // They change in place: three rows' worth of dataChanged, nothing moves.
        resetSpies();
        const std::vector<std::size_t> repeats = {17, 2500, 6100};
        std::vector<int> rowsBefore;
        for (std::size_t i : repeats) {
            rowsBefore.push_back(model.rowOfKey(events[i]->uid));
            events[i] = repeated(events[i], events[i]->count + 4, eventsNow());
        }
        model.setSnapshot(eventsSnapshot(events, eventsNow(), 3));
        QCOMPARE(reset.count() + removed.count() + inserted.count() + layout.count(), 0);
        QVERIFY2(changed.count() <= 3, qPrintable(QString::number(changed.count())));
        bool onlyOneColumn = false;
        const std::set<int> rows = changedRows(changed, 0, &onlyOneColumn);
        QCOMPARE(rows.size(), 3u);
        for (std::size_t k = 0; k < repeats.size(); ++k) {
            const std::string &uid = events[repeats[k]]->uid;
            QCOMPARE(model.rowOfKey(uid), rowsBefore[k]);
            QVERIFY(rows.count(rowsBefore[k]));
            QCOMPARE(cell(model, uid, EventTableModel::Count), QStringLiteral("5"));
            QCOMPARE(cell(model, uid, EventTableModel::Time), QStringLiteral("just now"));
        }

        // The backend evicts its 500 oldest: they arrived together, so one remove.
        resetSpies();
        std::vector<EventPtr> kept;
        std::vector<EventPtr> oldestFirst = events;
        std::sort(oldestFirst.begin(), oldestFirst.end(), [](const EventPtr &a, const EventPtr &b) { return *a->time < *b->time; });
        kept.assign(oldestFirst.begin() + 500, oldestFirst.end());
        model.setSnapshot(eventsSnapshot(kept, eventsNow(), 4));
        QCOMPARE(model.rowCount(), 6500);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(reset.count() + inserted.count() + changed.count() + layout.count(), 0);

        // An unchanged events part costs nothing.
        resetSpies();
        const auto same = eventsSnapshot(kept, eventsNow(), 5);
        model.setSnapshot(same);
        auto sameAgain = std::make_shared<fleet::FleetSnapshot>(*same);
        sameAgain->generation = 6;
        model.setSnapshot(sameAgain);
        QCOMPARE(reset.count() + inserted.count() + removed.count() + layout.count(), 0);
        QCOMPARE(changed.count(), 0);
    }

    void theClockOnlyTouchesTimesThatReadDifferently()
    {
        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const auto snapshot = eventsSnapshot(realisticEvents());
        model.setSnapshot(snapshot);
        QStringList before;
        for (int row = 0; row < model.rowCount(); ++row)
            before << model.index(row, EventTableModel::Time).data().toString();

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto later = std::make_shared<fleet::FleetSnapshot>(*snapshot);
        later->at = snapshot->at + 25s;
        later->generation = 2;
        model.setSnapshot(later);

        std::set<int> expected;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, EventTableModel::Time).data().toString() != before.at(row))
                expected.insert(row);
        }
        QVERIFY(!expected.empty()); // 40 s becomes 65 s: "just now" → "1 min ago"
        bool onlyTime = false;
        QCOMPARE(changedRows(changed, EventTableModel::Time, &onlyTime), expected);
        QVERIFY(onlyTime);
        QCOMPARE(cell(model, "ev-sched-qwen", EventTableModel::Time), QStringLiteral("1 min ago"));
        QCOMPARE(model.index(model.rowOfKey("ev-oom-node"), 0).data(EventTableModel::AgeRole).toDouble(), 385.0);
    }

    void malformedInputNeverCrashes()
    {
        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        auto untimed = std::make_shared<fleet::NotableEvent>(*notable({"ev-untimed", "Warning", "FailedMount", "Pod", "ns", "p", "", "", 0, 0s}));
        untimed->time.reset();
        untimed->reason.clear();
        auto anonymous = std::make_shared<fleet::NotableEvent>(*notable({"", "Warning", "BackOff", "Pod", "ns", "q", "m", "kubelet", 1, 0s}));
        const EventPtr duplicate = notable({"ev-dup", "Warning", "BackOff", "Pod", "ns", "a", "first", "kubelet", 1, 5s});
        const EventPtr duplicateAgain = notable({"ev-dup", "Warning", "BackOff", "Pod", "ns", "a", "second", "kubelet", 2, 3s});
        auto part = std::make_shared<fleet::EventsSnapshot>();
        part->events = {duplicate, nullptr, untimed, anonymous, duplicateAgain};
        auto snapshot = std::make_shared<fleet::FleetSnapshot>();
        snapshot->at = eventsNow();
        snapshot->events = part;
        model.setSnapshot(snapshot);
        QCOMPARE(model.rowCount(), 2); // one ev-dup, the untimed one; the uid-less one cannot be keyed
        QCOMPARE(cell(model, "ev-untimed", EventTableModel::Time), QStringLiteral("—"));
        QCOMPARE(cell(model, "ev-untimed", EventTableModel::Reason), QStringLiteral("—"));
        QCOMPARE(cell(model, "ev-untimed", EventTableModel::Object), QStringLiteral("Pod ns/p"));
        QVERIFY(!model.index(model.rowOfKey("ev-untimed"), 0).data(EventTableModel::AgeRole).isValid());
        QVERIFY(cell(model, "ev-untimed", EventTableModel::Time, Qt::ToolTipRole).contains(QStringLiteral("no timestamp")));

        // A snapshot without events, and no snapshot at all, empty the table.
        auto bare = std::make_shared<fleet::FleetSnapshot>();
        model.setSnapshot(bare);
        QCOMPARE(model.rowCount(), 0);
        model.setSnapshot(eventsSnapshot(realisticEvents()));
        model.setSnapshot(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.warningCount(), 0);
        QVERIFY(!model.event(-1));
        QVERIFY(!model.event(0));
    }
};

QTEST_MAIN(TestEventTableModel)
#include "tst_eventtablemodel.moc"

#include "widgets/events/eventfilterproxy.h"

#include "widgets/events/eventstestdata.h"
#include "widgets/events/eventtablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using gantry::EventFilterProxy;
using gantry::EventTableModel;
using Window = gantry::eventtimewindow::Window;
using namespace gantry::test;
namespace fleet = gantry::fleet;

namespace {

QStringList shownUids(const EventFilterProxy &proxy)
{
    QStringList uids;
    for (int row = 0; row < proxy.rowCount(); ++row)
        uids << proxy.index(row, 0).data(EventTableModel::KeyRole).toString();
    return uids;
}

/// The uids of `events` that `accept` keeps, sorted (for comparing sets).
QStringList expectedUids(const std::vector<EventPtr> &events, const std::function<bool(const fleet::NotableEvent &)> &accept)
{
    QStringList uids;
    for (const EventPtr &event : events) {
        if (accept(*event))
            uids << QString::fromStdString(event->uid);
    }
    uids.sort();
    return uids;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class TestEventFilterProxy : public QObject
{
    Q_OBJECT

private:
    EventTableModel m_model;
    EventFilterProxy m_proxy;
    std::vector<EventPtr> m_events;
    std::shared_ptr<const fleet::FleetSnapshot> m_snapshot;

private Q_SLOTS:
    void init()
    {
        m_events = realisticEvents();
        m_snapshot = eventsSnapshot(m_events);
        m_model.setSnapshot(m_snapshot);
        m_proxy.setSourceModel(&m_model);
        m_proxy.clearFilters();
        m_proxy.setDebounceInterval(300);
        m_proxy.sort(EventTableModel::Time, Qt::DescendingOrder);
    }

    void sortsNewestFirstAndByRawValues()
    {
        QAbstractItemModelTester tester(&m_proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(m_proxy.rowCount(), static_cast<int>(m_events.size()));
        const QStringList byTime = shownUids(m_proxy);
        QCOMPARE(byTime.first(), QStringLiteral("ev-sched-qwen"));
        QCOMPARE(byTime.last(), QStringLiteral("ev-isvc-failed"));
        m_proxy.sort(EventTableModel::Count, Qt::DescendingOrder);
        QCOMPARE(shownUids(m_proxy).first(), QStringLiteral("ev-sched-qwen")); // 70 beats 41 (text order would not)
        m_proxy.sort(EventTableModel::Reason, Qt::AscendingOrder);
        QCOMPARE(m_proxy.index(0, EventTableModel::Reason).data().toString(), QStringLiteral("BackOff"));
    }

    void warningsOnlyAndCategory()
    {
        QAbstractItemModelTester tester(&m_proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy applied(&m_proxy, &EventFilterProxy::filtersApplied);
        m_proxy.setWarningsOnly(true);
        QCOMPARE(applied.count(), 1);
        QVERIFY(m_proxy.isFiltering());
        QCOMPARE(sorted(shownUids(m_proxy)), expectedUids(m_events, [](const fleet::NotableEvent &e) { return e.type == "Warning"; }));

        m_proxy.setCategory(fleet::EventCategory::Crash);
        QCOMPARE(sorted(shownUids(m_proxy)), (QStringList{QStringLiteral("ev-backoff-chat"), QStringLiteral("ev-oom-node")}));

        m_proxy.setWarningsOnly(false);
        m_proxy.setCategory(fleet::EventCategory::ScaleUp);
        QCOMPARE(sorted(shownUids(m_proxy)),
                 expectedUids(m_events, [](const fleet::NotableEvent &e) { return e.category == fleet::EventCategory::ScaleUp; }));
        QCOMPARE(m_proxy.rowCount(), 4); // two TriggeredScaleUp, a NotTriggerScaleUp and a ScaleDown

        m_proxy.clearFilters();
        QVERIFY(!m_proxy.isFiltering());
        QCOMPARE(m_proxy.rowCount(), static_cast<int>(m_events.size()));
    }

    void textFilterIsDebounced()
    {
        QAbstractItemModelTester tester(&m_proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy applied(&m_proxy, &EventFilterProxy::filtersApplied);
        m_proxy.setDebounceInterval(80);
        // Typing letter by letter: nothing is filtered until the pause.
        for (const QString &typed : {QStringLiteral("g"), QStringLiteral("gp"), QStringLiteral("gpu-"), QStringLiteral("gpu-a100")})
            m_proxy.setFilterText(typed);
        QCOMPARE(m_proxy.rowCount(), static_cast<int>(m_events.size()));
        QCOMPARE(applied.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 2000);
        QCOMPARE(m_proxy.appliedFilterText(), QStringLiteral("gpu-a100"));
        // The OOM-killing node, the node gone NotReady, and the prewarm Job named after its node.
        QCOMPARE(sorted(shownUids(m_proxy)),
                 (QStringList{QStringLiteral("ev-notready-node"), QStringLiteral("ev-oom-node"), QStringLiteral("ev-prewarm-job")}));

        // "-word" hides, words combine, case does not matter.
        m_proxy.setFilterText(QStringLiteral("GPU-A100 -oomkilling"));
        m_proxy.applyPendingFilter();
        QCOMPARE(sorted(shownUids(m_proxy)), (QStringList{QStringLiteral("ev-notready-node"), QStringLiteral("ev-prewarm-job")}));
        m_proxy.setFilterText(QStringLiteral("research nvidia.com/gpu"));
        m_proxy.applyPendingFilter();
        QCOMPARE(shownUids(m_proxy), (QStringList{QStringLiteral("ev-sched-qwen")}));
        // Source and message text are searched too.
        m_proxy.setFilterText(QStringLiteral("kernel-monitor"));
        m_proxy.applyPendingFilter();
        QCOMPARE(shownUids(m_proxy), (QStringList{QStringLiteral("ev-oom-node")}));
        m_proxy.setFilterText(QStringLiteral("no-such-thing"));
        m_proxy.applyPendingFilter();
        QCOMPARE(m_proxy.rowCount(), 0);
    }

    void timeWindowFollowsTheClock()
    {
        QAbstractItemModelTester tester(&m_proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_proxy.setTimeWindow(Window::LastHour);
        const QStringList lastHour = expectedUids(m_events, [](const fleet::NotableEvent &e) { return eventsNow() - *e.time <= 1h; });
        QCOMPARE(sorted(shownUids(m_proxy)), lastHour);
        QVERIFY(lastHour.contains(QStringLiteral("ev-prewarm-job"))); // 58 min old

        // Three minutes later the prewarm failure is over an hour old: it leaves by itself.
        QSignalSpy removed(&m_proxy, &QAbstractItemModel::rowsRemoved);
        m_model.setEvents(m_snapshot->events, eventsNow() + 3min);
        QVERIFY(!shownUids(m_proxy).contains(QStringLiteral("ev-prewarm-job")));
        QCOMPARE(m_proxy.rowCount(), lastHour.size() - 1);
        QVERIFY(removed.count() >= 1);

        m_proxy.setTimeWindow(Window::Last15Minutes);
        QVERIFY(m_proxy.rowCount() < lastHour.size() - 1);
        m_proxy.setTimeWindow(Window::All);
        QCOMPARE(m_proxy.rowCount(), static_cast<int>(m_events.size()));
    }

    void untimedEventsOnlyShowWithoutAWindow()
    {
        auto untimed = std::make_shared<fleet::NotableEvent>(*m_events.front());
        untimed->uid = "ev-untimed";
        untimed->time.reset();
        auto events = m_events;
        events.push_back(untimed);
        m_model.setSnapshot(eventsSnapshot(events, eventsNow(), 2));
        QVERIFY(shownUids(m_proxy).contains(QStringLiteral("ev-untimed")));
        QCOMPARE(shownUids(m_proxy).last(), QStringLiteral("ev-untimed")); // below the oldest
        m_proxy.setTimeWindow(Window::Last24Hours);
        QVERIFY(!shownUids(m_proxy).contains(QStringLiteral("ev-untimed")));
    }
};

QTEST_MAIN(TestEventFilterProxy)
#include "tst_eventfilterproxy.moc"

#include "widgets/events/eventspage.h"

#include "common/testoutput.h"
#include "widgets/events/eventdetailpane.h"
#include "widgets/events/eventfilterproxy.h"
#include "widgets/events/eventstestdata.h"
#include "widgets/events/eventtablemodel.h"
#include "widgets/models/darkpalette.h"
#include "widgets/pageframe.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using gantry::EventsPage;
using gantry::EventTableModel;
using namespace gantry::test;
namespace fleet = gantry::fleet;

namespace {

EventPtr eventWithUid(const std::vector<EventPtr> &events, const std::string &uid)
{
    for (const EventPtr &event : events) {
        if (event->uid == uid)
            return event;
    }
    return nullptr;
}

QStringList activation(const QSignalSpy &spy, int index)
{
    const QList<QVariant> arguments = spy.at(index);
    return {arguments.at(0).toString(), arguments.at(1).toString(), arguments.at(2).toString()};
}

} // namespace

class TestEventsPage : public QObject
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
        EventsPage page;
        QVERIFY(page.emptyStateText().contains(QStringLiteral("Reading events")));
        page.applySnapshot(eventsSnapshot({}));
        QVERIFY(page.emptyStateText().startsWith(QStringLiteral("No warnings or notable events since Gantry connected.")));
        page.setSnapshot(eventsSnapshot(realisticEvents()));
        QVERIFY(page.emptyStateText().isEmpty());
        QVERIFY(page.noMatchText().isEmpty());
    }

    void filtersThatHideEverythingSayWhichAndUndo()
    {
        const auto all = realisticEvents();
        // Recent Normal events and a warning from two hours ago.
        const std::vector<EventPtr> events = {eventWithUid(all, "ev-scaleup-qwen"), eventWithUid(all, "ev-notready-node"),
                                              eventWithUid(all, "ev-sched-cpu")};
        EventsPage page;
        page.resize(1000, 600);
        page.show();
        page.applySnapshot(eventsSnapshot(events));
        page.warningsOnlyBox()->setChecked(true);
        QCOMPARE(page.proxy()->rowCount(), 1);
        page.windowBox()->setCurrentIndex(page.windowBox()->findData(static_cast<int>(gantry::eventtimewindow::Window::LastHour)));
        QCOMPARE(page.proxy()->rowCount(), 0);
        QCOMPARE(page.noMatchText(), QStringLiteral("No warnings in the last hour.\n3 events are hidden by the filters."));
        auto *noMatch = page.findChild<QWidget *>(QStringLiteral("eventsNoMatch"));
        QVERIFY(noMatch->isVisible());
        QVERIFY(!page.table()->isVisible());
        QVERIFY(page.detailPane()->event() == nullptr);

        page.categoryBox()->setCurrentIndex(page.categoryBox()->findData(static_cast<int>(fleet::EventCategory::Scheduling)));
        page.filterEdit()->setText(QStringLiteral("embed"));
        page.proxy()->applyPendingFilter();
        QCOMPARE(page.noMatchText(), QStringLiteral("No scheduling warnings matching “embed” in the last hour.\n3 events are hidden by the filters."));

        // One button undoes every filter, and the controls follow.
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("showAllEvents")), Qt::LeftButton);
        QCOMPARE(page.proxy()->rowCount(), 3);
        QVERIFY(page.table()->isVisible());
        QVERIFY(!page.warningsOnlyBox()->isChecked());
        QCOMPARE(page.windowBox()->currentIndex(), 0);
        QCOMPARE(page.categoryBox()->currentIndex(), 0);
        QVERIFY(page.filterEdit()->text().isEmpty());
        QVERIFY(!page.proxy()->isFiltering());
        QCOMPARE(page.selectedUid(), QStringLiteral("ev-scaleup-qwen")); // the newest is selected again
    }

    void activatingARowAsksForItsObject()
    {
        auto events = realisticEvents();
        auto nameless = std::make_shared<fleet::NotableEvent>(*events.front());
        nameless->uid = "ev-nameless";
        nameless->objectKind.clear();
        nameless->objectName.clear();
        nameless->time = eventsNow() - std::chrono::hours(30);
        events.push_back(nameless);

        EventsPage page;
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.applySnapshot(eventsSnapshot(events));
        QSignalSpy activated(&page, &EventsPage::objectActivated);

        // Enter on a node's event.
        QVERIFY(page.selectUid(QStringLiteral("ev-oom-node")));
        QTest::keyClick(page.table(), Qt::Key_Return);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activation(activated, 0), (QStringList{QStringLiteral("Node"), QString(), QStringLiteral("gpu-a100-03")}));

        // Double-click on a pod's event.
        QVERIFY(page.selectUid(QStringLiteral("ev-backoff-chat")));
        const QModelIndex index = page.table()->selectionModel()->selectedRows(EventTableModel::Object).first();
        page.table()->scrollTo(index);
        const QPoint centre = page.table()->visualRect(index).center();
        // As a window system delivers it: press, release, then the double-click (mouseDClick alone sends only the last).
        QTest::mousePress(page.table()->viewport(), Qt::LeftButton, {}, centre);
        QTest::mouseRelease(page.table()->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(activated.count(), 1); // a single click only selects
        QTest::mouseDClick(page.table()->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(activated.count(), 2);
        QCOMPARE(activation(activated, 1), (QStringList{QStringLiteral("Pod"), QStringLiteral("assistants"),
                                                         QStringLiteral("chat-predictor-00004-deployment-5cc594fd46-hg5rw")}));

        // The detail's button, on an InferenceService's event.
        QVERIFY(page.selectUid(QStringLiteral("ev-isvc-failed")));
        QPushButton *goTo = page.detailPane()->goToButton();
        QVERIFY(goTo->isEnabled());
        QTest::mouseClick(goTo, Qt::LeftButton);
        QCOMPARE(activated.count(), 3);
        QCOMPARE(activation(activated, 2), (QStringList{QStringLiteral("InferenceService"), QStringLiteral("research"), QStringLiteral("qwen")}));

        // An event that names no object cannot be followed.
        QVERIFY(page.selectUid(QStringLiteral("ev-nameless")));
        QVERIFY(!goTo->isEnabled());
        QTest::keyClick(page.table(), Qt::Key_Enter);
        QCOMPARE(activated.count(), 3);
    }

    void selectionAndDetailFollowTheEventAcrossSnapshots()
    {
        auto events = realisticEvents();
        EventsPage page;
        page.resize(1200, 700);
        page.show();
        page.applySnapshot(eventsSnapshot(events));
        QCOMPARE(page.selectedUid(), QStringLiteral("ev-sched-qwen")); // the newest is picked for a start
        QVERIFY(page.selectUid(QStringLiteral("ev-backoff-chat")));
        QVERIFY(page.detailPane()->messageText().startsWith(QStringLiteral("Back-off restarting failed container kserve-container")));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("eventCount"))->text().startsWith(QStringLiteral("23 times")));

        // The back-off repeats (and so becomes the newest) while a new warning arrives.
        for (EventPtr &event : events) {
            if (event->uid == "ev-backoff-chat")
                event = repeated(event, 24, eventsNow() + std::chrono::seconds(10));
        }
        events.push_back(notable({"ev-new", "Warning", "Unhealthy", "Pod", "assistants", "chat-predictor-00005-deployment-5cc594fd46-zz9k1",
                                  "Readiness probe failed: HTTP probe failed with statuscode: 503", "kubelet", 1, 0s},
                                 eventsNow() + std::chrono::seconds(12)));
        page.applySnapshot(eventsSnapshot(events, eventsNow() + std::chrono::seconds(15), 2));
        QCOMPARE(page.selectedUid(), QStringLiteral("ev-backoff-chat"));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("eventCount"))->text().startsWith(QStringLiteral("24 times")));
        QCOMPARE(page.proxy()->index(0, 0).data(EventTableModel::KeyRole).toString(), QStringLiteral("ev-new"));
        QCOMPARE(page.proxy()->index(1, 0).data(EventTableModel::KeyRole).toString(), QStringLiteral("ev-backoff-chat"));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("eventsCount"))->text().contains(QStringLiteral("17 events")));
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
        gantry::PageFrame frame(QStringLiteral("Events"));
        auto *page = new EventsPage;
        frame.setContent(page);
        if (dark)
            frame.setPalette(darkPalette());
        frame.resize(1440, 860);
        frame.show();
        QVERIFY(QTest::qWaitForWindowExposed(&frame));
        page->applySnapshot(eventsSnapshot(realisticEvents()));
        QVERIFY(page->selectUid(QStringLiteral("ev-sched-qwen")));
        QTest::qWait(50); // let the layouts settle before grabbing

        const QImage image = saveRender(&frame, dark ? QStringLiteral("events-page-dark") : QStringLiteral("events-page"));
        QCOMPARE(image.size(), QSize(1440, 860));
        QVERIFY(distinctColours(image) > 32);
        const QColor corner = image.pixelColor(image.width() - 2, 2);
        QCOMPARE(corner.lightnessF() < 0.5, dark);

        // Times, types, reasons and counts are never elided.
        const QTableView *table = page->table();
        const int iconRoom = table->iconSize().width() + 8;
        for (int column : {int(EventTableModel::Time), int(EventTableModel::Type), int(EventTableModel::Reason), int(EventTableModel::Count)}) {
            for (int row = 0; row < table->model()->rowCount(); ++row) {
                const QString text = table->model()->index(row, column).data().toString();
                const int needed = table->fontMetrics().horizontalAdvance(text) + (column == EventTableModel::Type ? iconRoom : 0);
                QVERIFY2(needed < table->columnWidth(column), qPrintable(QStringLiteral("column %1 clips \"%2\"").arg(column).arg(text)));
            }
        }
        // The message column takes the rest of the width.
        QVERIFY(table->columnWidth(EventTableModel::Message) > 400);
        // The detail shows the whole message, with the object and who reported it.
        QVERIFY(page->detailPane()->messageText().endsWith(QStringLiteral("No preemption victims found for incoming pod.")));
        QCOMPARE(page->findChild<QLabel *>(QStringLiteral("eventObject"))->text(),
                 QStringLiteral("Pod research/qwen-predictor-00002-deployment-6f7c9d8b5-x2kq9"));
        QVERIFY(page->findChild<QLabel *>(QStringLiteral("eventType"))->text().contains(QStringLiteral("reported by default-scheduler")));
        QCOMPARE(page->findChild<QLabel *>(QStringLiteral("eventsCount"))->text(), QStringLiteral("16 events · 11 warnings"));

        // A crash, for its colour.
        QVERIFY(page->selectUid(QStringLiteral("ev-backoff-chat")));
        QTest::qWait(20);
        saveRender(&frame, dark ? QStringLiteral("events-page-crash-dark") : QStringLiteral("events-page-crash"));
    }
};

QTEST_MAIN(TestEventsPage)
#include "tst_eventspage.moc"

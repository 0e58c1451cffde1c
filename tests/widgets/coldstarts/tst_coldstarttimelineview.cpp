#include "widgets/coldstarts/coldstarttimelineview.h"

#include "coldstartsfixture.h"
#include "common/testoutput.h"
#include "widgets/coldstarts/coldstartmodel.h"
#include "widgets/coldstarts/phasecolours.h"

#include <QHeaderView>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using gantry::ColdStartModel;
using gantry::ColdStartTimelineView;
using gantry::TimeAxis;
using gantry::TimelineFrame;
using namespace gantry::test;

class TestColdStartTimelineView : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        ColdStartModel model;
        ColdStartTimelineView view;
        Fixture()
        {
            view.setTimeZone(QTimeZone::utc());
            view.setColdStartModel(&model);
            view.resize(1400, 700);
            view.show();
            model.setSnapshot(realisticSnapshot());
        }
        double seconds(double afterStart) const { return TimeAxis::seconds(clusterTime(afterStart)); }
    };

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void fitsEverythingUntilTheOperatorZooms()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QVERIFY(f.view.isFollowing());
        // From the first creation (14:00) to now (14:42), inside the timeline column.
        const TimeAxis &axis = f.view.axis();
        QCOMPARE(axis.width, double(f.view.header()->sectionSize(ColdStartModel::TimelineColumn)));
        QVERIFY(axis.toPixel(f.seconds(0)) > 0);
        QVERIFY(axis.toPixel(f.seconds(0)) < axis.width * 0.05);
        QVERIFY(axis.toPixel(f.seconds(42 * 60)) < axis.width * 0.95);
        QVERIFY(axis.toPixel(f.seconds(42 * 60)) > axis.width * 0.7);
        // Services are expanded group rows.
        for (int row = 0; row < f.model.rowCount(); ++row) {
            QVERIFY(f.view.isExpanded(f.model.index(row, 0)));
            QVERIFY(f.view.isFirstColumnSpanned(row, {}));
        }
    }

    void hitTestFindsThePhaseUnderTheCursor()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        // chat-1 downloads from 14:01:10 to 14:21:30; ten minutes in is inside the bar.
        const QPoint inDownload = f.view.pointAt(QStringLiteral("uid-chat-1"), clusterTime(70 + 600));
        QVERIFY(!inDownload.isNull());
        const auto hit = f.view.hitAt(inDownload);
        QVERIFY(hit.start);
        QCOMPARE(hit.start->podUid, std::string("uid-chat-1"));
        QVERIFY(hit.span);
        QCOMPARE(hit.span->phase, ColdStartPhase::ModelDownload);

        const QString tip = f.view.toolTipAt(inDownload);
        QVERIFY2(tip.contains(QStringLiteral("model download")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("20m20s")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("14:01:10 → 14:21:30")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("initContainerStatuses storage-initializer")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("weights from hub")), qPrintable(tip));

        // The Ready post at 14:23:05.
        const auto ready = f.view.hitAt(f.view.pointAt(QStringLiteral("uid-chat-1"), clusterTime(1385)));
        QVERIFY(ready.span);
        QCOMPARE(ready.span->phase, ColdStartPhase::Ready);
        QVERIFY(f.view.toolTipAt(f.view.pointAt(QStringLiteral("uid-chat-1"), clusterTime(1385))).contains(QStringLiteral("total 23m05s")));

        // Before the pod existed there is no phase, but the row still explains itself.
        const QPoint before = f.view.pointAt(QStringLiteral("uid-chat-3"), clusterTime(900));
        QVERIFY(!f.view.hitAt(before).span);
        QVERIFY(f.view.toolTipAt(before).contains(QStringLiteral("chat-predictor-6f8d9c7b5-p3z8v")));
        // Outside the timeline column: no timeline hit.
        QVERIFY(!f.view.hitAt(QPoint(5, inDownload.y())).start);
    }

    void tooltipsSayInferredAndInProgress()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        const QString merged = f.view.toolTipAt(f.view.pointAt(QStringLiteral("uid-qwen-2"), clusterTime(720 + 4 + 250)));
        QVERIFY2(merged.contains(QStringLiteral("image pull → weight load")), qPrintable(merged));
        QVERIFY2(merged.contains(QStringLiteral("Inferred")), qPrintable(merged));
        QVERIFY2(merged.contains(QStringLiteral("events expired")), qPrintable(merged)); // the start's note

        const QString running = f.view.toolTipAt(f.view.pointAt(QStringLiteral("uid-mistral-2"), clusterTime(2400)));
        QVERIFY2(running.contains(QStringLiteral("model download")), qPrintable(running));
        QVERIFY2(running.contains(QStringLiteral("so far, in progress")), qPrintable(running));
        // 14:36:57 to now (14:42:00).
        QVERIFY2(running.contains(QStringLiteral("5m03s")), qPrintable(running));
    }

    void wheelZoomsAroundTheCursorAndDragPans()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        QSignalSpy changed(&f.view, &ColdStartTimelineView::visibleRangeChanged);
        const QPoint anchor = f.view.pointAt(QStringLiteral("uid-chat-1"), clusterTime(900));
        const int left = f.view.header()->sectionViewportPosition(ColdStartModel::TimelineColumn);
        const double timeUnder = f.view.axis().toTime(anchor.x() - left);
        QVERIFY(std::abs(timeUnder - f.seconds(900)) < 1 / f.view.axis().pixelsPerSecond());
        const double spanBefore = f.view.axis().span();

        QWheelEvent wheel(anchor, f.view.viewport()->mapToGlobal(anchor), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(f.view.viewport(), &wheel);
        QVERIFY(changed.count() >= 1);
        QVERIFY(!f.view.isFollowing());
        QVERIFY(std::abs(f.view.axis().span() - spanBefore / 1.44) < 1e-6);
        QVERIFY(std::abs(f.view.axis().toTime(anchor.x() - left) - timeUnder) < 1e-6);

        // A drag of 100 px to the right shows earlier times.
        const double beginBefore = f.view.axis().begin;
        const double perPixel = 1 / f.view.axis().pixelsPerSecond();
        QTest::mousePress(f.view.viewport(), Qt::LeftButton, Qt::NoModifier, anchor);
        QMouseEvent move1(QEvent::MouseMove, QPointF(anchor + QPoint(50, 0)), f.view.viewport()->mapToGlobal(QPointF(anchor + QPoint(50, 0))),
                          Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(f.view.viewport(), &move1);
        QMouseEvent move2(QEvent::MouseMove, QPointF(anchor + QPoint(100, 0)), f.view.viewport()->mapToGlobal(QPointF(anchor + QPoint(100, 0))),
                          Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(f.view.viewport(), &move2);
        QTest::mouseRelease(f.view.viewport(), Qt::LeftButton, Qt::NoModifier, anchor + QPoint(100, 0));
        QVERIFY(std::abs((beginBefore - f.view.axis().begin) - 100 * perPixel) < 1e-6);

        // New data no longer moves the axis…
        const double begin = f.view.axis().begin;
        f.model.setSnapshot(fleetOf(coldStartsOf(realisticStarts(), clusterTime(50 * 60)), clusterTime(50 * 60), 2));
        QCOMPARE(f.view.axis().begin, begin);
        // …until Fit all.
        f.view.fitAll();
        QVERIFY(f.view.isFollowing());
        QVERIFY(f.view.axis().toPixel(f.seconds(50 * 60)) < f.view.axis().width);
        QVERIFY(f.view.axis().toPixel(f.seconds(50 * 60)) > f.view.axis().width * 0.7);
    }

    void alignedStartsShareTheOrigin()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        f.view.setAlignment(TimelineFrame::Alignment::Created);
        QVERIFY(f.view.isFollowing());
        // Two starts created half an hour apart begin at the same pixel.
        const QPoint a = f.view.pointAt(QStringLiteral("uid-chat-1"), clusterTime(0));
        const QPoint b = f.view.pointAt(QStringLiteral("uid-chat-3"), clusterTime(1800));
        QCOMPARE(a.x(), b.x());
        // The longest start (27m19s) fits.
        QVERIFY(f.view.axis().toPixel(1639) < f.view.axis().width);
        const auto hit = f.view.hitAt(f.view.pointAt(QStringLiteral("uid-chat-3"), clusterTime(1800 + 20)));
        QVERIFY(hit.span);
        QCOMPARE(hit.span->phase, ColdStartPhase::WeightLoad);
    }

    void zoomedInShowsShortPhases()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        // Two minutes around the node-cache starts: their seconds-long phases get wide.
        f.view.setVisibleRange(f.seconds(1790), f.seconds(1940));
        QVERIFY(!f.view.isFollowing());
        const QImage image = saveRender(&f.view, QStringLiteral("coldstarts-timeline-zoomed"));
        const QPoint wait = f.view.viewport()->mapTo(&f.view, f.view.pointAt(QStringLiteral("uid-chat-3"), clusterTime(1801)));
        QCOMPARE(QColor(image.pixel(wait)), gantry::phaseColour(ColdStartPhase::WaitingForCapacity));
        const QPoint load = f.view.viewport()->mapTo(&f.view, f.view.pointAt(QStringLiteral("uid-chat-3"), clusterTime(1806)));
        QCOMPARE(QColor(image.pixel(load)), gantry::phaseColour(ColdStartPhase::WeightLoad));
        // Ticks are seconds apart now.
        const double step = f.view.frame().tickStep(f.view.fontMetrics());
        QVERIFY(step <= 15);
    }

    void paintsBarsInPhaseColours()
    {
        Fixture f;
        QVERIFY(QTest::qWaitForWindowExposed(&f.view));
        const QImage image = saveRender(&f.view, QStringLiteral("coldstarts-timeline"));
        QVERIFY(distinctColours(image) > 10);
        // The pixel in the middle of chat-1's download bar is the download colour.
        const QPoint inDownload = f.view.pointAt(QStringLiteral("uid-chat-1"), clusterTime(70 + 300));
        const QPoint inImage = f.view.viewport()->mapTo(&f.view, inDownload);
        QCOMPARE(QColor(image.pixel(inImage)), gantry::phaseColour(ColdStartPhase::ModelDownload));
    }
};

QTEST_MAIN(TestColdStartTimelineView)
#include "tst_coldstarttimelineview.moc"

#include "widgets/coldstarts/timeaxis.h"

#include <QLocale>
#include <QTest>
#include <QTimeZone>

using gantry::TimeAxis;

namespace {

TimeAxis axisOf(double begin, double end, double width)
{
    TimeAxis axis;
    axis.begin = begin;
    axis.end = end;
    axis.width = width;
    return axis;
}

constexpr double minute = 60, hour = 3600, day = 86400;

} // namespace

class TestTimeAxis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void toPixelAndBack_data()
    {
        QTest::addColumn<double>("begin");
        QTest::addColumn<double>("end");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("time");
        QTest::addColumn<double>("pixel");
        QTest::newRow("start") << 0.0 << 100.0 << 1000.0 << 0.0 << 0.0;
        QTest::newRow("end") << 0.0 << 100.0 << 1000.0 << 100.0 << 1000.0;
        QTest::newRow("middle") << 0.0 << 100.0 << 1000.0 << 25.0 << 250.0;
        QTest::newRow("offset range") << 1000.0 << 1600.0 << 600.0 << 1300.0 << 300.0;
        QTest::newRow("before the range") << 1000.0 << 1600.0 << 600.0 << 900.0 << -100.0;
        QTest::newRow("after the range") << 1000.0 << 1600.0 << 600.0 << 1700.0 << 700.0;
        QTest::newRow("epoch seconds, one day") << 1795442400.0 << 1795442400.0 + day << 1440.0 << 1795442400.0 + hour << 60.0;
        QTest::newRow("fractional") << 0.0 << 3.0 << 10.0 << 1.5 << 5.0;
    }
    void toPixelAndBack()
    {
        QFETCH(double, begin);
        QFETCH(double, end);
        QFETCH(double, width);
        QFETCH(double, time);
        QFETCH(double, pixel);
        const TimeAxis axis = axisOf(begin, end, width);
        QCOMPARE(axis.toPixel(time), pixel);
        QCOMPARE(axis.toTime(pixel), time);
    }

    void zoomKeepsTheAnchor_data()
    {
        QTest::addColumn<double>("factor");
        QTest::addColumn<double>("anchor");
        QTest::addColumn<double>("begin");
        QTest::addColumn<double>("end");
        // Axis 0..1000 s over 1000 px.
        QTest::newRow("in 2x at the left edge") << 2.0 << 0.0 << 0.0 << 500.0;
        QTest::newRow("in 2x at the centre") << 2.0 << 500.0 << 250.0 << 750.0;
        QTest::newRow("in 4x at 800 px") << 4.0 << 800.0 << 600.0 << 850.0;
        QTest::newRow("out 2x at the right edge") << 0.5 << 1000.0 << -1000.0 << 1000.0;
        QTest::newRow("clamped to the shortest span") << 1000.0 << 500.0 << 497.5 << 502.5;
        QTest::newRow("ignores a zero factor") << 0.0 << 500.0 << 0.0 << 1000.0;
    }
    void zoomKeepsTheAnchor()
    {
        QFETCH(double, factor);
        QFETCH(double, anchor);
        QFETCH(double, begin);
        QFETCH(double, end);
        TimeAxis axis = axisOf(0, 1000, 1000);
        const double anchorTime = axis.toTime(anchor);
        axis.zoom(factor, anchor);
        QCOMPARE(axis.begin, begin);
        QCOMPARE(axis.end, end);
        QCOMPARE(axis.toTime(anchor), anchorTime);
    }

    void zoomOutStopsAtTheLongestSpan()
    {
        TimeAxis axis = axisOf(0, 80 * day, 1000);
        axis.zoom(0.1, 0);
        QCOMPARE(axis.span(), TimeAxis::maximumSpan);
        QCOMPARE(axis.begin, 0.0);
    }

    void pan_data()
    {
        QTest::addColumn<double>("pixels");
        QTest::addColumn<double>("begin");
        // Axis 0..600 s over 300 px: 2 s per pixel.
        QTest::newRow("drag right shows earlier times") << 50.0 << -100.0;
        QTest::newRow("drag left shows later times") << -150.0 << 300.0;
        QTest::newRow("no drag") << 0.0 << 0.0;
    }
    void pan()
    {
        QFETCH(double, pixels);
        QFETCH(double, begin);
        TimeAxis axis = axisOf(0, 600, 300);
        axis.pan(pixels);
        QCOMPARE(axis.begin, begin);
        QCOMPARE(axis.span(), 600.0); // panning never zooms
    }

    void fit_data()
    {
        QTest::addColumn<double>("first");
        QTest::addColumn<double>("last");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("left");
        QTest::addColumn<double>("right");
        QTest::addColumn<double>("firstPixel");
        QTest::addColumn<double>("lastPixel");
        QTest::newRow("no margins") << 100.0 << 700.0 << 600.0 << 0.0 << 0.0 << 0.0 << 600.0;
        QTest::newRow("label room on the right") << 0.0 << 1380.0 << 1000.0 << 20.0 << 120.0 << 20.0 << 880.0;
        QTest::newRow("reversed input") << 700.0 << 100.0 << 600.0 << 0.0 << 0.0 << 0.0 << 600.0;
        // Margins wider than half the column shrink: the data keeps half of it.
        QTest::newRow("narrow column") << 0.0 << 100.0 << 200.0 << 50.0 << 150.0 << 25.0 << 125.0;
        // Shorter than the shortest span: the span is widened to the right.
        QTest::newRow("a single moment") << 50.0 << 50.0 << 500.0 << 0.0 << 0.0 << 0.0 << 0.0;
    }
    void fit()
    {
        QFETCH(double, first);
        QFETCH(double, last);
        QFETCH(double, width);
        QFETCH(double, left);
        QFETCH(double, right);
        QFETCH(double, firstPixel);
        QFETCH(double, lastPixel);
        TimeAxis axis = axisOf(0, 1, width);
        axis.fit(first, last, left, right);
        QCOMPARE(qRound(axis.toPixel(std::min(first, last)) * 1000) / 1000.0, firstPixel);
        QCOMPARE(qRound(axis.toPixel(std::max(first, last)) * 1000) / 1000.0, std::max(first, last) == std::min(first, last) ? 0.0 : lastPixel);
        QVERIFY(axis.span() >= TimeAxis::minimumSpan);
    }

    void tickStep_data()
    {
        QTest::addColumn<double>("span");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("minimumPixels");
        QTest::addColumn<double>("step");
        QTest::newRow("10 s over 1000 px") << 10.0 << 1000.0 << 80.0 << 1.0;
        QTest::newRow("1 min over 1000 px") << minute << 1000.0 << 80.0 << 5.0;
        QTest::newRow("5 min over 1000 px") << 5 * minute << 1000.0 << 80.0 << 30.0;
        QTest::newRow("42 min over 900 px") << 42 * minute << 900.0 << 80.0 << 5 * minute;
        QTest::newRow("2 h over 1000 px") << 2 * hour << 1000.0 << 80.0 << 10 * minute;
        QTest::newRow("1 day over 1200 px") << day << 1200.0 << 80.0 << 2 * hour;
        QTest::newRow("2 weeks over 1000 px") << 14 * day << 1000.0 << 80.0 << 2 * day;
        QTest::newRow("90 days over 500 px") << 90 * day << 500.0 << 80.0 << 28 * day;
    }
    void tickStep()
    {
        QFETCH(double, span);
        QFETCH(double, width);
        QFETCH(double, minimumPixels);
        QFETCH(double, step);
        const TimeAxis axis = axisOf(1000, 1000 + span, width);
        QCOMPARE(axis.tickStep(minimumPixels), step);
        QVERIFY(step * axis.pixelsPerSecond() >= minimumPixels);
    }

    void ticks_data()
    {
        QTest::addColumn<double>("begin");
        QTest::addColumn<double>("end");
        QTest::addColumn<double>("step");
        QTest::addColumn<double>("zoneOffset");
        QTest::addColumn<QList<double>>("expected");
        QTest::newRow("multiples inside") << 5.0 << 65.0 << 20.0 << 0.0 << QList<double>{20, 40, 60};
        QTest::newRow("ends included") << 0.0 << 60.0 << 30.0 << 0.0 << QList<double>{0, 30, 60};
        QTest::newRow("negative offsets") << -70.0 << 10.0 << 30.0 << 0.0 << QList<double>{-60, -30, 0};
        // UTC+05:30: local hours fall on half past the UTC hour.
        QTest::newRow("local hours east of UTC") << 0.0 << 2 * hour << hour << 5.5 * hour << QList<double>{1800, 5400};
        QTest::newRow("too many ticks") << 0.0 << 1e9 << 1.0 << 0.0 << QList<double>{};
    }
    void ticks()
    {
        QFETCH(double, begin);
        QFETCH(double, end);
        QFETCH(double, step);
        QFETCH(double, zoneOffset);
        QFETCH(QList<double>, expected);
        const TimeAxis axis = axisOf(begin, end, 1000);
        const std::vector<double> ticks = axis.ticks(step, zoneOffset);
        QCOMPARE(QList<double>(ticks.begin(), ticks.end()), expected);
    }

    void relativeLabel_data()
    {
        QTest::addColumn<double>("offset");
        QTest::addColumn<QString>("label");
        QTest::newRow("zero") << 0.0 << QStringLiteral("0");
        QTest::newRow("seconds") << 45.0 << QStringLiteral("+45s");
        QTest::newRow("minutes and seconds") << 150.0 << QStringLiteral("+2m30s");
        QTest::newRow("whole minutes") << 20 * minute << QStringLiteral("+20m");
        QTest::newRow("hour and a half") << 1.5 * hour << QStringLiteral("+1h30m");
        QTest::newRow("whole days") << 2 * day << QStringLiteral("+2d");
        QTest::newRow("day and hours") << day + 2 * hour << QStringLiteral("+1d2h");
        QTest::newRow("before") << -minute << QStringLiteral("-1m");
        QTest::newRow("rounding") << 59.6 << QStringLiteral("+1m");
    }
    void relativeLabel()
    {
        QFETCH(double, offset);
        QFETCH(QString, label);
        QCOMPARE(TimeAxis::relativeLabel(offset), label);
    }

    void absoluteLabel_data()
    {
        QTest::addColumn<QString>("time");
        QTest::addColumn<double>("step");
        QTest::addColumn<int>("zoneOffset");
        QTest::addColumn<QString>("label");
        QTest::newRow("seconds ticks") << QStringLiteral("2026-11-23T15:20:05Z") << 5.0 << 0 << QStringLiteral("15:20:05");
        QTest::newRow("minute ticks") << QStringLiteral("2026-11-23T15:20:00Z") << 300.0 << 0 << QStringLiteral("15:20");
        QTest::newRow("hour ticks") << QStringLiteral("2026-11-23T18:00:00Z") << 3 * hour << 0 << QStringLiteral("18:00");
        QTest::newRow("midnight shows the date") << QStringLiteral("2026-11-24T00:00:00Z") << hour << 0 << QStringLiteral("24 Nov");
        QTest::newRow("day ticks") << QStringLiteral("2026-11-25T00:00:00Z") << day << 0 << QStringLiteral("25 Nov");
        QTest::newRow("in the viewer's zone") << QStringLiteral("2026-11-23T15:20:00Z") << 600.0 << 3600 << QStringLiteral("16:20");
        QTest::newRow("local midnight") << QStringLiteral("2026-11-23T23:00:00Z") << hour << 3600 << QStringLiteral("24 Nov");
    }
    void absoluteLabel()
    {
        QFETCH(QString, time);
        QFETCH(double, step);
        QFETCH(int, zoneOffset);
        QFETCH(QString, label);
        const QDateTime moment = QDateTime::fromString(time, Qt::ISODate);
        QVERIFY(moment.isValid());
        const double seconds = static_cast<double>(moment.toSecsSinceEpoch());
        QCOMPARE(TimeAxis::absoluteLabel(seconds, step, QTimeZone(zoneOffset)), label);
    }
};

QTEST_GUILESS_MAIN(TestTimeAxis)
#include "tst_timeaxis.moc"

#include "widgets/demo/demoformat.h"

#include <QTest>

#include <limits>

namespace demoformat = gantry::demoformat;

class TestDemoFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clock_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("start") << 0.0 << QStringLiteral("00:00");
        QTest::newRow("fraction dropped") << 59.9 << QStringLiteral("00:59");
        QTest::newRow("minutes") << 750.0 << QStringLiteral("12:30");
        QTest::newRow("an hour stays in minutes") << 3600.0 << QStringLiteral("60:00");
        QTest::newRow("two hours") << 7265.0 << QStringLiteral("121:05");
        QTest::newRow("negative") << -5.0 << QStringLiteral("00:00");
        QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("00:00");
    }

    void clock()
    {
        QFETCH(double, seconds);
        QFETCH(QString, expected);
        QCOMPARE(demoformat::clock(seconds), expected);
    }

    void clockLineNamesTheEndWhenThereIsOne()
    {
        QCOMPARE(demoformat::clockLine(750, 3600), QStringLiteral("t = 12:30 of 60:00"));
        QCOMPARE(demoformat::clockLine(750, 0), QStringLiteral("t = 12:30"));
    }

    void speed()
    {
        QCOMPARE(demoformat::speed(1), QStringLiteral("1×"));
        QCOMPARE(demoformat::speed(60), QStringLiteral("60×"));
        QCOMPARE(demoformat::speed(0.5), QStringLiteral("0.5×"));
    }
};

QTEST_GUILESS_MAIN(TestDemoFormat)
#include "tst_demoformat.moc"

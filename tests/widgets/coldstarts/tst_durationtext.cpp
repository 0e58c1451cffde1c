#include "widgets/coldstarts/durationtext.h"

#include <QTest>

#include <limits>

class TestDurationText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void format_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << 0.0 << QStringLiteral("0s");
        QTest::newRow("negative") << -5.0 << QStringLiteral("0s");
        QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("0s");
        QTest::newRow("sub-second") << 0.42 << QStringLiteral("0.4s");
        QTest::newRow("few seconds") << 4.21 << QStringLiteral("4.2s");
        QTest::newRow("rounds up to ten") << 9.97 << QStringLiteral("10s");
        QTest::newRow("seconds") << 42.4 << QStringLiteral("42s");
        QTest::newRow("node cache") << 100.0 << QStringLiteral("1m40s");
        QTest::newRow("hub download, padded") << 1264.0 << QStringLiteral("21m04s");
        QTest::newRow("rounds to the next minute") << 59.6 << QStringLiteral("1m00s");
        QTest::newRow("hours") << 2 * 3600.0 + 5 * 60 + 20 << QStringLiteral("2h05m");
        QTest::newRow("just under an hour") << 3599.7 << QStringLiteral("1h00m");
        QTest::newRow("days") << 86400.0 + 2 * 3600 << QStringLiteral("1d02h");
    }
    void format()
    {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(gantry::formatDuration(seconds), text);
    }

    void startCounts()
    {
        QCOMPARE(gantry::startCountText(0), QStringLiteral("0 starts"));
        QCOMPARE(gantry::startCountText(1), QStringLiteral("1 start"));
        QCOMPARE(gantry::startCountText(2000), QStringLiteral("2000 starts"));
    }
};

QTEST_GUILESS_MAIN(TestDurationText)
#include "tst_durationtext.moc"

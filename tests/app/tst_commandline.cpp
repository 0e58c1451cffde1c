#include "app/commandline.h"
#include "app/displaycheck.h"

#include <QTest>

using namespace gantry;

class TestCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesHelpAndVersion()
    {
        auto result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--version")});
        QVERIFY(result.ok);
        QVERIFY(result.options.showVersion);
        QVERIFY(!result.options.showHelp);

        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("-h")});
        QVERIFY(result.ok);
        QVERIFY(result.options.showHelp);
    }

    void rejectsUnknownOptionsAndStrayArguments()
    {
        auto result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--frobnicate")});
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QStringLiteral("frobnicate")), qPrintable(result.error));

        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("cluster.yaml")});
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QStringLiteral("cluster.yaml")), qPrintable(result.error));
    }

    void helpListsOnlyWorkingOptions()
    {
        const QString help = commandLineHelp();
        QVERIFY(help.contains(QStringLiteral("--help")));
        QVERIFY(help.contains(QStringLiteral("--version")));
        QVERIFY2(!help.contains(QStringLiteral("--demo")), "no option before its feature works");
    }

    void displayDetection_data()
    {
        QTest::addColumn<QStringList>("variables");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("available");
        QTest::newRow("nothing") << QStringList() << QStringList() << false;
        QTest::newRow("x11") << QStringList{QStringLiteral("DISPLAY=:0")} << QStringList() << true;
        QTest::newRow("wayland") << QStringList{QStringLiteral("WAYLAND_DISPLAY=wayland-0")} << QStringList() << true;
        QTest::newRow("offscreen") << QStringList{QStringLiteral("QT_QPA_PLATFORM=offscreen")} << QStringList()
                                   << true;
        QTest::newRow("empty DISPLAY") << QStringList{QStringLiteral("DISPLAY=")} << QStringList() << false;
        QTest::newRow("-platform") << QStringList()
                                   << QStringList{QStringLiteral("gantry"), QStringLiteral("-platform"),
                                                  QStringLiteral("offscreen")}
                                   << true;
    }

    void displayDetection()
    {
        QFETCH(QStringList, variables);
        QFETCH(QStringList, arguments);
        QFETCH(bool, available);
        QProcessEnvironment environment;
        for (const QString &variable : variables)
            environment.insert(variable.section(QLatin1Char('='), 0, 0), variable.section(QLatin1Char('='), 1));
        QCOMPARE(displayAvailable(environment, arguments), available);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"

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
        QVERIFY(help.contains(QStringLiteral("--demo")));
        QVERIFY(help.contains(QStringLiteral("gantry dump")));
        // The wall screen arrives with its feature, not before.
        QVERIFY2(!help.contains(QStringLiteral("--kiosk")), "no option before its feature works");
    }

    void demoTakesAnOptionalScenario()
    {
        auto result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--demo")});
        QVERIFY(result.ok);
        QVERIFY(result.options.demo);
        QVERIFY(result.options.demoScenario.isEmpty());
        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--demo"), QStringLiteral("scale-from-zero.yaml"),
                                   QStringLiteral("--speed"), QStringLiteral("60")});
        QVERIFY(result.ok);
        QCOMPARE(result.options.demoScenario, QStringLiteral("scale-from-zero.yaml"));
        QCOMPARE(result.options.demoSpeed, 60.0);
        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--demo"), QStringLiteral("--speed"),
                                   QStringLiteral("fast")});
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QStringLiteral("fast")), qPrintable(result.error));
        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("a.yaml"), QStringLiteral("b.yaml"),
                                   QStringLiteral("--demo")});
        QVERIFY(!result.ok);
    }

    void connectionOptionsAreRead()
    {
        const auto result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--kubeconfig"), QStringLiteral("/k"),
                                              QStringLiteral("--context"), QStringLiteral("prod"), QStringLiteral("-n"),
                                              QStringLiteral("team-a"), QStringLiteral("--read-only")});
        QVERIFY(result.ok);
        QCOMPARE(result.options.kubeconfig, QStringLiteral("/k"));
        QCOMPARE(result.options.context, QStringLiteral("prod"));
        QCOMPARE(result.options.namespaceName, QStringLiteral("team-a"));
        QVERIFY(result.options.readOnly);
        QVERIFY(!result.options.demo);
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

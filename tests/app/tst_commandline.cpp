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
        QVERIFY(help.contains(QStringLiteral("gantry snapshot")));
        for (const char *option : {"--kiosk", "--pages", "--rotate", "--screen", "--config", "--theme", "--metrics-history"})
            QVERIFY2(help.contains(QLatin1String(option)), option);
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
        QCOMPARE(result.options.metricsHistorySeconds, 0);
    }

    void metricsHistoryIsADurationFromHalfAMinuteToADay()
    {
        auto result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--metrics-history"), QStringLiteral("45s")});
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.options.metricsHistorySeconds, 45);
        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--metrics-history"), QStringLiteral("10s")});
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QStringLiteral("--metrics-history")) && result.error.contains(QStringLiteral("'10s'")),
                 qPrintable(result.error));
        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--metrics-history"), QStringLiteral("forever")});
        QVERIFY(!result.ok);
    }

    void kioskOptionsAreReadAndForceReadOnly()
    {
        auto result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--kiosk"), QStringLiteral("--pages"),
                                        QStringLiteral("gpu,coldstarts"), QStringLiteral("--rotate"), QStringLiteral("1m30s"),
                                        QStringLiteral("--screen"), QStringLiteral("1")});
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(result.options.kiosk);
        QVERIFY(result.options.readOnly);
        QCOMPARE(result.options.kioskPages, (QStringList{QStringLiteral("gpu"), QStringLiteral("coldstarts")}));
        QCOMPARE(result.options.rotateSeconds, 90);
        QCOMPARE(result.options.screen, 1);

        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--kiosk"), QStringLiteral("--pages"),
                                   QStringLiteral("gpu,billing")});
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QStringLiteral("'billing'")), qPrintable(result.error));
        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--kiosk"), QStringLiteral("--rotate"),
                                   QStringLiteral("soon")});
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QStringLiteral("--rotate")), qPrintable(result.error));
        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--screen"), QStringLiteral("2")});
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QStringLiteral("--kiosk only")), qPrintable(result.error));
        result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--theme"), QStringLiteral("sepia")});
        QVERIFY(!result.ok);
    }

    void commandLineOverridesTheConfigFile()
    {
        CommandLineOptions base;
        base.context = QStringLiteral("from-config");
        base.namespaceName = QStringLiteral("team-a");
        base.kiosk = true;
        base.rotateSeconds = 45;
        const auto result = parseCommandLine({QStringLiteral("gantry"), QStringLiteral("--context"),
                                              QStringLiteral("from-flag"), QStringLiteral("--rotate"), QStringLiteral("10s")},
                                             base);
        QVERIFY2(result.ok, qPrintable(result.error));
        QCOMPARE(result.options.context, QStringLiteral("from-flag"));
        QCOMPARE(result.options.namespaceName, QStringLiteral("team-a"));
        QVERIFY(result.options.kiosk);
        QVERIFY(result.options.readOnly);
        QCOMPARE(result.options.rotateSeconds, 10);
        QCOMPARE(configFileArgument({QStringLiteral("gantry"), QStringLiteral("--config"), QStringLiteral("/etc/wall.yaml")}),
                 QStringLiteral("/etc/wall.yaml"));
        QCOMPARE(configFileArgument({QStringLiteral("gantry"), QStringLiteral("--config=/etc/wall.yaml")}),
                 QStringLiteral("/etc/wall.yaml"));
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

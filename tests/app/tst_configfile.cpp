// `--config FILE`: a wall screen set up once in YAML; every problem named with
// its line, column and key, and nothing half-applied.
#include "app/configfile.h"

#include <QTemporaryDir>
#include <QTest>

using namespace gantry;

namespace {

QString writeFile(const QTemporaryDir &dir, const QByteArray &text)
{
    const QString path = dir.filePath(QStringLiteral("wall.yaml"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(text);
    return path;
}

} // namespace

class TestConfigFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAWallScreenSetup()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "kubeconfig: /etc/gantry/wall.kubeconfig\n"
                                            "context: prod-viewer\n"
                                            "namespace: team-a\n"
                                            "prometheus: http://prometheus.monitoring:9090\n"
                                            "theme: dark\n"
                                            "metricsHistory: 45m\n"
                                            "kiosk:\n"
                                            "  pages: [gpu, coldstarts]\n"
                                            "  rotate: 30s\n"
                                            "  screen: 1\n");
        CommandLineOptions options;
        QCOMPARE(loadConfigFile(path, options), QString());
        QCOMPARE(options.kubeconfig, QStringLiteral("/etc/gantry/wall.kubeconfig"));
        QCOMPARE(options.context, QStringLiteral("prod-viewer"));
        QCOMPARE(options.namespaceName, QStringLiteral("team-a"));
        QCOMPARE(options.prometheusUrl, QStringLiteral("http://prometheus.monitoring:9090"));
        QCOMPARE(options.theme, QStringLiteral("dark"));
        QCOMPARE(options.metricsHistorySeconds, 45 * 60);
        QVERIFY(options.kiosk);
        QCOMPARE(options.kioskPages, (QStringList{QStringLiteral("gpu"), QStringLiteral("coldstarts")}));
        QCOMPARE(options.rotateSeconds, 30);
        QCOMPARE(options.screen, 1);
    }

    void readsADemoSetup()
    {
        QTemporaryDir dir;
        CommandLineOptions options;
        QCOMPARE(loadConfigFile(writeFile(dir, "demo: scale-from-zero.yaml\nspeed: 60\nkiosk: false\n"), options), QString());
        QVERIFY(options.demo);
        QCOMPARE(options.demoScenario, QStringLiteral("scale-from-zero.yaml"));
        QCOMPARE(options.demoSpeed, 60.0);
        QVERIFY(!options.kiosk);
        CommandLineOptions plain;
        QCOMPARE(loadConfigFile(writeFile(dir, "demo: true\n"), plain), QString());
        QVERIFY(plain.demo);
        QVERIFY(plain.demoScenario.isEmpty());
    }

    void everyProblemIsNamedAndNothingIsApplied()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir, "context: prod\n"
                                            "contxt: typo\n"
                                            "theme: blue\n"
                                            "readOnly: yes please\n"
                                            "kiosk:\n"
                                            "  pages: [gpu, billing]\n"
                                            "  rotate: soon\n"
                                            "  screen: -1\n"
                                            "  fullscreen: true\n"
                                            "metricsHistory: 2d\n");
        CommandLineOptions options;
        options.context = QStringLiteral("unchanged");
        const QString error = loadConfigFile(path, options);
        const QStringList lines = error.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 8);
        QVERIFY2(lines[0].startsWith(path + QStringLiteral(":2:1: contxt: unknown key")), qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith(path + QStringLiteral(":3:8: theme: expected dark or light")), qPrintable(lines[1]));
        QVERIFY2(lines[2].startsWith(path + QStringLiteral(":4:11: readOnly: expected true or false")), qPrintable(lines[2]));
        QVERIFY2(lines[3].contains(QStringLiteral("kiosk.pages: unknown page 'billing'")), qPrintable(lines[3]));
        QVERIFY2(lines[4].contains(QStringLiteral(":7:11: kiosk.rotate: expected a duration")), qPrintable(lines[4]));
        QVERIFY2(lines[5].contains(QStringLiteral(":8:11: kiosk.screen: expected a screen number")), qPrintable(lines[5]));
        QVERIFY2(lines[6].contains(QStringLiteral(":9:3: kiosk.fullscreen: unknown key")), qPrintable(lines[6]));
        QVERIFY2(lines[7].contains(QStringLiteral(":10:17: metricsHistory: expected a duration from 30s to 24h, got '2d'")),
                 qPrintable(lines[7]));
        QCOMPARE(options.context, QStringLiteral("unchanged"));
        QVERIFY(!options.kiosk);
    }

    void unreadableOrMalformedFilesAreExplained()
    {
        CommandLineOptions options;
        QVERIFY(loadConfigFile(QStringLiteral("/nonexistent/wall.yaml"), options).contains(QStringLiteral("/nonexistent/wall.yaml")));
        QTemporaryDir dir;
        const QString broken = loadConfigFile(writeFile(dir, "kiosk: [unclosed\n"), options);
        QVERIFY2(broken.contains(QStringLiteral("wall.yaml:")), qPrintable(broken));
        QVERIFY2(loadConfigFile(writeFile(dir, "- a\n- b\n"), options).contains(QStringLiteral("is a map")), "a list");
        QVERIFY(loadConfigFile(writeFile(dir, ""), options).contains(QStringLiteral("empty")));
    }

    void rotationDurations()
    {
        QCOMPARE(parseRotateSeconds(QStringLiteral("20s")), 20);
        QCOMPARE(parseRotateSeconds(QStringLiteral("20")), 20);
        QCOMPARE(parseRotateSeconds(QStringLiteral("1m")), 60);
        QCOMPARE(parseRotateSeconds(QStringLiteral("1m30s")), 90);
        QCOMPARE(parseRotateSeconds(QStringLiteral("1h")), 3600);
        QCOMPARE(parseRotateSeconds(QStringLiteral("0")), 0);
        QCOMPARE(parseRotateSeconds(QStringLiteral("")), -1);
        QCOMPARE(parseRotateSeconds(QStringLiteral("soon")), -1);
        QCOMPARE(parseRotateSeconds(QStringLiteral("-5s")), -1);
        QCOMPARE(parseRotateSeconds(QStringLiteral("5 minutes")), -1);
    }

    void metricsHistoryDurations()
    {
        QCOMPARE(parseMetricsHistorySeconds(QStringLiteral("2h")), 7200);
        QCOMPARE(parseMetricsHistorySeconds(QStringLiteral("30s")), 30);
        QCOMPARE(parseMetricsHistorySeconds(QStringLiteral("24h")), 24 * 3600);
        QCOMPARE(parseMetricsHistorySeconds(QStringLiteral("29s")), -1);
        QCOMPARE(parseMetricsHistorySeconds(QStringLiteral("24h1s")), -1);
        QCOMPARE(parseMetricsHistorySeconds(QStringLiteral("0")), -1);
        QCOMPARE(parseMetricsHistorySeconds(QStringLiteral("long")), -1);
    }
};

QTEST_GUILESS_MAIN(TestConfigFile)
#include "tst_configfile.moc"

// `gantry snapshot` as CI and the README use it: the real executable renders
// every page of the in-process demo to PNG and lists the words on each page.
#include "common/testoutput.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString gantryPath = QStringLiteral(GANTRY_EXECUTABLE);

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList &arguments, int timeoutMs = 120000, const QProcessEnvironment &extra = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : extra.keys())
        environment.insert(name, extra.value(name));
    // The command must not need a display: no platform is given, it picks offscreen itself.
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    process.setProcessEnvironment(environment);
    process.start(gantryPath, QStringList{QStringLiteral("snapshot")} + arguments);
    Run result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    result.err = QString::fromLocal8Bit(process.readAllStandardError());
    return result;
}

QJsonObject readManifest(const QString &dir)
{
    QFile file(dir + QStringLiteral("/snapshot.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QStringList textsOf(const QJsonObject &manifest, const QString &page)
{
    for (const QJsonValue &entry : manifest.value(QStringLiteral("pages")).toArray()) {
        if (entry.toObject().value(QStringLiteral("page")).toString() == page) {
            QStringList texts;
            for (const QJsonValue &text : entry.toObject().value(QStringLiteral("texts")).toArray())
                texts.append(text.toString());
            return texts;
        }
    }
    return {};
}

bool anyContains(const QStringList &texts, const QString &needle)
{
    return std::any_of(texts.begin(), texts.end(), [&](const QString &text) { return text.contains(needle); });
}

double meanLightness(const QImage &image)
{
    double sum = 0;
    int count = 0;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7) {
            sum += QColor(image.pixel(x, y)).lightnessF();
            ++count;
        }
    }
    return count ? sum / count : 0;
}

} // namespace

class TestGantrySnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Ten minutes into factory.yaml the spike (at 9 min) has chat scaling towards
    // ten replicas, and the cold-start timeline holds every first start.
    void demoAtTenMinutesRendersEveryPage()
    {
        const QString dir = gantry::test::outputDir() + QStringLiteral("/snapshot-demo");
        QDir(dir).removeRecursively();
        const Run result = run({QStringLiteral("--demo"), QStringLiteral("factory.yaml"), QStringLiteral("--after"),
                                QStringLiteral("600"), QStringLiteral("--out"), dir, QStringLiteral("--size"),
                                QStringLiteral("1400x900")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));

        const QJsonObject manifest = readManifest(dir);
        QCOMPARE(manifest.value(QStringLiteral("pages")).toArray().size(), 4);
        QVERIFY(manifest.value(QStringLiteral("synced")).toBool());
        QCOMPARE(manifest.value(QStringLiteral("demo")).toString(), QStringLiteral("factory.yaml"));
        for (const char *file : {"gpu-pools.png", "models.png", "cold-starts.png", "events.png"}) {
            const QString path = dir + QLatin1Char('/') + QLatin1String(file);
            QVERIFY2(result.out.contains(path), qPrintable(result.out));
            const QImage image(path);
            QVERIFY2(!image.isNull(), file);
            QCOMPARE(image.size(), QSize(1400, 900));
            QVERIFY2(gantry::test::distinctColours(image) > 24, file);
        }

        // The fleet's five nodes: two A100, one H200, and the H100 pool grown to two for the spike.
        const QStringList gpu = textsOf(manifest, QStringLiteral("gpu"));
        QVERIFY2(anyContains(gpu, QStringLiteral("GPUs · 40 on 5 nodes")), qPrintable(gpu.join(QLatin1Char('\n'))));
        QVERIFY2(anyContains(gpu, QStringLiteral("scraping https://127.0.0.1:")), qPrintable(gpu.join(QLatin1Char('\n'))));
        // The spike's scale-up: chat wants its max-scale of ten replicas.
        const QStringList models = textsOf(manifest, QStringLiteral("models"));
        const auto chatRow = std::find_if(models.begin(), models.end(),
                                          [](const QString &t) { return t.startsWith(QStringLiteral("chat |")); });
        QVERIFY2(chatRow != models.end(), qPrintable(models.join(QLatin1Char('\n'))));
        QVERIFY2(chatRow->contains(QStringLiteral("/10")), qPrintable(*chatRow));
        const QStringList coldStarts = textsOf(manifest, QStringLiteral("coldstarts"));
        // The timeline groups chat's starts: the first two done, the spike's in progress.
        const auto chatStarts = std::find_if(coldStarts.begin(), coldStarts.end(), [](const QString &t) {
            return t.startsWith(QStringLiteral("chat |")) && t.contains(QStringLiteral("in progress"));
        });
        QVERIFY2(chatStarts != coldStarts.end(), qPrintable(coldStarts.join(QLatin1Char('\n'))));
        // The events: the spike's scale-up and the replicas that found no free H100.
        const QStringList events = textsOf(manifest, QStringLiteral("events"));
        QVERIFY2(anyContains(events, QStringLiteral("FailedScheduling")), qPrintable(events.join(QLatin1Char('\n'))));
        QVERIFY2(anyContains(events, QStringLiteral("TriggeredScaleUp")), qPrintable(events.join(QLatin1Char('\n'))));
        // Every page says where it is: a read-only view of the demo cluster.
        QVERIFY(anyContains(coldStarts, QStringLiteral("gantry-viewer")));
        QVERIFY(anyContains(coldStarts, QStringLiteral("READ-ONLY")));
    }

    void darkThemeRendersDarker()
    {
        QTemporaryDir light;
        QTemporaryDir dark;
        const QStringList common = {QStringLiteral("--demo"), QStringLiteral("--page"), QStringLiteral("gpu"),
                                    QStringLiteral("--size"), QStringLiteral("1024x700")};
        QCOMPARE(run(common + QStringList{QStringLiteral("--out"), light.path()}).exitCode, 0);
        const Run darkRun = run(common + QStringList{QStringLiteral("--out"), dark.path(), QStringLiteral("--theme"),
                                                     QStringLiteral("dark")});
        QVERIFY2(darkRun.exitCode == 0, qPrintable(darkRun.err));
        const QImage lightImage(light.path() + QStringLiteral("/gpu-pools.png"));
        const QImage darkImage(dark.path() + QStringLiteral("/gpu-pools.png"));
        QCOMPARE(darkImage.size(), QSize(1024, 700));
        QVERIFY(QFile::exists(light.path() + QStringLiteral("/gpu-pools.png")));
        QVERIFY(!QFile::exists(light.path() + QStringLiteral("/models.png"))); // only the page asked for
        QVERIFY2(meanLightness(darkImage) + 0.3 < meanLightness(lightImage),
                 qPrintable(QStringLiteral("dark %1, light %2").arg(meanLightness(darkImage)).arg(meanLightness(lightImage))));
        darkImage.save(gantry::test::outputDir() + QStringLiteral("/snapshot-dark-gpu-pools.png"));
    }

    void highDensityScreensRenderAtTheirDensity()
    {
        // A 2× screen: the same layout with twice the pixels, so text and cells stay sharp.
        QTemporaryDir out;
        QProcessEnvironment scaled;
        scaled.insert(QStringLiteral("QT_SCALE_FACTOR"), QStringLiteral("2"));
        const Run result = run({QStringLiteral("--demo"), QStringLiteral("--page"), QStringLiteral("gpu"), QStringLiteral("--size"),
                                QStringLiteral("900x600"), QStringLiteral("--out"), out.path()},
                               120000, scaled);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        const QImage image(out.path() + QStringLiteral("/gpu-pools.png"));
        QCOMPARE(image.size(), QSize(1800, 1200));
        QVERIFY(gantry::test::distinctColours(image) > 24);
        const QJsonObject manifest = readManifest(out.path());
        QVERIFY2(QJsonDocument(manifest).toJson().contains("GPU pools"), manifest.keys().join(u',').toUtf8().constData());
        image.save(gantry::test::outputDir() + QStringLiteral("/snapshot-2x-gpu-pools.png"));
    }

    void badRequestsAreExplained_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("no out") << QStringList{QStringLiteral("--demo")} << 2 << QStringLiteral("--out DIR is required");
        QTest::newRow("bad page") << QStringList{QStringLiteral("--demo"), QStringLiteral("--out"), QStringLiteral("/tmp/x"),
                                                 QStringLiteral("--page"), QStringLiteral("gpus")}
                                  << 2 << QStringLiteral("unknown page 'gpus'");
        QTest::newRow("bad size") << QStringList{QStringLiteral("--demo"), QStringLiteral("--out"), QStringLiteral("/tmp/x"),
                                                 QStringLiteral("--size"), QStringLiteral("big")}
                                  << 2 << QStringLiteral("--size wants WIDTHxHEIGHT");
        QTest::newRow("bad theme") << QStringList{QStringLiteral("--demo"), QStringLiteral("--out"), QStringLiteral("/tmp/x"),
                                                  QStringLiteral("--theme"), QStringLiteral("blue")}
                                   << 2 << QStringLiteral("--theme wants dark or light, not 'blue'");
        QTest::newRow("bad after") << QStringList{QStringLiteral("--demo"), QStringLiteral("--out"), QStringLiteral("/tmp/x"),
                                                  QStringLiteral("--after"), QStringLiteral("-5")}
                                   << 2 << QStringLiteral("--after wants seconds");
        QTest::newRow("missing scenario") << QStringList{QStringLiteral("--demo"), QStringLiteral("/nonexistent/s.yaml"),
                                                         QStringLiteral("--out"), QStringLiteral("/tmp/x")}
                                          << 4 << QStringLiteral("/nonexistent/s.yaml");
        QTest::newRow("bad kubeconfig") << QStringList{QStringLiteral("--kubeconfig"), QStringLiteral("/nonexistent/kubeconfig"),
                                                       QStringLiteral("--out"), QStringLiteral("/tmp/x")}
                                        << 4 << QStringLiteral("/nonexistent/kubeconfig");
    }

    void badRequestsAreExplained()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run result = run(arguments, 30000);
        QCOMPARE(result.exitCode, exitCode);
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
        QVERIFY(result.err.startsWith(QStringLiteral("gantry snapshot: ")));
    }
};

QTEST_MAIN(TestGantrySnapshot)
#include "tst_gantry_snapshot.moc"

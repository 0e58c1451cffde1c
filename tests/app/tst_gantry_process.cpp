// Runs the real `gantry` executable the way users and service managers do.
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

namespace {

const QString gantryPath = QStringLiteral(GANTRY_EXECUTABLE);

QProcessEnvironment environmentWithout(const QStringList &names)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : names)
        environment.remove(name);
    return environment;
}

struct Run
{
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QString out;
    QString err;
};

Run run(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(gantryPath, arguments);
    Run result;
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitCode();
    result.exitStatus = process.exitStatus();
    result.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    result.err = QString::fromLocal8Bit(process.readAllStandardError());
    return result;
}

} // namespace

class TestGantryProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionPrintsProjectVersion()
    {
        const Run result = run({QStringLiteral("--version")}, QProcessEnvironment::systemEnvironment());
        QCOMPARE(result.exitStatus, QProcess::NormalExit);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(QRegularExpression(QStringLiteral("^gantry \\d+\\.\\d+\\.\\d+( \\(.+\\))?\\n$")).match(result.out).hasMatch(),
                 qPrintable(result.out));
    }

    void helpWorksWithoutADisplay()
    {
        const Run result = run({QStringLiteral("--help")},
                               environmentWithout({QStringLiteral("DISPLAY"), QStringLiteral("WAYLAND_DISPLAY"),
                                                   QStringLiteral("QT_QPA_PLATFORM")}));
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains(QStringLiteral("--version")));
    }

    void withoutADisplayExplainsInsteadOfAborting()
    {
        const Run result = run({}, environmentWithout({QStringLiteral("DISPLAY"), QStringLiteral("WAYLAND_DISPLAY"),
                                                       QStringLiteral("QT_QPA_PLATFORM")}));
        QCOMPARE(result.exitStatus, QProcess::NormalExit); // not a SIGABRT from the platform plugin
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains(QStringLiteral("no display found")), qPrintable(result.err));
        QVERIFY2(result.err.contains(QStringLiteral("QT_QPA_PLATFORM=offscreen")), qPrintable(result.err));
        QVERIFY(!result.err.contains(QStringLiteral("qt.qpa")));
    }

    void unknownOptionIsAnError()
    {
        const Run result = run({QStringLiteral("--no-such-option")}, QProcessEnvironment::systemEnvironment());
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QStringLiteral("no-such-option")), qPrintable(result.err));
    }

    void startsOffscreenAndQuitsCleanlyOnSigterm()
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.start(gantryPath, {});
        QVERIFY(process.waitForStarted());
        // Still running after a second: the window came up and the event loop is alive.
        QVERIFY(!process.waitForFinished(1000));
        ::kill(static_cast<pid_t>(process.processId()), SIGTERM);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        const QString err = QString::fromLocal8Bit(process.readAllStandardError());
        QVERIFY2(!err.contains(QStringLiteral("QObject::")) && !err.contains(QStringLiteral("ASSERT")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestGantryProcess)
#include "tst_gantry_process.moc"

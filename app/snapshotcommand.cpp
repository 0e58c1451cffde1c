#include "app/snapshotcommand.h"

#include "app/consolesession.h"
#include "app/mainwindow.h"
#include "app/visibletext.h"
#include "backend/fleet/connectionhealth.h"
#include "backend/fleet/fleetsession.h"
#include "sim/factory/factory.h"
#include "sim/simulator.h"
#include "widgets/connectionbar.h"
#include "widgets/theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <chrono>
#include <iostream>

namespace gantry {

namespace {

constexpr int exitUsage = 2;
constexpr int exitConnection = 4; ///< kubeconfig, context, scenario or metrics settings unusable
constexpr int exitNotSynced = 5;  ///< rendered, but the cluster did not sync in time
constexpr int exitOutput = 6;     ///< the output folder or a file could not be written

QString tr(const char *text)
{
    return QCoreApplication::translate("gantry snapshot", text);
}

struct PageChoice
{
    const char *name;
    MainWindow::Page page;
    const char *file;
};

const PageChoice pageChoices[] = {
    {"gpu", MainWindow::GpuPoolsPage, "gpu-pools.png"},
    {"models", MainWindow::ModelsPage, "models.png"},
    {"coldstarts", MainWindow::ColdStartsPage, "cold-starts.png"},
    {"events", MainWindow::EventsPage, "events.png"},
};

void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        tr("Renders the console's pages to PNG without a display.\n"
           "With --demo it first runs the simulated AI factory in-process for --after simulated seconds;\n"
           "otherwise it connects like the console and waits --after seconds once synced. Never writes to the cluster."));
    parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help and exit.")});
    parser.addOption({QStringLiteral("out"), tr("Write the PNGs and snapshot.json into this folder (created if missing)."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("page"),
                      tr("Only these pages, comma-separated: gpu, models, coldstarts, events (default: all)."),
                      QStringLiteral("names")});
    parser.addOption({QStringLiteral("after"), tr("Seconds to run (simulated with --demo) before rendering (default 0)."),
                      QStringLiteral("seconds")});
    parser.addOption({QStringLiteral("size"), tr("Window size (default 1400x900)."), QStringLiteral("WxH")});
    parser.addOption({QStringLiteral("theme"), tr("dark or light (default light; dark with --kiosk)."), QStringLiteral("name")});
    parser.addOption({QStringLiteral("kiosk"), tr("Render the wall screen's layout: no menus, large type, a clock.")});
    parser.addOption({QStringLiteral("demo"),
                      tr("Render the simulated AI factory; an argument names the scenario (default factory.yaml).")});
    parser.addOption({QStringLiteral("kubeconfig"), tr("Use this kubeconfig file only."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("context"), tr("Use this kubeconfig context."), QStringLiteral("name")});
    parser.addOption({{QStringLiteral("n"), QStringLiteral("namespace")}, tr("Show only this namespace."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("prometheus"), tr("Read metrics from this Prometheus."), QStringLiteral("url")});
    parser.addOption({QStringLiteral("metrics-url"), tr("Without Prometheus: scrape this /metrics endpoint."),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("timeout"), tr("Give up waiting for the cluster after this many seconds (default 60)."),
                      QStringLiteral("seconds")});
}

struct SnapshotRequest
{
    QString outDir;
    QList<PageChoice> pages;
    double afterSeconds = 0;
    QSize size{1400, 900};
    Theme theme = Theme::Light;
    bool kiosk = false;
    int timeoutSeconds = 60;
    ConsoleOptions console;
};

// Reads the options into `request`; returns "" or what was wrong.
QString readRequest(const QCommandLineParser &parser, SnapshotRequest &request)
{
    request.outDir = parser.value(QStringLiteral("out"));
    if (request.outDir.isEmpty())
        return tr("--out DIR is required: the folder to write the PNGs into.");

    const QStringList wanted = parser.isSet(QStringLiteral("page"))
        ? parser.value(QStringLiteral("page")).split(QLatin1Char(','), Qt::SkipEmptyParts)
        : QStringList{};
    for (const PageChoice &choice : pageChoices) {
        if (wanted.isEmpty() || wanted.contains(QLatin1String(choice.name)))
            request.pages.append(choice);
    }
    for (const QString &name : wanted) {
        const bool known = std::any_of(std::begin(pageChoices), std::end(pageChoices),
                                       [&](const PageChoice &c) { return name == QLatin1String(c.name); });
        if (!known)
            return tr("--page: unknown page '%1' (use gpu, models, coldstarts or events).").arg(name);
    }
    if (parser.isSet(QStringLiteral("page")) && request.pages.isEmpty())
        return tr("--page names no page.");

    if (parser.isSet(QStringLiteral("after"))) {
        bool ok = false;
        request.afterSeconds = parser.value(QStringLiteral("after")).toDouble(&ok);
        if (!ok || request.afterSeconds < 0 || request.afterSeconds > 7 * 24 * 3600)
            return tr("--after wants seconds between 0 and 604800, not '%1'.").arg(parser.value(QStringLiteral("after")));
    }
    if (parser.isSet(QStringLiteral("size"))) {
        static const QRegularExpression form(QStringLiteral("^(\\d{2,5})[xX](\\d{2,5})$"));
        const auto match = form.match(parser.value(QStringLiteral("size")));
        const int width = match.hasMatch() ? match.captured(1).toInt() : 0;
        const int height = match.hasMatch() ? match.captured(2).toInt() : 0;
        if (width < 320 || height < 240 || width > 7680 || height > 4320)
            return tr("--size wants WIDTHxHEIGHT between 320x240 and 7680x4320, not '%1'.")
                .arg(parser.value(QStringLiteral("size")));
        request.size = QSize(width, height);
    }
    request.kiosk = parser.isSet(QStringLiteral("kiosk"));
    if (request.kiosk)
        request.theme = Theme::Dark;
    if (parser.isSet(QStringLiteral("theme"))) {
        const auto theme = themeFromName(parser.value(QStringLiteral("theme")));
        if (!theme)
            return tr("--theme wants dark or light, not '%1'.").arg(parser.value(QStringLiteral("theme")));
        request.theme = *theme;
    }
    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        request.timeoutSeconds = parser.value(QStringLiteral("timeout")).toInt(&ok);
        if (!ok || request.timeoutSeconds <= 0)
            return tr("--timeout wants a whole number of seconds, not '%1'.").arg(parser.value(QStringLiteral("timeout")));
    }

    ConsoleOptions &console = request.console;
    console.demo = parser.isSet(QStringLiteral("demo"));
    const QStringList positional = parser.positionalArguments();
    if (console.demo && positional.size() == 1)
        console.demoScenario = positional.constFirst();
    else if (!positional.isEmpty())
        return tr("unexpected argument '%1'.").arg(positional.constFirst());
    // The simulation is stepped here, not run against the wall clock.
    console.demoSpeed = 0;
    // A snapshot only reads: the transport refuses anything else before it is sent.
    console.readOnly = true;
    console.kubeconfig = parser.value(QStringLiteral("kubeconfig"));
    console.context = parser.value(QStringLiteral("context"));
    console.namespaceName = parser.value(QStringLiteral("namespace"));
    console.prometheusUrl = parser.value(QStringLiteral("prometheus"));
    console.metricsUrl = parser.value(QStringLiteral("metrics-url"));
    return {};
}

// Lets queued work (snapshot delivery, chart queries, layouts) run for a while.
void settleEvents(std::chrono::milliseconds duration)
{
    QDeadlineTimer deadline(duration);
    while (!deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QCoreApplication::sendPostedEvents();
    }
}

} // namespace

int runSnapshotCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    describeOptions(parser);
    QStringList withoutVerb = arguments;
    withoutVerb.removeAt(1);
    if (!parser.parse(withoutVerb)) {
        std::cerr << "gantry snapshot: " << parser.errorText().toStdString() << "\n";
        return exitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::cout << parser.helpText().replace(QStringLiteral("[options]"), QStringLiteral("snapshot [options]")).toStdString();
        return 0;
    }
    SnapshotRequest request;
    if (const QString error = readRequest(parser, request); !error.isEmpty()) {
        std::cerr << "gantry snapshot: " << error.toStdString() << "\n";
        return exitUsage;
    }
    QDir out(request.outDir);
    if (!out.mkpath(QStringLiteral("."))) {
        std::cerr << "gantry snapshot: cannot create the folder " << request.outDir.toStdString() << "\n";
        return exitOutput;
    }

    if (auto *application = qobject_cast<QApplication *>(QCoreApplication::instance()))
        applyTheme(*application, request.theme);

    ConsoleSession session;
    if (const QString error = session.start(request.console); !error.isEmpty()) {
        std::cerr << "gantry snapshot: " << error.toStdString() << "\n";
        return exitConnection;
    }
    if (session.simulator() && session.simulator()->factory())
        session.simulator()->factory()->runFor(request.afterSeconds);

    const auto timeout = std::chrono::seconds(request.timeoutSeconds);
    bool settled = session.fleetSession()->waitSettled(timeout);
    if (!session.simulator() && request.afterSeconds > 0) {
        settleEvents(std::chrono::milliseconds(static_cast<qint64>(request.afterSeconds * 1000)));
        settled = session.fleetSession()->waitSettled(timeout) && settled;
    }
    if (!settled)
        std::cerr << "gantry snapshot: the cluster did not sync within " << request.timeoutSeconds
                  << " s; rendering what arrived\n";
    const auto snapshot = session.fleetSession()->fleet().flush();

    MainWindow window(request.kiosk ? MainWindow::Mode::Kiosk : MainWindow::Mode::Desktop);
    window.setMetricsSource(session.metricsSource());
    window.setActionContext(session.actionContext(), request.console.namespaceName, session.readOnly(),
                            session.readOnlyReason());
    window.applySnapshot(snapshot);
    window.connectionBar()->setDetails(session.details());
    window.setConnectionHealth(session.fleetSession() ? fleet::assessConnection(
                                   session.fleetSession()->informers().status(), std::chrono::system_clock::now())
                                                      : fleet::ConnectionHealth{});
    window.resize(request.size);
    window.show();
    settleEvents(std::chrono::milliseconds(300));

    QJsonArray pages;
    bool written = true;
    for (const PageChoice &choice : std::as_const(request.pages)) {
        window.setCurrentPage(choice.page);
        // Charts ask the metrics source for history on a worker thread.
        settleEvents(std::chrono::milliseconds(600));
        const QString path = out.filePath(QLatin1String(choice.file));
        if (!window.grab().save(path, "PNG")) {
            std::cerr << "gantry snapshot: cannot write " << path.toStdString() << "\n";
            written = false;
            continue;
        }
        std::cout << path.toStdString() << "\n";
        pages.append(QJsonObject{{QStringLiteral("page"), QLatin1String(choice.name)},
                                 {QStringLiteral("file"), QLatin1String(choice.file)},
                                 {QStringLiteral("texts"), QJsonArray::fromStringList(visibleTexts(&window))}});
    }
    const QJsonObject manifest{
        {QStringLiteral("context"), session.contextName()},
        {QStringLiteral("demo"), request.console.demo ? QJsonValue(request.console.demoScenario) : QJsonValue()},
        {QStringLiteral("afterSeconds"), request.afterSeconds},
        {QStringLiteral("theme"), themeName(request.theme)},
        {QStringLiteral("size"), QJsonArray{request.size.width(), request.size.height()}},
        {QStringLiteral("synced"), settled},
        {QStringLiteral("pages"), pages},
    };
    QFile manifestFile(out.filePath(QStringLiteral("snapshot.json")));
    if (!manifestFile.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || manifestFile.write(QJsonDocument(manifest).toJson()) < 0) {
        std::cerr << "gantry snapshot: cannot write " << manifestFile.fileName().toStdString() << "\n";
        written = false;
    }
    manifestFile.close();
    session.stop();
    if (!written)
        return exitOutput;
    return settled ? 0 : exitNotSynced;
}

} // namespace gantry

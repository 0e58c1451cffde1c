#include "app/commandline.h"
#include "app/consolesession.h"
#include "app/displaycheck.h"
#include "app/dumpcommand.h"
#include "app/mainwindow.h"
#include "app/unixsignalwatcher.h"
#include "widgets/connectionbar.h"
#include "backend/core/buildinfo.h"

#include <QApplication>
#include <QTextStream>

#include <cstdio>

namespace {

QStringList rawArguments(int argc, char **argv)
{
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Gantry"));
    QCoreApplication::setApplicationName(QStringLiteral("gantry"));
    QCoreApplication::setApplicationVersion(QString::fromStdString(gantry::buildinfo::versionLine()));

    QTextStream out(stdout);
    QTextStream err(stderr);

    // First pass without any application object: --help and --version must work
    // on machines that have no display at all.
    const QStringList arguments = rawArguments(argc, argv);
    // Headless commands come first: they never need a display.
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("dump")) {
        QCoreApplication app(argc, argv);
        return gantry::runDumpCommand(arguments);
    }
    const gantry::CommandLineResult early = gantry::parseCommandLine(arguments);
    if (early.ok && early.options.showHelp) {
        out << gantry::commandLineHelp();
        return 0;
    }
    if (early.ok && early.options.showVersion) {
        out << "gantry " << QCoreApplication::applicationVersion() << '\n';
        return 0;
    }
    const bool hasDisplay = gantry::displayAvailable(QProcessEnvironment::systemEnvironment(), arguments);
    if (!early.ok && !hasDisplay) {
        err << "gantry: " << early.error << '\n';
        return 2;
    }
    if (!hasDisplay) {
        err << gantry::noDisplayMessage();
        return 3;
    }

    QApplication app(argc, argv);
    // QApplication has removed its own arguments (-platform, -style, …); what is
    // left must all be ours.
    const gantry::CommandLineResult parsed = gantry::parseCommandLine(QApplication::arguments());
    if (!parsed.ok) {
        err << "gantry: " << parsed.error << '\n';
        return 2;
    }

    gantry::UnixSignalWatcher signalWatcher;
    gantry::MainWindow window;
    QObject::connect(&signalWatcher, &gantry::UnixSignalWatcher::terminationRequested, &window,
                     &QWidget::close);
    window.show();

    const gantry::CommandLineOptions &options = parsed.options;
    gantry::ConsoleOptions console;
    console.kubeconfig = options.kubeconfig;
    console.context = options.context;
    console.namespaceName = options.namespaceName;
    console.prometheusUrl = options.prometheusUrl;
    console.metricsUrl = options.metricsUrl;
    console.readOnly = options.readOnly;
    console.demo = options.demo;
    if (!options.demoScenario.isEmpty())
        console.demoScenario = options.demoScenario;
    console.demoSpeed = options.demoSpeed;

    gantry::ConsoleSession session;
    bool live = false;
    QObject::connect(&session, &gantry::ConsoleSession::snapshotReady, &window,
                     [&](const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot) {
                         window.applySnapshot(snapshot);
                         if (!live) {
                             live = true;
                             window.connectionBar()->setState(gantry::ConnectionBar::State::Live, session.contextName());
                         }
                     });
    const QString error = session.start(console);
    if (error.isEmpty()) {
        window.setMetricsSource(session.metricsSource());
        window.connectionBar()->setState(gantry::ConnectionBar::State::Connecting, session.contextName());
    } else {
        err << "gantry: " << error << '\n';
        err.flush();
        window.showConnectionError(error);
    }
    const int code = QApplication::exec();
    session.stop();
    return code;
}

#include "app/commandline.h"
#include "app/configfile.h"
#include "app/consolesession.h"
#include "app/demopresenter.h"
#include "app/displaycheck.h"
#include "app/dumpcommand.h"
#include "app/mainwindow.h"
#include "app/memoryreturn.h"
#include "app/snapshotcommand.h"
#include "app/settings.h"
#include "app/unixsignalwatcher.h"
#include "widgets/connectionbar.h"
#include "widgets/theme.h"
#include "backend/core/buildinfo.h"

#include <QApplication>
#include <QScreen>
#include <QTextStream>

#include <cstdio>
#include <memory>
#include <optional>

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
    gantry::MemoryReturn::limitArenas();
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
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("snapshot")) {
        // Renders off screen whatever the session has; a display is never needed.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        return gantry::runSnapshotCommand(arguments);
    }
    // A --config file gives the defaults; the command line overrides them.
    gantry::CommandLineOptions base;
    if (const QString configFile = gantry::configFileArgument(arguments); !configFile.isEmpty()) {
        if (const QString error = gantry::loadConfigFile(configFile, base); !error.isEmpty()) {
            err << "gantry: " << error << '\n';
            return 2;
        }
    }
    const gantry::CommandLineResult early = gantry::parseCommandLine(arguments, base);
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
    // Lets Wayland desktops match the window to its desktop entry and icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.gantry.Gantry"));
    // QApplication has removed its own arguments (-platform, -style, …); what is
    // left must all be ours.
    const gantry::CommandLineResult parsed = gantry::parseCommandLine(QApplication::arguments(), base);
    if (!parsed.ok) {
        err << "gantry: " << parsed.error << '\n';
        return 2;
    }
    const gantry::CommandLineOptions &options = parsed.options;

    // The wall screen is dark unless told otherwise; the desktop keeps the last choice.
    QString themeChoice = options.theme;
    if (themeChoice.isEmpty())
        themeChoice = options.kiosk ? QStringLiteral("dark") : gantry::Settings::theme();
    gantry::applyTheme(app, gantry::themeFromName(themeChoice).value_or(gantry::Theme::Light));

    gantry::UnixSignalWatcher signalWatcher;
    // A wall screen runs for weeks: freed memory goes back to the system once a minute.
    gantry::MemoryReturn memoryReturn(std::chrono::minutes(1));
    gantry::MainWindow window(options.kiosk ? gantry::MainWindow::Mode::Kiosk : gantry::MainWindow::Mode::Desktop);
    QObject::connect(&signalWatcher, &gantry::UnixSignalWatcher::terminationRequested, &window,
                     &QWidget::close);

    gantry::ConsoleOptions console;
    console.kubeconfig = options.kubeconfig;
    console.context = options.context;
    console.namespaceName = options.namespaceName;
    console.prometheusUrl = options.prometheusUrl;
    console.metricsUrl = options.metricsUrl;
    console.metricsHistorySeconds = options.metricsHistorySeconds;
    console.readOnly = options.readOnly;
    console.demo = options.demo;
    if (!options.demoScenario.isEmpty())
        console.demoScenario = options.demoScenario;
    console.demoSpeed = options.demoSpeed;

    gantry::ConsoleSession session;
    QObject::connect(&session, &gantry::ConsoleSession::snapshotReady, &window, &gantry::MainWindow::applySnapshot);
    QObject::connect(&session, &gantry::ConsoleSession::healthChanged, &window,
                     &gantry::MainWindow::setConnectionHealth);
    // State changes go to the log too: a wall screen's journal says when it lost the cluster.
    auto loggedState = std::make_shared<std::optional<gantry::fleet::ConnectionHealth::State>>();
    QObject::connect(&session, &gantry::ConsoleSession::healthChanged, &window,
                     [&err, loggedState](const gantry::fleet::ConnectionHealth &health) {
                         using State = gantry::fleet::ConnectionHealth::State;
                         if (*loggedState == health.state || health.state == State::Syncing)
                             return;
                         *loggedState = health.state;
                         err << "gantry: connection: " << QString::fromStdString(health.summary);
                         if (!health.problem.empty())
                             err << " (" << QString::fromStdString(health.problem) << ')';
                         err << Qt::endl;
                     });

    // Without --context, the context of the last connection that worked, if the kubeconfig still has it.
    QString error;
    gantry::DemoPresenter *presenter = nullptr;
    const QString lastContext = gantry::Settings::lastContext();
    if (console.context.isEmpty() && !console.demo && !lastContext.isEmpty()) {
        gantry::ConsoleOptions remembered = console;
        remembered.context = lastContext;
        error = session.start(remembered);
    }
    if (!session.fleetSession())
        error = session.start(console);
    if (error.isEmpty()) {
        window.setMetricsSource(session.metricsSource());
        window.setActionContext(session.actionContext(), options.namespaceName, session.readOnly(),
                                session.readOnlyReason());
        window.connectionBar()->setDetails(session.details());
        window.connectionBar()->setState(gantry::ConnectionBar::State::Connecting);
        if (!console.demo)
            gantry::Settings::setLastContext(session.contextName());
        // The presenter's remote; a wall screen plays the demo without one.
        if (console.demo && !options.kiosk)
            presenter = new gantry::DemoPresenter(&window, &session, console);
    } else {
        err << "gantry: " << error << '\n';
        err.flush();
        window.showConnectionError(error);
    }

    if (options.kiosk) {
        QVector<gantry::MainWindow::Page> pages;
        const QStringList names = options.kioskPages.isEmpty() ? gantry::knownPageNames() : options.kioskPages;
        for (const QString &name : names)
            pages.append(static_cast<gantry::MainWindow::Page>(gantry::knownPageNames().indexOf(name)));
        window.setRotation(pages, options.rotateSeconds * 1000);
        const QList<QScreen *> screens = QGuiApplication::screens();
        if (options.screen >= screens.size())
            err << "gantry: there is no screen " << options.screen << " (this display has " << screens.size()
                << "); using the primary one\n";
        else if (options.screen >= 0)
            window.setGeometry(screens.at(options.screen)->geometry());
        window.showFullScreen();
    } else {
        window.show();
    }
    const int code = QApplication::exec();
    delete presenter; // its controller may be fast-forwarding the simulator the session owns
    session.stop();
    return code;
}

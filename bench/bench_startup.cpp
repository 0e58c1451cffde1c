// Console start to the first painted window, before any data arrives. The
// program runs itself as a child (exec'd, so dynamic loading and static
// initialisation count) that does what gantry's main() does for a desktop
// session, in the same order: application, theme, MainWindow, ConsoleSession
// started against a cluster (here one that refuses connections, so no data
// ever arrives), window shown. The child reports when its first frame was
// painted and flushed. Also times `gantry --version`: the cost of starting the
// executable and its libraries at all.
//
//   bench_startup [GANTRY_EXECUTABLE]
#include "app/consolesession.h"
#include "app/mainwindow.h"
#include "app/settings.h"
#include "widgets/theme.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QWindow>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

constexpr int runs = 10;

long long monotonicNs()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

// Notes when the window's first frame is done: the first expose or update of
// its native window during which a widget of it was painted.
class FirstFrameApplication : public QApplication
{
public:
    using QApplication::QApplication;

    QWidget *window = nullptr;
    long long firstFrameNs = 0;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && window && receiver->isWidgetType()
            && static_cast<QWidget *>(receiver)->window() == window)
            m_painted = true;
        const bool handled = QApplication::notify(receiver, event);
        if (firstFrameNs == 0 && m_painted && window && receiver == window->windowHandle()
            && (event->type() == QEvent::Expose || event->type() == QEvent::UpdateRequest)) {
            firstFrameNs = monotonicNs();
            QMetaObject::invokeMethod(this, &QCoreApplication::quit, Qt::QueuedConnection);
        }
        return handled;
    }

private:
    bool m_painted = false;
};

// The child: main.cpp's desktop path up to the first frame. Prints
// "<ns at main> <ns window built> <ns session started> <ns first frame>".
int child(int argc, char **argv, const QString &kubeconfig)
{
    const long long atMain = monotonicNs();
    QCoreApplication::setOrganizationName(QStringLiteral("Gantry"));
    QCoreApplication::setApplicationName(QStringLiteral("gantry"));
    FirstFrameApplication app(argc, argv);
    QGuiApplication::setDesktopFileName(QStringLiteral("io.gantry.Gantry"));
    gantry::applyTheme(app, gantry::themeFromName(gantry::Settings::theme()).value_or(gantry::Theme::Light));
    gantry::MainWindow window(gantry::MainWindow::Mode::Desktop);
    const long long built = monotonicNs();

    gantry::ConsoleSession session;
    QObject::connect(&session, &gantry::ConsoleSession::snapshotReady, &window, &gantry::MainWindow::applySnapshot);
    QObject::connect(&session, &gantry::ConsoleSession::healthChanged, &window, &gantry::MainWindow::setConnectionHealth);
    gantry::ConsoleOptions console;
    console.kubeconfig = kubeconfig;
    const QString error = session.start(console);
    if (error.isEmpty()) {
        window.setMetricsSource(session.metricsSource());
        window.setActionContext(session.actionContext(), {}, session.readOnly(), session.readOnlyReason());
        window.connectionBar()->setDetails(session.details());
        window.connectionBar()->setState(gantry::ConnectionBar::State::Connecting);
    } else {
        window.showConnectionError(error);
    }
    const long long started = monotonicNs();
    app.window = &window;
    window.show();
    QApplication::exec();
    std::printf("%lld %lld %lld %lld\n", atMain, built, started, app.firstFrameNs);
    std::fflush(stdout);
    session.stop();
    return app.firstFrameNs > 0 ? 0 : 1;
}

// Runs `arguments` and returns its stdout (its stderr goes to `errors`); `spawned`
// gets the time just before the spawn.
std::string spawnAndRead(std::vector<std::string> arguments, const std::string &errors, long long *spawned, int *status)
{
    int out[2];
    if (::pipe(out) != 0)
        return {};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char *> argv;
    for (std::string &argument : arguments)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    *spawned = monotonicNs();
    pid_t pid = -1;
    const int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::string text;
    char buffer[512];
    for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;)
        text.append(buffer, static_cast<std::size_t>(n));
    ::close(out[0]);
    *status = -1;
    if (failed == 0)
        ::waitpid(pid, status, 0);
    return text;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    if (argc > 2 && std::string(argv[1]) == "--child")
        return child(argc, argv, QString::fromLocal8Bit(argv[2]));

    // A cluster that is not there: the console must paint without waiting for it.
    QTemporaryDir scratch;
    const QString kubeconfig = QDir(scratch.path()).filePath(QStringLiteral("kubeconfig"));
    QFile file(kubeconfig);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write("apiVersion: v1\nkind: Config\ncurrent-context: away\n"
               "clusters:\n- name: away\n  cluster:\n    server: https://127.0.0.1:9\n    insecure-skip-tls-verify: true\n"
               "users:\n- name: operator\n  user:\n    token: not-a-real-token\n"
               "contexts:\n- name: away\n  context:\n    cluster: away\n    user: operator\n");
    file.close();
    ::setenv("XDG_CONFIG_HOME", QDir(scratch.path()).filePath(QStringLiteral("config")).toLocal8Bit().constData(), 1);
    ::setenv("XDG_DATA_HOME", QDir(scratch.path()).filePath(QStringLiteral("data")).toLocal8Bit().constData(), 1);
    ::setenv("XDG_RUNTIME_DIR", scratch.path().toLocal8Bit().constData(), 1);
    const std::string errors = QDir(scratch.path()).filePath(QStringLiteral("stderr.log")).toStdString();
    if (!std::getenv("QT_QPA_PLATFORM"))
        ::setenv("QT_QPA_PLATFORM", "offscreen", 1);

    char self[4096];
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0)
        return 1;
    self[length] = '\0';

    std::vector<double> toMain, toWindow, toSession, toFrame;
    for (int i = 0; i < runs + 1; ++i) {
        long long spawned = 0;
        int status = 0;
        const std::string line = spawnAndRead({self, "--child", kubeconfig.toStdString()}, errors, &spawned, &status);
        long long atMain = 0, built = 0, started = 0, frame = 0;
        if (std::sscanf(line.c_str(), "%lld %lld %lld %lld", &atMain, &built, &started, &frame) != 4 || frame == 0) {
            std::fprintf(stderr, "bench_startup: the child painted nothing (status %d); its output is in %s\n", status,
                         errors.c_str());
            scratch.setAutoRemove(false);
            return 1;
        }
        if (i == 0)
            continue; // the first run warms the page cache
        toMain.push_back(static_cast<double>(atMain - spawned) / 1e6);
        toWindow.push_back(static_cast<double>(built - spawned) / 1e6);
        toSession.push_back(static_cast<double>(started - spawned) / 1e6);
        toFrame.push_back(static_cast<double>(frame - spawned) / 1e6);
    }
    std::printf("console start, medians of %d runs (ms after exec):\n", runs);
    std::printf("  main() entered (loading, static init)   %7.1f\n", median(toMain));
    std::printf("  QApplication, theme, MainWindow built    %7.1f\n", median(toWindow));
    std::printf("  ConsoleSession started                   %7.1f\n", median(toSession));
    std::printf("  first frame painted                      %7.1f\n", median(toFrame));

    double versionMs = -1;
    if (argc > 1) {
        std::vector<double> versions;
        for (int i = 0; i < runs + 1; ++i) {
            long long spawned = 0;
            int status = 0;
            spawnAndRead({argv[1], "--version"}, errors, &spawned, &status);
            if (i > 0 && status == 0)
                versions.push_back(static_cast<double>(monotonicNs() - spawned) / 1e6);
        }
        versionMs = median(versions);
        std::printf("`gantry --version` exec to exit            %7.1f\n", versionMs);
    }
    std::printf("RESULT startup first_frame_ms=%.1f main_ms=%.1f version_ms=%.1f\n", median(toFrame), median(toMain),
                versionMs);
    return 0;
}

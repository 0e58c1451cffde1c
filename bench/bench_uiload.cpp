// The whole console under sustained watch load: the real main window and
// ConsoleSession (informers, fleet derivation, coalesced snapshot delivery)
// connected to gantry-sim's large.yaml in a child process, while the server
// writes pod readiness flaps, kubelet Warning events and node heartbeats at a
// fixed rate (ClusterChurn). Offscreen, on the Models page with one service's
// replicas shown, as an operator would watch it. Prints:
//  - the console's initial sync to a full window, and its resident memory;
//  - events/s the client took in, the UI thread's busy share and its longest
//    stall (see MeteredApplication), the snapshot applies' cost;
//  - event-to-model latency p50/p99: from the server's store write to the
//    model showing it (a replica's restart count in the replicas table, a
//    Warning event's row in the events table);
//  - one full paint of each page at full scale, with the live data.
//
//   bench_uiload [RATE [SECONDS]]     (default 2000 writes/s for 40 s)
#include "app/consolesession.h"
#include "app/mainwindow.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/fleetsession.h"
#include "backend/fleet/notableevents.h"
#include "largecluster.h"
#include "processmemory.h"
#include "uiloopmeter.h"
#include "widgets/events/eventtablemodel.h"
#include "widgets/models/deploymenttablemodel.h"
#include "widgets/models/modelspage.h"
#include "widgets/models/replicatablemodel.h"
#include "widgets/pageframe.h"
#include "widgets/theme.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPixmap>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

namespace {

using gantry::bench::monotonicNanoseconds;

constexpr const char *probeService = "team-0/h100-svc-000";

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size()))) - 1;
    return values[std::min(rank, values.size() - 1)];
}

// Runs the event loop until `done` or `timeoutMs`; false on timeout.
template <typename Predicate>
bool runUntil(Predicate done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        if (!done())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// What the models showed of the probes, and when (CLOCK_MONOTONIC ns).
struct ProbeSightings
{
    std::vector<std::pair<int, long long>> restarts; ///< (max restart count shown, when)
    std::map<int, long long> events;                 ///< probe number → when its row appeared
};

void watchProbes(gantry::ReplicaTableModel *replicas, gantry::EventTableModel *events, ProbeSightings &seen)
{
    const auto lookAtReplicas = [replicas, &seen] {
        int highest = -1;
        for (int row = 0; row < replicas->rowCount(); ++row)
            highest = std::max(highest, replicas->data(replicas->index(row, gantry::ReplicaTableModel::Restarts),
                                                        gantry::ReplicaTableModel::SortRole)
                                            .toInt());
        if (highest > 0 && (seen.restarts.empty() || seen.restarts.back().first != highest))
            seen.restarts.emplace_back(highest, monotonicNanoseconds());
    };
    QObject::connect(replicas, &QAbstractItemModel::dataChanged, replicas, lookAtReplicas);
    QObject::connect(replicas, &QAbstractItemModel::rowsInserted, replicas, lookAtReplicas);
    QObject::connect(replicas, &QAbstractItemModel::modelReset, replicas, lookAtReplicas);
    QObject::connect(events, &QAbstractItemModel::rowsInserted, events,
                     [events, &seen](const QModelIndex &, int first, int last) {
                         const long long now = monotonicNanoseconds();
                         for (int row = first; row <= last; ++row) {
                             const auto event = events->event(row);
                             if (event && event->reason == "BenchmarkProbe" && event->message.rfind("probe ", 0) == 0)
                                 seen.events.emplace(std::stoi(event->message.substr(6)), now);
                         }
                     });
}

struct ProbeLatencies
{
    std::vector<double> podMs, eventMs;
    int podMissed = 0, eventMissed = 0;
};

// A pod probe shows once the table shows its number or a later one (two probes
// in one snapshot show only the later number).
ProbeLatencies matchProbes(const std::vector<std::string> &reports, const ProbeSightings &seen)
{
    ProbeLatencies latencies;
    for (const std::string &line : reports) {
        std::istringstream words(line);
        std::string kind;
        int number = 0;
        long long written = 0;
        words >> kind >> number >> written;
        if (kind == "pod") {
            const auto sighting = std::find_if(seen.restarts.begin(), seen.restarts.end(),
                                               [number](const auto &s) { return s.first >= number; });
            if (sighting == seen.restarts.end())
                ++latencies.podMissed;
            else
                latencies.podMs.push_back(static_cast<double>(sighting->second - written) / 1e6);
        } else if (kind == "event") {
            const auto sighting = seen.events.find(number);
            if (sighting == seen.events.end())
                ++latencies.eventMissed;
            else
                latencies.eventMs.push_back(static_cast<double>(sighting->second - written) / 1e6);
        }
    }
    return latencies;
}

double paintPageMs(gantry::MainWindow &window, gantry::MainWindow::Page page)
{
    window.setCurrentPage(page);
    QCoreApplication::processEvents(); // layout for the page first: the paint alone is timed
    QElapsedTimer timer;
    timer.start();
    const QPixmap pixmap = window.grab();
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    const double rate = argc > 1 ? std::atof(argv[1]) : 2000;
    const double seconds = argc > 2 ? std::atof(argv[2]) : 40;

    // The server first, while this process has no threads to lose in the fork.
    gantry::bench::ClusterOptions clusterOptions;
    clusterOptions.scenarioPath = GANTRY_SCENARIOS_DIR "/large.yaml";
    clusterOptions.kubeconfigPath = "/tmp/gantry-bench-uiload.kubeconfig";
    gantry::bench::LargeCluster cluster;
    std::string error;
    const auto ready = cluster.start(clusterOptions, &error);
    if (!ready) {
        std::fprintf(stderr, "bench_uiload: %s\n", error.c_str());
        return 1;
    }
    std::printf("server: %zu nodes, %zu pods, %zu InferenceServices, %zu events\n", ready->nodes, ready->pods,
                ready->inferenceServices, ready->events);

    // The window's settings and the audit log go to a scratch folder, not the user's.
    QTemporaryDir scratch;
    qputenv("XDG_CONFIG_HOME", QDir(scratch.path()).filePath(QStringLiteral("config")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", QDir(scratch.path()).filePath(QStringLiteral("data")).toLocal8Bit());
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    gantry::bench::MeteredApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Gantry"));
    QCoreApplication::setApplicationName(QStringLiteral("gantry"));
    gantry::applyTheme(app, gantry::Theme::Light);

    // As main.cpp wires them.
    QElapsedTimer sinceStart;
    sinceStart.start();
    gantry::MainWindow window;
    window.resize(1600, 1000);
    gantry::ConsoleSession session;
    std::vector<double> applyMs;
    bool collectApplies = false;
    std::shared_ptr<const gantry::fleet::FleetSnapshot> lastSnapshot;
    QObject::connect(&session, &gantry::ConsoleSession::snapshotReady, &window,
                     [&](const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot) {
                         QElapsedTimer timer;
                         timer.start();
                         window.applySnapshot(snapshot);
                         if (collectApplies)
                             applyMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
                         lastSnapshot = snapshot;
                     });
    QObject::connect(&session, &gantry::ConsoleSession::healthChanged, &window, &gantry::MainWindow::setConnectionHealth);
    gantry::ConsoleOptions console;
    console.kubeconfig = QString::fromStdString(cluster.kubeconfigPath());
    console.context = QStringLiteral("gantry-viewer");
    console.readOnly = true;
    error = session.start(console).toStdString();
    if (!error.empty()) {
        std::fprintf(stderr, "bench_uiload: %s\n", error.c_str());
        return 1;
    }
    window.setActionContext(session.actionContext(), {}, session.readOnly(), session.readOnlyReason());
    window.connectionBar()->setDetails(session.details());
    window.show();

    // Initial sync: every deployment with all its replicas in the window.
    const std::size_t wantedReplicas = ready->pods - ready->nodes; // one exporter pod per node
    const bool synced = runUntil(
        [&] {
            if (!lastSnapshot || !lastSnapshot->deployments)
                return false;
            std::size_t replicas = 0;
            for (const auto &deployment : lastSnapshot->deployments->deployments)
                replicas += deployment->replicas.size();
            return lastSnapshot->deployments->deployments.size() == ready->inferenceServices && replicas >= wantedReplicas;
        },
        180000);
    const double syncSeconds = static_cast<double>(sinceStart.nsecsElapsed()) / 1e9;
    if (!synced) {
        std::fprintf(stderr, "bench_uiload: the window did not show the whole fleet within 3 minutes\n");
        return 1;
    }
    std::printf("console start to a full window:  %.3f s (resident %.0f MB, peak %.0f MB)\n", syncSeconds,
                gantry::bench::residentKiB("VmRSS:") / 1024.0, gantry::bench::residentKiB("VmHWM:") / 1024.0);

    // Let the first round of cold-start log reads finish, as on a console that has been up a while.
    auto *fleetSession = session.fleetSession();
    std::uint64_t logReads = fleetSession->logReads();
    for (int quiet = 0; quiet < 4;) {
        runFor(500);
        const std::uint64_t now = fleetSession->logReads();
        quiet = now == logReads ? quiet + 1 : 0;
        logReads = now;
    }

    std::printf("page paints at full scale (one grab of the whole window, 1600x1000):\n");
    for (const auto &[page, name] : {std::pair{gantry::MainWindow::GpuPoolsPage, "GPU pools"},
                                     std::pair{gantry::MainWindow::ModelsPage, "Models"},
                                     std::pair{gantry::MainWindow::ColdStartsPage, "Cold starts"},
                                     std::pair{gantry::MainWindow::EventsPage, "Events"}})
        std::printf("  %-12s %7.1f ms\n", name, paintPageMs(window, page));

    // The operator's view during the load: the Models page with the probe service selected.
    window.setCurrentPage(gantry::MainWindow::ModelsPage);
    if (!window.modelsPage()->selectKey(QString::fromLatin1(probeService))) {
        std::fprintf(stderr, "bench_uiload: %s is not on the Models page\n", probeService);
        return 1;
    }
    auto *replicas = window.findChild<gantry::ReplicaTableModel *>();
    auto *events = window.findChild<gantry::EventTableModel *>();
    if (!replicas || !events) {
        std::fprintf(stderr, "bench_uiload: the window has no replicas or events table\n");
        return 1;
    }
    ProbeSightings seen;
    watchProbes(replicas, events, seen);
    std::atomic<std::uint64_t> received{0};
    const int subscription = fleetSession->store().subscribe(
        [&received](const gantry::kube::ChangeBatch &batch) { received += batch.size(); });
    runFor(1000);

    // The load: the server writes for `seconds`; the UI thread runs its event loop meanwhile.
    std::vector<std::string> reports;
    std::string doneLine;
    std::mutex reportsMutex;
    cluster.startChurn(rate, seconds);
    std::thread reader([&] {
        for (;;) {
            std::string line = cluster.readLine(std::chrono::milliseconds(static_cast<int>(seconds * 1000) + 60000));
            std::lock_guard lock(reportsMutex);
            if (line.empty() || line.rfind("done", 0) == 0) {
                doneLine = line;
                return;
            }
            reports.push_back(std::move(line));
        }
    });
    const std::uint64_t receivedBefore = received;
    collectApplies = true;
    app.startMetering();
    runFor(static_cast<int>(seconds * 1000));
    const gantry::bench::LoopFigures loop = app.stopMetering();
    const std::uint64_t receivedDuring = received - receivedBefore;
    // The last writes and probes still on their way.
    runFor(1500);
    collectApplies = false;
    reader.join();
    fleetSession->store().unsubscribe(subscription);

    std::uint64_t serverWrites = 0;
    {
        std::istringstream done(doneLine);
        std::string verb;
        done >> verb >> serverWrites;
    }
    const ProbeLatencies latencies = matchProbes(reports, seen);
    const double eventsPerSecond = static_cast<double>(receivedDuring) / loop.wallSeconds;
    const double applyTotal = [&] {
        double total = 0;
        for (double ms : applyMs)
            total += ms;
        return total;
    }();

    std::printf("watch load: server wrote %llu objects in %.0f s (%.0f/s); the client took in %.0f events/s\n",
                static_cast<unsigned long long>(serverWrites), seconds, static_cast<double>(serverWrites) / seconds,
                eventsPerSecond);
    std::printf("UI thread: busy %.1f%% of wall time (its own CPU %.1f%%), %llu dispatches\n", loop.busyShare() * 100,
                loop.cpuShare() * 100, static_cast<unsigned long long>(loop.dispatches));
    std::printf("UI thread: longest stall %.1f ms, longest single dispatch %.1f ms, heartbeat late by %.1f ms at most\n",
                loop.longestStallMs, loop.longestDispatchMs, loop.heartbeatLateMs);
    std::printf("snapshot applies: %zu (%.1f/s), median %.1f ms, p99 %.1f ms, max %.1f ms, %.1f%% of wall time\n",
                applyMs.size(), static_cast<double>(applyMs.size()) / loop.wallSeconds, percentile(applyMs, 0.5),
                percentile(applyMs, 0.99), percentile(applyMs, 1.0), applyTotal / 1000 / loop.wallSeconds * 100);
    std::printf("event to model, pod restart count:  p50 %.0f ms, p99 %.0f ms, max %.0f ms (%zu probes, %d not seen)\n",
                percentile(latencies.podMs, 0.5), percentile(latencies.podMs, 0.99), percentile(latencies.podMs, 1.0),
                latencies.podMs.size(), latencies.podMissed);
    std::printf("event to model, Warning event row:  p50 %.0f ms, p99 %.0f ms, max %.0f ms (%zu probes, %d not seen)\n",
                percentile(latencies.eventMs, 0.5), percentile(latencies.eventMs, 0.99),
                percentile(latencies.eventMs, 1.0), latencies.eventMs.size(), latencies.eventMissed);
    std::vector<double> all = latencies.podMs;
    all.insert(all.end(), latencies.eventMs.begin(), latencies.eventMs.end());
    const long peakKiB = gantry::bench::residentKiB("VmHWM:");
    std::printf("console resident: %.0f MB now, peak %.0f MB\n", gantry::bench::residentKiB("VmRSS:") / 1024.0,
                peakKiB / 1024.0);
    std::printf("RESULT uiload rate=%.0f events_per_s=%.0f busy_pct=%.1f cpu_pct=%.1f stall_ms=%.1f heartbeat_late_ms=%.1f "
                "latency_p50_ms=%.0f latency_p99_ms=%.0f sync_s=%.3f peak_mb=%.0f\n",
                static_cast<double>(serverWrites) / seconds, eventsPerSecond, loop.busyShare() * 100,
                loop.cpuShare() * 100, loop.longestStallMs, loop.heartbeatLateMs, percentile(all, 0.5),
                percentile(all, 0.99), syncSeconds, peakKiB / 1024.0);
    session.stop();
    return 0;
}

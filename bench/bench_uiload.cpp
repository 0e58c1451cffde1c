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
//  - paints of each page at full scale, with the live data, and where a
//    snapshot apply's time goes page by page (pagereplay.h).
//
//   bench_uiload [RATE:SECONDS ...]   (default 2000:40, one load phase each)
#include "app/consolesession.h"
#include "app/mainwindow.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/fleetsession.h"
#include "backend/fleet/notableevents.h"
#include "largecluster.h"
#include "pagereplay.h"
#include "processmemory.h"
#include "uiloopmeter.h"
#include "widgets/events/eventtablemodel.h"
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
#include <deque>
#include <cstdio>
#include <map>
#include <sstream>
#include <thread>
#include <vector>

namespace {

using gantry::bench::monotonicNanoseconds;
using gantry::bench::percentile;
using gantry::bench::probeService;

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

struct PagePaint
{
    double firstMs = 0;  ///< the page's first paint: polish, layout, glyph caches
    double repaintMs = 0; ///< median of three more
};

PagePaint paintPage(gantry::MainWindow &window, gantry::MainWindow::Page page)
{
    window.setCurrentPage(page);
    QCoreApplication::processEvents(); // layout for the page first: the paint alone is timed
    std::vector<double> times;
    for (int i = 0; i < 4; ++i) {
        QElapsedTimer timer;
        timer.start();
        const QPixmap pixmap = window.grab();
        times.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    return {times.front(), percentile({times.begin() + 1, times.end()}, 0.5)};
}

// What the window's snapshot slot did while a load phase was measured.
struct ApplyRecorder
{
    static constexpr std::size_t keptSnapshots = 30; ///< the last ones, for the page-by-page replay
    bool collecting = false;
    std::vector<double> applyMs;
    std::deque<std::shared_ptr<const gantry::fleet::FleetSnapshot>> kept;
    gantry::bench::PartChanges changes;
    std::shared_ptr<const gantry::fleet::FleetSnapshot> last;

    void record(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot, double ms)
    {
        if (collecting) {
            applyMs.push_back(ms);
            const gantry::bench::PartChanges counted = gantry::bench::countChanges({last, snapshot});
            changes.pools += counted.pools;
            changes.deployments += counted.deployments;
            changes.coldStarts += counted.coldStarts;
            changes.events += counted.events;
            kept.push_back(snapshot);
            if (kept.size() > keptSnapshots)
                kept.pop_front();
        }
        last = snapshot;
    }
    void reset()
    {
        applyMs.clear();
        kept.clear();
        changes = {};
    }
};

struct Phase
{
    double rate = 2000;
    double seconds = 40;
};

// One load phase: the server writes at `phase.rate` for `phase.seconds` while
// the UI thread runs its event loop; then the figures.
void runPhase(const Phase &phase, gantry::bench::LargeCluster &cluster, gantry::bench::MeteredApplication &app,
              gantry::fleet::FleetSession &fleetSession, ApplyRecorder &applies, ProbeSightings &seen)
{
    seen = {};
    applies.reset();
    std::atomic<std::uint64_t> received{0};
    const int subscription = fleetSession.store().subscribe(
        [&received](const gantry::kube::ChangeBatch &batch) { received += batch.size(); });
    std::vector<std::string> reports;
    std::string doneLine;
    cluster.startChurn(phase.rate, phase.seconds);
    std::thread reader([&] {
        for (;;) {
            std::string line = cluster.readLine(std::chrono::milliseconds(static_cast<int>(phase.seconds * 1000) + 60000));
            if (line.empty() || line.rfind("done", 0) == 0) {
                doneLine = line;
                return;
            }
            reports.push_back(std::move(line));
        }
    });
    applies.collecting = true;
    app.startMetering();
    runFor(static_cast<int>(phase.seconds * 1000));
    const gantry::bench::LoopFigures loop = app.stopMetering();
    const std::uint64_t receivedDuring = received;
    runFor(1500); // the last writes and probes still on their way
    applies.collecting = false;
    reader.join(); // after "done": `reports` and `doneLine` are this thread's again
    fleetSession.store().unsubscribe(subscription);

    std::uint64_t serverWrites = 0;
    {
        std::istringstream done(doneLine);
        std::string verb;
        done >> verb >> serverWrites;
    }
    const ProbeLatencies latencies = matchProbes(reports, seen);
    const double eventsPerSecond = static_cast<double>(receivedDuring) / loop.wallSeconds;
    double applyTotal = 0;
    for (double ms : applies.applyMs)
        applyTotal += ms;

    std::printf("\nwatch load %.0f/s: server wrote %llu objects in %.0f s (%.0f/s); the client took in %.0f events/s\n",
                phase.rate, static_cast<unsigned long long>(serverWrites), phase.seconds,
                static_cast<double>(serverWrites) / phase.seconds, eventsPerSecond);
    std::printf("UI thread: busy %.1f%% of wall time (its own CPU %.1f%%), %llu dispatches\n", loop.busyShare() * 100,
                loop.cpuShare() * 100, static_cast<unsigned long long>(loop.dispatches));
    std::printf("UI thread: longest stall %.1f ms, longest single dispatch %.1f ms, heartbeat late by %.1f ms at most\n",
                loop.longestStallMs, loop.longestDispatchMs, loop.heartbeatLateMs);
    std::printf("snapshot applies: %zu (%.1f/s), median %.1f ms, p99 %.1f ms, max %.1f ms, %.1f%% of wall time\n",
                applies.applyMs.size(), static_cast<double>(applies.applyMs.size()) / loop.wallSeconds,
                percentile(applies.applyMs, 0.5), percentile(applies.applyMs, 0.99), percentile(applies.applyMs, 1.0),
                applyTotal / 1000 / loop.wallSeconds * 100);
    std::printf("snapshot parts that changed: pools %d, deployments %d, cold starts %d, events %d (of %zu)\n",
                applies.changes.pools, applies.changes.deployments, applies.changes.coldStarts, applies.changes.events,
                applies.applyMs.size());
    std::printf("event to model, pod restart count:  p50 %.0f ms, p99 %.0f ms, max %.0f ms (%zu probes, %d not seen)\n",
                percentile(latencies.podMs, 0.5), percentile(latencies.podMs, 0.99), percentile(latencies.podMs, 1.0),
                latencies.podMs.size(), latencies.podMissed);
    std::printf("event to model, Warning event row:  p50 %.0f ms, p99 %.0f ms, max %.0f ms (%zu probes, %d not seen)\n",
                percentile(latencies.eventMs, 0.5), percentile(latencies.eventMs, 0.99),
                percentile(latencies.eventMs, 1.0), latencies.eventMs.size(), latencies.eventMissed);
    const long peakKiB = gantry::bench::residentKiB("VmHWM:");
    std::printf("console resident: peak %.0f MB so far (with the %zu snapshots kept for the replay)\n", peakKiB / 1024.0,
                ApplyRecorder::keptSnapshots);
    std::printf("page by page, the last %zu snapshots fed again to hidden pages (ms per snapshot):\n",
                applies.kept.size());
    for (const gantry::bench::PageCost &cost : gantry::bench::replayPages({applies.kept.begin(), applies.kept.end()}))
        std::printf("  %-12s median %6.1f  p99 %6.1f  max %6.1f\n", cost.page.c_str(), cost.medianMs, cost.p99Ms,
                    cost.maxMs);
    applies.kept.clear();

    std::vector<double> all = latencies.podMs;
    all.insert(all.end(), latencies.eventMs.begin(), latencies.eventMs.end());
    std::printf("RESULT uiload rate=%.0f events_per_s=%.0f busy_pct=%.1f cpu_pct=%.1f stall_ms=%.1f "
                "heartbeat_late_ms=%.1f apply_median_ms=%.1f latency_p50_ms=%.0f latency_p99_ms=%.0f probes=%zu "
                "missed=%d peak_mb=%.0f\n",
                static_cast<double>(serverWrites) / phase.seconds, eventsPerSecond, loop.busyShare() * 100,
                loop.cpuShare() * 100, loop.longestStallMs, loop.heartbeatLateMs, percentile(applies.applyMs, 0.5),
                percentile(all, 0.5), percentile(all, 0.99), all.size(), latencies.podMissed + latencies.eventMissed,
                peakKiB / 1024.0);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<Phase> phases;
    for (int i = 1; i < argc; ++i) {
        Phase phase;
        if (std::sscanf(argv[i], "%lf:%lf", &phase.rate, &phase.seconds) != 2 || phase.rate <= 0 || phase.seconds <= 0) {
            std::fprintf(stderr, "bench_uiload: \"%s\" is not RATE:SECONDS (e.g. 2000:40)\n", argv[i]);
            return 2;
        }
        phases.push_back(phase);
    }
    if (phases.empty())
        phases.push_back({});

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
    qputenv("XDG_RUNTIME_DIR", scratch.path().toLocal8Bit());
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
    ApplyRecorder applies;
    QObject::connect(&session, &gantry::ConsoleSession::snapshotReady, &window,
                     [&](const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot) {
                         QElapsedTimer timer;
                         timer.start();
                         window.applySnapshot(snapshot);
                         applies.record(snapshot, static_cast<double>(timer.nsecsElapsed()) / 1e6);
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
            const auto &last = applies.last;
            if (!last || !last->deployments)
                return false;
            std::size_t replicas = 0;
            for (const auto &deployment : last->deployments->deployments)
                replicas += deployment->replicas.size();
            return last->deployments->deployments.size() == ready->inferenceServices && replicas >= wantedReplicas;
        },
        180000);
    const double syncSeconds = static_cast<double>(sinceStart.nsecsElapsed()) / 1e9;
    if (!synced) {
        std::fprintf(stderr, "bench_uiload: the window did not show the whole fleet within 3 minutes\n");
        return 1;
    }
    const long syncPeakKiB = gantry::bench::residentKiB("VmHWM:");
    std::printf("console start to a full window:  %.3f s (resident %.0f MB, peak %.0f MB)\n", syncSeconds,
                gantry::bench::residentKiB("VmRSS:") / 1024.0, syncPeakKiB / 1024.0);
    std::printf("RESULT consolesync seconds=%.3f peak_mb=%.0f\n", syncSeconds, syncPeakKiB / 1024.0);

    // Let the first round of cold-start log reads finish, as on a console that has been up a while.
    auto *fleetSession = session.fleetSession();
    std::uint64_t logReads = fleetSession->logReads();
    for (int quiet = 0; quiet < 4;) {
        runFor(500);
        const std::uint64_t now = fleetSession->logReads();
        quiet = now == logReads ? quiet + 1 : 0;
        logReads = now;
    }

    std::printf("page paints at full scale (grabs of the whole window, 1600x1000):\n");
    for (const auto &[page, name] : {std::pair{gantry::MainWindow::GpuPoolsPage, "GPU pools"},
                                     std::pair{gantry::MainWindow::ModelsPage, "Models"},
                                     std::pair{gantry::MainWindow::ColdStartsPage, "Cold starts"},
                                     std::pair{gantry::MainWindow::EventsPage, "Events"}}) {
        const PagePaint paint = paintPage(window, page);
        std::printf("  %-12s first %6.1f ms, then %6.1f ms\n", name, paint.firstMs, paint.repaintMs);
    }

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
    runFor(1000);
    for (const Phase &phase : phases)
        runPhase(phase, cluster, app, *fleetSession, applies, seen);
    session.stop();
    return 0;
}

// Cost of the cold-start timeline at full scale, offscreen: the starts of
// large.yaml's 1,000 InferenceServices × 18 replicas (18,000 starts, 19,000
// rows with the service rows) in the timeline view. Times the first snapshot
// (rows inserted, services expanded), a later snapshot that moves the clock
// and finishes 1% of the starts, and one full paint of the viewport at the
// top, mid-list and zoomed in. Prints milliseconds (median of the runs).
#include "backend/fleet/coldstartstats.h"
#include "backend/fleet/fleet.h"
#include "widgets/coldstarts/coldstartmodel.h"
#include "widgets/coldstarts/coldstarttimelineview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

using gantry::SystemTime;
using gantry::fleet::ColdStart;
using gantry::fleet::ColdStartPhase;

constexpr int serviceCount = 1000;
constexpr int replicasPerService = 18;
constexpr int runs = 20;

const SystemTime origin = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())
    - std::chrono::hours(1);

SystemTime at(double seconds)
{
    return origin + std::chrono::duration_cast<SystemTime::duration>(std::chrono::duration<double>(seconds));
}

struct Phase
{
    ColdStartPhase phase;
    double seconds; ///< < 0: in progress
    const char *evidence;
};

// large.yaml's shapes: a 16.5 GB runtime image over a shared 1 Gb/s registry
// link, weights from a shared volume (pvc://) or inside an OCI image, a 200 s
// engine warm-up; one replica in nine still waits for a GPU.
std::shared_ptr<const ColdStart> start(int service, int replica, double nowSeconds, bool finishLate)
{
    auto result = std::make_shared<ColdStart>();
    const bool oci = service % 4 == 2;
    result->podNamespace = "team-" + std::to_string(service % 10);
    result->inferenceService = "svc-" + std::to_string(service);
    result->podName = result->inferenceService + "-predictor-" + std::to_string(replica);
    result->podUid = "uid-" + std::to_string(service) + "-" + std::to_string(replica);
    result->node = "gpu-node-" + std::to_string((service * replicasPerService + replica) / 8);
    result->weightSource = oci ? "OCI image" : "shared volume";
    const double created = (service * 7 + replica * 13) % 900;
    result->created = at(created);
    std::vector<Phase> phases;
    if (replica == replicasPerService - 1 || (replica == replicasPerService - 2 && service % 8 == 0)) {
        phases = {{ColdStartPhase::WaitingForCapacity, -1, "event FailedScheduling"}};
    } else {
        const double pull = 287 + (replica * 37 % 120);
        phases = {{ColdStartPhase::WaitingForCapacity, 2.0 + replica % 5, "event Scheduled"},
                  {ColdStartPhase::ImagePull, pull, "event Pulling → event Pulled"},
                  {ColdStartPhase::WeightLoad, oci ? 12.0 : 8.0, "container started → log: Loading weights took"},
                  {ColdStartPhase::EngineWarmup, finishLate ? -1.0 : 200.0, "log: Loading weights took → condition Ready"}};
    }
    double cursor = created;
    bool open = false;
    for (const Phase &phase : phases) {
        gantry::fleet::PhaseSpan span;
        span.phase = span.lastPhase = phase.phase;
        span.evidence = phase.evidence;
        span.start = at(cursor);
        if (phase.seconds >= 0 && cursor + phase.seconds <= nowSeconds) {
            cursor += phase.seconds;
            span.end = at(cursor);
        } else {
            open = true;
        }
        result->phases.push_back(span);
        if (open)
            break;
    }
    if (!open) {
        gantry::fleet::PhaseSpan ready;
        ready.phase = ready.lastPhase = ColdStartPhase::Ready;
        ready.start = at(cursor);
        ready.evidence = "condition Ready";
        result->phases.push_back(ready);
        result->ready = at(cursor);
        result->complete = true;
    }
    return result;
}

std::shared_ptr<const gantry::fleet::FleetSnapshot> snapshot(double nowSeconds, int lateEvery, std::uint64_t generation)
{
    std::vector<std::shared_ptr<const ColdStart>> starts;
    for (int s = 0; s < serviceCount; ++s)
        for (int r = 0; r < replicasPerService; ++r)
            starts.push_back(start(s, r, nowSeconds, lateEvery > 0 && (s * replicasPerService + r) % lateEvery == 0));
    std::stable_sort(starts.begin(), starts.end(), [](const auto &a, const auto &b) { return a->created < b->created; });
    auto coldStarts = std::make_shared<gantry::fleet::ColdStartsSnapshot>();
    coldStarts->starts = std::move(starts);
    coldStarts->stats = gantry::fleet::coldStartStats(coldStarts->starts, at(nowSeconds), std::chrono::hours(6));
    auto fleet = std::make_shared<gantry::fleet::FleetSnapshot>();
    fleet->generation = generation;
    fleet->at = at(nowSeconds);
    fleet->coldStarts = std::move(coldStarts);
    return fleet;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// One full paint of the viewport, as its paint event would do it, `runs` times.
double paintMs(gantry::ColdStartTimelineView &view)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        view.viewport()->repaint();
        times.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    return median(times);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    // The first snapshot has 1% of the starts still warming up; the next, five seconds later, finishes them.
    const auto first = snapshot(1500, 100, 1);
    const auto second = snapshot(1505, 0, 2);
    std::printf("%d services, %zu starts\n", serviceCount, first->coldStarts->starts.size());

    gantry::ColdStartModel model;
    gantry::ColdStartTimelineView view;
    view.setColdStartModel(&model);
    view.resize(1400, 800);
    view.show();
    QCoreApplication::processEvents();

    QElapsedTimer timer;
    timer.start();
    model.setSnapshot(first);
    QCoreApplication::processEvents(); // the view's expand and layout happen here
    std::printf("%-40s %8.1f ms\n", "first snapshot (insert, expand, layout)", static_cast<double>(timer.nsecsElapsed()) / 1e6);

    std::vector<double> applies;
    for (int i = 0; i < runs; ++i) {
        timer.restart();
        model.setSnapshot(i % 2 == 0 ? second : first);
        QCoreApplication::processEvents();
        applies.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("%-40s %8.1f ms\n", "next snapshot (180 starts change)", median(applies));

    std::printf("%-40s %8.1f ms per full paint (%dx%d)\n", "paint, top of the list", paintMs(view),
                view.viewport()->width(), view.viewport()->height());
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum() / 2);
    QCoreApplication::processEvents();
    std::printf("%-40s %8.1f ms per full paint\n", "paint, mid-list", paintMs(view));
    const double begin = view.axis().begin;
    const double end = view.axis().end;
    view.setVisibleRange(begin + (end - begin) * 0.4, begin + (end - begin) * 0.45);
    QCoreApplication::processEvents();
    std::printf("%-40s %8.1f ms per full paint\n", "paint, zoomed to 5% of the time", paintMs(view));
    return 0;
}

// Initial sync of a whole large fleet (large.yaml: 2,000 GPU nodes, 20,000 pods,
// 1,000 InferenceServices) from gantry-sim into a derived fleet, the console's
// real path: kubeconfig → RestClient → FleetSession (every informer, the object
// store, the fleet's derivation) → the first complete FleetSnapshot. Prints
// wall time and the client's peak resident memory, against
// `kubectl get pods -A -o json` on the same server in the same run.
//
//   bench_fleetsync [SCENARIO]        (default: the shipped large.yaml)
#include "backend/fleet/coldstart.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/fleetsession.h"
#include "backend/fleet/gpupool.h"
#include "backend/fleet/notableevents.h"
#include "backend/kube/informer.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigresolver.h"
#include "largecluster.h"
#include "processmemory.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

struct KubectlRun
{
    int exitCode = -1;
    double seconds = -1;
    long peakKiB = -1;
};

// `kubectl get <what> -o json` with GNU time around it; output discarded.
KubectlRun runKubectl(const std::string &kubeconfig, const std::string &what)
{
    const std::string timesPath = "/tmp/gantry-bench-kubectl.time";
    const std::string command = "HOME=/tmp KUBECACHEDIR=/tmp/gantry-bench-kubecache KUBECONFIG=" + kubeconfig
        + " /usr/bin/time -f '%e %M' -o " + timesPath + " kubectl get " + what + " -o json > /dev/null";
    KubectlRun run;
    run.exitCode = std::system(command.c_str());
    if (std::FILE *times = std::fopen(timesPath.c_str(), "r")) {
        char line[512];
        while (std::fgets(line, sizeof line, times))
            std::sscanf(line, "%lf %ld", &run.seconds, &run.peakKiB);
        std::fclose(times);
    }
    std::remove(timesPath.c_str());
    return run;
}

std::size_t gpuCount(const gantry::fleet::PoolsSnapshot &pools)
{
    std::size_t gpus = 0;
    for (const auto &pool : pools.pools)
        for (const auto &node : pool->nodes)
            gpus += node->gpus.size();
    return gpus;
}

std::size_t replicaCount(const gantry::fleet::DeploymentsSnapshot &deployments)
{
    std::size_t replicas = 0;
    for (const auto &deployment : deployments.deployments)
        replicas += deployment->replicas.size();
    return replicas;
}

} // namespace

int main(int argc, char **argv)
{
    using Clock = std::chrono::steady_clock;
    gantry::bench::ClusterOptions options;
    options.scenarioPath = argc > 1 ? argv[1] : GANTRY_SCENARIOS_DIR "/large.yaml";
    options.kubeconfigPath = "/tmp/gantry-bench-fleetsync.kubeconfig";
    if (const char *warmup = std::getenv("GANTRY_BENCH_WARMUP"))
        options.warmupSeconds = std::atof(warmup);
    gantry::bench::LargeCluster cluster;
    std::string error;
    const auto ready = cluster.start(options, &error);
    if (!ready) {
        std::fprintf(stderr, "bench_fleetsync: %s\n", error.c_str());
        return 1;
    }
    std::printf("server: %zu nodes, %zu pods, %zu InferenceServices, %zu events (set-up and warm-up %.1f s)\n",
                ready->nodes, ready->pods, ready->inferenceServices, ready->events, ready->setupSeconds);

    const long baselineKiB = gantry::bench::residentKiB("VmRSS:");
    const auto start = Clock::now();
    const auto startedAt = std::chrono::system_clock::now();
    // The console's own path: kubeconfig → context → client → session.
    const auto config = gantry::kube::loadKubeconfigFile(cluster.kubeconfigPath());
    if (!config.ok()) {
        std::fprintf(stderr, "bench_fleetsync: %s\n", config.error().message.c_str());
        return 1;
    }
    const auto connection = gantry::kube::resolveContext(config.value(), "gantry-viewer");
    if (!connection.ok()) {
        std::fprintf(stderr, "bench_fleetsync: %s\n", connection.error().message.c_str());
        return 1;
    }
    gantry::fleet::FleetSession session(gantry::kube::RestClient::forConnection(connection.value(), true), {});
    session.start();
    if (!session.waitSynced(std::chrono::minutes(3))) {
        std::fprintf(stderr, "bench_fleetsync: the informers did not sync within 3 minutes\n");
        return 1;
    }
    const double listedSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    const std::vector<gantry::kube::KindStatus> kinds = session.informers().status();
    const auto snapshot = session.fleet().flush(); // everything listed, derived
    const double derivedSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    const long peakKiB = gantry::bench::residentKiB("VmHWM:");
    const long afterKiB = gantry::bench::residentKiB("VmRSS:");
    const std::size_t pods = session.store().size(gantry::kube::ObjectKind::Pod);
    const std::size_t nodes = session.store().size(gantry::kube::ObjectKind::Node);
    const std::size_t services = session.store().size(gantry::kube::ObjectKind::InferenceService);
    const std::size_t events = session.store().size(gantry::kube::ObjectKind::Event);
    session.stop();

    std::printf("client store: %zu nodes, %zu pods, %zu InferenceServices, %zu events\n", nodes, pods, services, events);
    std::printf("fleet: %zu pools, %zu GPUs, %zu deployments, %zu replicas, %zu cold starts, %zu notable events\n",
                snapshot->pools ? snapshot->pools->pools.size() : 0, snapshot->pools ? gpuCount(*snapshot->pools) : 0,
                snapshot->deployments ? snapshot->deployments->deployments.size() : 0,
                snapshot->deployments ? replicaCount(*snapshot->deployments) : 0,
                snapshot->coldStarts ? snapshot->coldStarts->starts.size() : 0,
                snapshot->events ? snapshot->events->events.size() : 0);
    std::printf("listed, per kind (s after start):");
    for (const gantry::kube::KindStatus &kind : kinds)
        std::printf(" %s %.2f (%zu)", gantry::kube::objectKindName(kind.kind),
                    std::chrono::duration<double>(kind.status.since - startedAt).count(), kind.objects);
    std::printf("\n");
    std::printf("every kind listed:               %.3f s\n", listedSeconds);
    std::printf("fleet derived (first snapshot):  %.3f s\n", derivedSeconds);
    std::printf("client resident before/after:    %ld / %ld KiB, peak %ld KiB (%.0f MB)\n", baselineKiB, afterKiB,
                peakKiB, peakKiB / 1024.0);

    const bool complete = pods == ready->pods && nodes == ready->nodes && services == ready->inferenceServices;
    if (!complete)
        std::printf("INCOMPLETE: the client holds fewer objects than the server\n");

    // The pods alone through one informer: the same list kubectl makes (after the
    // peak above was taken, so it does not count here).
    double podsSeconds = -1;
    {
        const auto podsStart = Clock::now();
        gantry::kube::ObjectStore store;
        gantry::kube::Informer informer(gantry::kube::RestClient::forConnection(connection.value(), true),
                                        gantry::kube::ObjectKind::Pod, store);
        informer.start();
        while (store.size(gantry::kube::ObjectKind::Pod) < ready->pods && Clock::now() - podsStart < std::chrono::minutes(2))
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        podsSeconds = std::chrono::duration<double>(Clock::now() - podsStart).count();
        informer.stop();
    }
    std::printf("pods alone, one informer:        %.3f s\n", podsSeconds);

    // kubectl against the same server, after the console's sync so they never share the CPUs.
    const KubectlRun kubectl = runKubectl(cluster.kubeconfigPath(), "pods -A");
    if (kubectl.exitCode == 0 && kubectl.seconds > 0) {
        std::printf("kubectl get pods -A -o json:     %.3f s, peak %ld KiB (%.0f MB)\n", kubectl.seconds,
                    kubectl.peakKiB, kubectl.peakKiB / 1024.0);
        std::printf("ratio kubectl/console:           %.1fx time (whole fleet), %.1fx peak memory\n",
                    kubectl.seconds / derivedSeconds, static_cast<double>(kubectl.peakKiB) / static_cast<double>(peakKiB));
        std::printf("ratio kubectl/pods informer:     %.1fx time (the same list)\n", kubectl.seconds / podsSeconds);
    } else {
        std::printf("kubectl run failed (exit %d); no ratio\n", kubectl.exitCode);
    }
    // Machine-readable, for bench/run.sh.
    std::printf("RESULT fleetsync seconds=%.3f listed_seconds=%.3f pods_seconds=%.3f peak_mb=%.1f kubectl_seconds=%.3f "
                "kubectl_peak_mb=%.1f complete=%d\n",
                derivedSeconds, listedSeconds, podsSeconds, peakKiB / 1024.0, kubectl.seconds, kubectl.peakKiB / 1024.0,
                complete ? 1 : 0);
    return complete ? 0 : 1;
}

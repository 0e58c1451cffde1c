// Initial sync of 20,000 real-shaped pods from gantry-sim into the console's
// object store through the pods informer: wall time and the client's peak
// resident memory, against `kubectl get pods -A -o json` on the same server in
// the same run. The server runs in a child process, so the figures are the
// client's alone.
#include "backend/kube/informer.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigresolver.h"
#include "backend/kube/objectstore.h"
#include "processmemory.h"
#include "realshapedpod.h"
#include "sim/simulator.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

constexpr int podCount = 20000;
constexpr const char *kubeconfigPath = "/tmp/gantry-bench-informersync.kubeconfig";

// Child: serve the pods over TLS until killed; writes the kubeconfig both
// clients use, then "ready" on `out`.
[[noreturn]] void serve(int out)
{
    gantry::sim::Simulator simulator;
    std::string error;
    if (!simulator.start(&error)) {
        std::fprintf(stderr, "gantry-sim: %s\n", error.c_str());
        _exit(1);
    }
    const auto &namespaces = *gantry::sim::findResourceType("", "v1", "namespaces");
    const auto &pods = *gantry::sim::findResourceType("", "v1", "pods");
    for (int i = 0; i < 10; ++i)
        simulator.store().create(namespaces, {{"apiVersion", "v1"}, {"kind", "Namespace"},
                                              {"metadata", {{"name", "team-" + std::to_string(i)}}}});
    for (int i = 0; i < podCount; ++i)
        simulator.store().create(pods, gantry::bench::predictorPod(i));
    if (!simulator.writeKubeconfig(kubeconfigPath, &error)) {
        std::fprintf(stderr, "gantry-sim: %s\n", error.c_str());
        _exit(1);
    }
    [[maybe_unused]] auto written = ::write(out, "ready\n", 6);
    ::close(out);
    for (;;)
        ::pause();
}

} // namespace

int main()
{
    int pipeFds[2];
    if (::pipe(pipeFds) != 0)
        return 1;
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pipeFds[0]);
        serve(pipeFds[1]);
    }
    ::close(pipeFds[1]);
    std::string handshake;
    char buffer[256];
    for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;)
        handshake.append(buffer, static_cast<std::size_t>(n));
    if (handshake != "ready\n") {
        std::fprintf(stderr, "the simulator did not start\n");
        return 1;
    }

    const long baselineKiB = gantry::bench::residentKiB("VmRSS:");
    const auto start = std::chrono::steady_clock::now();
    // The console's own path: kubeconfig → context → client → informer → store.
    const auto config = gantry::kube::loadKubeconfigFile(kubeconfigPath);
    if (!config.ok()) {
        std::fprintf(stderr, "%s\n", config.error().message.c_str());
        return 1;
    }
    const auto connection = gantry::kube::resolveContext(config.value());
    if (!connection.ok()) {
        std::fprintf(stderr, "%s\n", connection.error().message.c_str());
        return 1;
    }
    auto client = gantry::kube::RestClient::forConnection(connection.value(), true);
    gantry::kube::ObjectStore store;
    gantry::kube::Informer informer(client, gantry::kube::ObjectKind::Pod, store);
    informer.start();
    while (store.size(gantry::kube::ObjectKind::Pod) < static_cast<std::size_t>(podCount)) {
        if (std::chrono::steady_clock::now() - start > std::chrono::minutes(5)) {
            std::fprintf(stderr, "sync did not finish: %s\n", informer.status().lastError.c_str());
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double syncSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const long peakKiB = gantry::bench::residentKiB("VmHWM:");
    const long residentAfterKiB = gantry::bench::residentKiB("VmRSS:");
    informer.stop();

    // kubectl on the same server, same run.
    const std::string command = "HOME=/tmp KUBECACHEDIR=/tmp/gantry-bench-kubecache KUBECONFIG=" + std::string(kubeconfigPath)
        + " /usr/bin/time -f '%e %M' kubectl get pods -A -o json > /dev/null 2> /tmp/gantry-bench-kubectl.time";
    const int kubectlExit = std::system(command.c_str());
    double kubectlSeconds = -1;
    long kubectlKiB = -1;
    if (std::FILE *times = std::fopen("/tmp/gantry-bench-kubectl.time", "r")) {
        char line[512];
        while (std::fgets(line, sizeof line, times))
            std::sscanf(line, "%lf %ld", &kubectlSeconds, &kubectlKiB);
        std::fclose(times);
    }
    std::remove(kubeconfigPath);

    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);

    std::printf("pods synced:                    %zu\n", store.size(gantry::kube::ObjectKind::Pod));
    std::printf("informer initial sync:          %.3f s\n", syncSeconds);
    std::printf("client resident, before/after:  %ld / %ld KiB (peak %ld KiB)\n", baselineKiB, residentAfterKiB, peakKiB);
    if (kubectlExit == 0 && kubectlSeconds > 0) {
        std::printf("kubectl get pods -A -o json:    %.3f s, peak %ld KiB\n", kubectlSeconds, kubectlKiB);
        std::printf("ratio (kubectl / informer):     %.1fx time, %.1fx peak memory\n", kubectlSeconds / syncSeconds,
                    static_cast<double>(kubectlKiB) / static_cast<double>(peakKiB));
    } else {
        std::printf("kubectl run failed (exit %d); no ratio\n", kubectlExit);
    }
    return 0;
}

#include "largecluster.h"

#include "clusterchurn.h"
#include "steadyfleet.h"
#include "sim/scenario/scenario.h"
#include "sim/simulator.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <poll.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace gantry::bench {

namespace {

void writeLine(int fd, const std::string &line)
{
    const std::string text = line + '\n';
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        done += static_cast<std::size_t>(n);
    }
}

std::size_t countOf(sim::Simulator &simulator, const char *group, const char *version, const char *plural)
{
    return simulator.store().list(*sim::findResourceType(group, version, plural), {}).items.size();
}

// The child: build and warm the factory, serve, then obey commands until EOF.
[[noreturn]] void serve(const ClusterOptions &options, int commands, int reports)
{
    const auto begin = std::chrono::steady_clock::now();
    auto loaded = sim::loadScenarioFile(options.scenarioPath);
    if (!loaded.scenario) {
        writeLine(reports, "error " + options.scenarioPath + ": "
                               + (loaded.errors.empty() ? std::string("unreadable") : loaded.errors.front().toString()));
        _exit(1);
    }
    sim::SimulatorOptions simulatorOptions;
    simulatorOptions.scenario = std::move(loaded.scenario);
    simulatorOptions.speed = 0; // the clock moves only in runFor: a fixed, repeatable cluster
    sim::Simulator simulator(simulatorOptions);
    std::string error;
    if (!simulator.start(&error)) {
        writeLine(reports, "error " + error);
        _exit(1);
    }
    simulator.factory()->runFor(options.warmupSeconds);
    const SettledFleet settled = options.settle ? settleFleet(simulator) : SettledFleet{};
    if (!simulator.writeKubeconfig(options.kubeconfigPath, &error)) {
        writeLine(reports, "error " + error);
        _exit(1);
    }
    const double setup = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    std::ostringstream ready;
    ready << "ready " << setup << ' ' << countOf(simulator, "", "v1", "nodes") << ' '
          << countOf(simulator, "", "v1", "pods") << ' '
          << countOf(simulator, "serving.kserve.io", "v1beta1", "inferenceservices") << ' '
          << countOf(simulator, "", "v1", "events") << ' ' << settled.replicasReady;
    writeLine(reports, ready.str());

    ClusterChurn churn(simulator, probeService);
    std::string pending;
    char buffer[256];
    for (ssize_t n; (n = ::read(commands, buffer, sizeof buffer)) > 0;) {
        pending.append(buffer, static_cast<std::size_t>(n));
        for (std::size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
            std::istringstream command(pending.substr(0, eol));
            pending.erase(0, eol + 1);
            std::string verb;
            double rate = 0, seconds = 0;
            command >> verb >> rate >> seconds;
            if (verb != "churn")
                continue;
            const ChurnTotals totals = churn.run(rate, seconds, [&](const std::string &line) { writeLine(reports, line); });
            std::ostringstream done;
            done << "done " << totals.writes << ' ' << totals.seconds << ' ' << totals.podFlaps << ' ' << totals.events
                 << ' ' << totals.heartbeats << ' ' << totals.probes << ' ' << churn.flappablePods();
            writeLine(reports, done.str());
        }
    }
    simulator.stop();
    _exit(0);
}

} // namespace

long long monotonicNanoseconds()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

LargeCluster::~LargeCluster()
{
    stop();
}

std::optional<ClusterReady> LargeCluster::start(const ClusterOptions &options, std::string *error)
{
    m_options = options;
    int down[2], up[2];
    if (::pipe(down) != 0 || ::pipe(up) != 0) {
        *error = "pipe failed";
        return std::nullopt;
    }
    m_child = ::fork();
    if (m_child < 0) {
        *error = "fork failed";
        return std::nullopt;
    }
    if (m_child == 0) {
        ::close(down[1]);
        ::close(up[0]);
        serve(options, down[0], up[1]);
    }
    ::close(down[0]);
    ::close(up[1]);
    m_commands = down[1];
    m_reports = up[0];

    // Set-up, warm-up and settling of large.yaml take about 15 s on the 2-core machine.
    const std::string line = readLine(std::chrono::minutes(3));
    std::istringstream words(line);
    std::string verb;
    ClusterReady ready;
    words >> verb >> ready.setupSeconds >> ready.nodes >> ready.pods >> ready.inferenceServices >> ready.events >> ready.replicasReady;
    if (verb != "ready") {
        *error = line.empty() ? std::string("the simulator did not start in time") : line;
        stop();
        return std::nullopt;
    }
    return ready;
}

void LargeCluster::stop()
{
    if (m_commands >= 0)
        ::close(m_commands);
    if (m_child > 0) {
        ::kill(m_child, SIGKILL);
        ::waitpid(m_child, nullptr, 0);
    }
    if (m_reports >= 0)
        ::close(m_reports);
    if (!m_options.kubeconfigPath.empty())
        std::remove(m_options.kubeconfigPath.c_str());
    m_commands = m_reports = m_child = -1;
}

void LargeCluster::startChurn(double eventsPerSecond, double seconds)
{
    send("churn " + std::to_string(eventsPerSecond) + ' ' + std::to_string(seconds));
}

void LargeCluster::send(const std::string &line)
{
    if (m_commands >= 0)
        writeLine(m_commands, line);
}

std::string LargeCluster::readLine(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (const auto eol = m_buffer.find('\n'); eol != std::string::npos) {
            std::string line = m_buffer.substr(0, eol);
            m_buffer.erase(0, eol + 1);
            return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (m_reports < 0 || left.count() <= 0)
            return {};
        pollfd wait{m_reports, POLLIN, 0};
        if (::poll(&wait, 1, static_cast<int>(left.count())) <= 0)
            continue;
        char buffer[4096];
        const ssize_t n = ::read(m_reports, buffer, sizeof buffer);
        if (n <= 0)
            return {};
        m_buffer.append(buffer, static_cast<std::size_t>(n));
    }
}

} // namespace gantry::bench

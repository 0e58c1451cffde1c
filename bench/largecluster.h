#pragma once

// gantry-sim's Simulator running a scenario (large.yaml by default) in a child
// process, so a benchmark's figures (time, memory, CPU) are the client's alone.
// The parent talks to the child over two pipes: commands down, one line per
// report up.

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>

namespace gantry::bench {

/// The service whose pods the load leaves alone and whose first Ready pod carries the pod probes.
inline constexpr const char *probeService = "team-0/h100-svc-000";

struct ClusterOptions
{
    std::string scenarioPath;
    /// Simulated seconds the factory runs before serving, as fast as the machine
    /// allows: one second creates and schedules every replica. Then the fleet is
    /// settled (steadyfleet.h).
    double warmupSeconds = 1;
    bool settle = true;
    std::string kubeconfigPath;
};

/// What the child says once it serves.
struct ClusterReady
{
    double setupSeconds = 0; ///< scenario set-up, warm-up and settling, in the child
    std::size_t replicasReady = 0; ///< replicas the settling made Ready
    std::size_t nodes = 0, pods = 0, inferenceServices = 0, events = 0;
};

class LargeCluster
{
public:
    LargeCluster() = default;
    ~LargeCluster();
    LargeCluster(const LargeCluster &) = delete;
    LargeCluster &operator=(const LargeCluster &) = delete;

    /// Forks the server; returns once it serves (with what it holds), or nullopt with `error`.
    /// Call before the parent starts any thread.
    std::optional<ClusterReady> start(const ClusterOptions &options, std::string *error);
    void stop();

    /// Writes at `eventsPerSecond` for `seconds` (see ClusterChurn); the child
    /// reports each latency probe as a line and "done <writes>" at the end.
    void startChurn(double eventsPerSecond, double seconds);
    /// One line from the child, "" on timeout or when it is gone.
    std::string readLine(std::chrono::milliseconds timeout);

    const std::string &kubeconfigPath() const { return m_options.kubeconfigPath; }
    pid_t pid() const { return m_child; }

private:
    void send(const std::string &line);

    ClusterOptions m_options;
    pid_t m_child = -1;
    int m_commands = -1;
    int m_reports = -1;
    std::string m_buffer;
};

/// CLOCK_MONOTONIC in nanoseconds: one clock for both processes, so a write
/// time taken in the server compares with a time taken in the client.
long long monotonicNanoseconds();

} // namespace gantry::bench

#pragma once

// Watch load for the benchmarks, written straight into the simulator's store
// the way the cluster's own components would write it:
//  - half the writes are readiness flaps of serving pods (kubelet status
//    updates: Ready and ContainersReady turn False, later True again; about
//    64 pods are not ready at any moment),
//  - four in ten are kubelet "Unhealthy" Warning events about a flapping pod
//    (a repeat raises the event's count, as the real recorder does),
//  - one in ten is a node status heartbeat.
// Interleaved, about five times a second, are latency probes, whose write
// times go to the `report` callback:
//  - "pod <n> <ns>": the probe pod's restartCount set to n,
//  - "event <n> <ns>": a Warning event "BenchmarkProbe" with message "probe <n>".
// <ns> is CLOCK_MONOTONIC just before the store write. Timestamps written are
// this machine's clock: the cluster is live while the simulator's clock stands.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace gantry::sim {
class Simulator;
}

namespace gantry::bench {

struct ChurnTotals
{
    std::uint64_t writes = 0; ///< every store write, probes included
    std::uint64_t podFlaps = 0, events = 0, heartbeats = 0, probes = 0;
    double seconds = 0;
};

class ClusterChurn
{
public:
    /// `probeKey` ("namespace/name") names the service left out of the flaps; its first Ready pod carries the pod probes.
    ClusterChurn(sim::Simulator &simulator, std::string probeKey);

    ChurnTotals run(double writesPerSecond, double seconds, const std::function<void(const std::string &)> &report);

    std::size_t flappablePods() const { return m_pods.size(); }

private:
    struct PodName
    {
        std::string namespaceName, name;
    };

    void flapPod(ChurnTotals &totals);
    void recordUnhealthy(ChurnTotals &totals);
    void heartbeatNode(ChurnTotals &totals);
    void probe(ChurnTotals &totals, const std::function<void(const std::string &)> &report);
    /// A kubelet-style (legacy recorder) Warning about `pod`; a repeat of the same
    /// reason and message raises the count of the event written before.
    void warn(const nlohmann::json &pod, const std::string &reason, const std::string &message);

    sim::Simulator &m_simulator;
    std::vector<PodName> m_pods;  ///< ready serving pods, shuffled
    std::vector<std::string> m_nodes;
    PodName m_probePod;
    std::size_t m_nextPod = 0, m_nextNode = 0;
    std::deque<PodName> m_notReady; ///< flapped pods, oldest first
    std::uint64_t m_probeSeq = 0;
    std::map<std::string, std::string> m_eventNames; ///< pod uid, reason and message → event name
    std::uint64_t m_eventSeq = 0;
    std::mt19937 m_random{42};
};

} // namespace gantry::bench

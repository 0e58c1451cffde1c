#pragma once

#include <map>
#include <string>

#include "sim/factory/modelprofile.h"

#include <nlohmann/json_fwd.hpp>

#include <deque>
#include <functional>
#include <mutex>
#include <vector>

namespace gantry::sim {

struct FactoryContext;

/// What really happened in one replica start, in simulated seconds since the
/// scenario began; -1 where a step did not happen (no download for pvc://).
/// Tests compare what the console derives from the API against it.
struct StartRecord
{
    std::string namespaceName, pod, podUid, node, weightSource;
    double created = -1, scheduled = -1;
    double downloadStart = -1, downloadEnd = -1;
    double pullStart = -1, pullEnd = -1;
    double weightStart = -1, weightEnd = -1;
    double ready = -1;
};

/// The simulated kubelet and vLLM engine for every bound predictor pod: the
/// cold-start pipeline of DESIGN.md §4, leaving the same evidence a real node
/// leaves (events Pulling/Pulled/Created/Started/Unhealthy, init and main
/// container states and timestamps, pod conditions, and a vLLM start-up log),
/// with durations from bytes ÷ the bandwidth each transfer gets on its link.
class PodLifecycle
{
public:
    explicit PodLifecycle(FactoryContext &context);
    void reconcile(double seconds);

    /// Where a running pod's weights came from ("hub", "object store",
    /// "shared volume", "OCI image", "node cache"), for tests; "" if unknown.
    std::string weightSource(const std::string &podUid) const;
    /// The starts that reached Ready, oldest first (the last `maxHistory`).
    /// Safe to call while the factory runs on its own thread.
    std::vector<StartRecord> history() const;
    static constexpr std::size_t maxHistory = 10000;

private:
    enum class Stage { Downloading, PullingRuntime, LoadingWeights, WarmingUp, Ready };
    struct Run
    {
        Stage stage = Stage::Downloading;
        std::string namespaceName;
        std::string pod;
        std::string node;
        std::string podIp;
        std::string weightSource;
        std::string weightLink;
        ModelProfile model;
        double stageStart = 0;
        double loadStart = 0;
        double nextProbe = 0;
        bool downloads = false;
        StartRecord record;
    };

    void begin(const nlohmann::json &pod);
    void advance(const std::string &uid, Run &run, const std::vector<std::string> &finished);
    void startRuntimePull(const std::string &uid, Run &run);
    void startContainers(const std::string &uid, Run &run);
    void finishWeights(const std::string &uid, Run &run);
    void becomeReady(Run &run);
    void updatePod(const Run &run, const std::function<void(nlohmann::json &)> &change);
    void log(const Run &run, const std::string &container, const std::string &line);
    void event(const Run &run, const std::string &type, const std::string &reason, const std::string &message,
               const std::string &container);

    FactoryContext &m_context;
    std::map<std::string, Run> m_runs; ///< by pod uid
    mutable std::mutex m_historyMutex; ///< history() may be read from a test thread mid-run
    std::deque<StartRecord> m_history;
};

/// Go's time.Duration text, as kubelet prints it: "850ms", "2.703s", "4m47.129s".
std::string goDuration(double seconds);

} // namespace gantry::sim

#pragma once

#include <map>
#include <string>

#include "sim/factory/modelprofile.h"

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <vector>

namespace gantry::sim {

struct FactoryContext;

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
};

/// Go's time.Duration text, as kubelet prints it: "850ms", "2.703s", "4m47.129s".
std::string goDuration(double seconds);

} // namespace gantry::sim

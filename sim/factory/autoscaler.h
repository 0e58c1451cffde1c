#pragma once

#include <deque>
#include <map>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace gantry::sim {

struct FactoryContext;
class KServeController;
class Serving;

/// Decides replica counts. Knative mode follows the KPA: every 2 s it averages
/// observed concurrency (or rps) over the stable window (60 s) and the panic
/// window (10% of it), targets `target × target-utilization-percentage`, panics
/// at 200% of target, honours scale-down-delay, min/max/initial-scale and
/// scales to zero after the grace and retention periods. Standard mode behaves
/// like HPA/KEDA: a 15 s sync, scale-up limited to max(4, 2×) per minute, and a
/// 300 s scale-down stabilization window.
class Autoscaler
{
public:
    Autoscaler(FactoryContext &context, const Serving &serving, KServeController &kserve);
    void reconcile();

private:
    struct State
    {
        std::deque<std::pair<double, double>> samples;   ///< (time, observed metric)
        std::deque<std::pair<double, int>> recommendations; ///< for scale-down delay/stabilization
        int desired = -1;
        double panicUntil = -1;
        double lastActive = -1e9;
        double lastSync = -1e9;
    };

    int kpa(const nlohmann::json &isvc, const std::string &key, State &state);
    int hpa(const nlohmann::json &isvc, const std::string &key, State &state);

    FactoryContext &m_context;
    const Serving &m_serving;
    KServeController &m_kserve;
    std::map<std::string, State> m_states;
};

} // namespace gantry::sim

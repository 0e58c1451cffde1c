#include "sim/factory/autoscaler.h"

#include "sim/factory/factorycontext.h"
#include "sim/factory/kservecontroller.h"
#include "sim/factory/serving.h"

#include <algorithm>
#include <cmath>

namespace gantry::sim {

namespace {

using nlohmann::json;

double annotation(const json &isvc, const char *key, double fallback)
{
    const std::string text = stringAt(isvc, {"metadata", "annotations", key});
    if (text.empty())
        return fallback;
    try {
        std::size_t used = 0;
        double value = std::stod(text, &used);
        // Durations such as "60s" or "5m".
        if (used < text.size()) {
            const std::string unit = text.substr(used);
            if (unit == "m")
                value *= 60;
            else if (unit == "h")
                value *= 3600;
            else if (unit != "s")
                return fallback;
        }
        return std::isfinite(value) ? value : fallback;
    } catch (...) {
        return fallback;
    }
}

double average(const std::deque<std::pair<double, double>> &samples, double since)
{
    double sum = 0;
    int count = 0;
    for (const auto &[time, value] : samples) {
        if (time >= since) {
            sum += value;
            ++count;
        }
    }
    return count ? sum / count : 0;
}

} // namespace

Autoscaler::Autoscaler(FactoryContext &context, const Serving &serving, KServeController &kserve)
    : m_context(context)
    , m_serving(serving)
    , m_kserve(kserve)
{
}

void Autoscaler::reconcile()
{
    for (const ObjectPtr &isvc : m_context.store.list(types::inferenceServices(), {}).items) {
        const std::string key = stringAt(isvc->object, {"metadata", "namespace"}) + "/"
            + stringAt(isvc->object, {"metadata", "name"});
        State &state = m_states[key];
        const int desired = scaleBoundsOf(isvc->object).knative ? kpa(isvc->object, key, state)
                                                                 : hpa(isvc->object, key, state);
        if (desired >= 0)
            m_kserve.setDesiredReplicas(key, desired);
    }
}

int Autoscaler::kpa(const json &isvc, const std::string &key, State &state)
{
    const double now = m_context.now();
    constexpr double tick = 2; // the autoscaler's period
    if (now - state.lastSync < tick)
        return state.desired;
    state.lastSync = now;

    const auto loads = m_serving.loads();
    const auto found = loads.find(key);
    const ServiceLoad load = found == loads.end() ? ServiceLoad{} : found->second;
    const bool rps = stringAt(isvc, {"metadata", "annotations", "autoscaling.knative.dev/metric"}) == "rps"
        || stringAt(isvc, {"spec", "predictor", "scaleMetric"}) == "rps";
    const double observed = rps ? load.requestsPerSecond : load.inFlight;
    state.samples.emplace_back(now, observed);

    const double window = std::clamp(annotation(isvc, "autoscaling.knative.dev/window", 60), 6.0, 3600.0);
    const double panicWindow = window * annotation(isvc, "autoscaling.knative.dev/panic-window-percentage", 10) / 100;
    const double panicThreshold = annotation(isvc, "autoscaling.knative.dev/panic-threshold-percentage", 200) / 100;
    const json &scaleTarget = field(isvc, {"spec", "predictor", "scaleTarget"});
    const double target = annotation(isvc, "autoscaling.knative.dev/target",
                                      scaleTarget.is_number() ? scaleTarget.get<double>() : (rps ? 200 : 100));
    const double utilization = annotation(isvc, "autoscaling.knative.dev/target-utilization-percentage", 70) / 100;
    const double perPod = std::max(0.01, target * utilization);
    while (!state.samples.empty() && state.samples.front().first < now - window)
        state.samples.pop_front();

    const double stable = average(state.samples, now - window);
    const double panic = average(state.samples, now - panicWindow);
    const int ready = load.readyReplicas;
    int desiredStable = static_cast<int>(std::ceil(stable / perPod - 1e-9));
    const int desiredPanic = static_cast<int>(std::ceil(panic / perPod - 1e-9));
    if (observed > 0 || stable > 0)
        state.lastActive = now;

    // Panic: a burst at twice what the ready pods can take scales up at once and
    // holds for a stable window.
    if (ready > 0 && desiredPanic >= panicThreshold * ready)
        state.panicUntil = now + window;
    int desired = desiredStable;
    if (now < state.panicUntil)
        desired = std::max({desiredPanic, desiredStable, state.desired});
    // The activator buffers requests at zero and asks for a pod at once.
    if (observed > 0 && desired == 0)
        desired = 1;
    // No more than halving per step (max-scale-down-rate 2).
    if (state.desired > 0 && desired < state.desired)
        desired = std::max(desired, static_cast<int>(std::floor(state.desired / 2.0)));

    // scale-down-delay: only go below the highest recommendation of the last delay.
    const double delay = annotation(isvc, "autoscaling.knative.dev/scale-down-delay", 0);
    state.recommendations.emplace_back(now, desired);
    while (!state.recommendations.empty() && state.recommendations.front().first < now - delay)
        state.recommendations.pop_front();
    for (const auto &[time, value] : state.recommendations)
        desired = std::max(desired, value);

    // Scale to zero only after the grace period and the pod retention period.
    if (desired == 0) {
        const double grace = 30;
        const double retention = annotation(isvc, "autoscaling.knative.dev/scale-to-zero-pod-retention-period", 0);
        if (now - state.lastActive < std::max(grace, retention) && state.desired > 0)
            desired = 1;
    }
    const ScaleBounds bounds = scaleBoundsOf(isvc);
    if (state.desired < 0)
        desired = std::max(desired, bounds.initial);
    desired = std::max(desired, bounds.min);
    if (bounds.max > 0)
        desired = std::min(desired, bounds.max);
    state.desired = desired;
    return desired;
}

int Autoscaler::hpa(const json &isvc, const std::string &key, State &state)
{
    const double now = m_context.now();
    constexpr double syncPeriod = 15;
    if (now - state.lastSync < syncPeriod)
        return state.desired;
    state.lastSync = now;
    const auto loads = m_serving.loads();
    const auto found = loads.find(key);
    const ServiceLoad load = found == loads.end() ? ServiceLoad{} : found->second;
    const ScaleBounds bounds = scaleBoundsOf(isvc);
    const int current = std::max(load.readyReplicas, std::max(state.desired, bounds.min));

    const json &scaleTarget = field(isvc, {"spec", "predictor", "scaleTarget"});
    const std::string metric = stringAt(isvc, {"spec", "predictor", "scaleMetric"});
    int recommended = current;
    if (metric == "concurrency" || metric == "rps") {
        const double target = scaleTarget.is_number() ? scaleTarget.get<double>() : 10;
        const double observed = metric == "rps" ? load.requestsPerSecond : load.inFlight;
        recommended = static_cast<int>(std::ceil(observed / std::max(target, 0.01) - 1e-9));
    } else {
        // Utilization-style target (default 80%), on the serving GPUs.
        const double target = scaleTarget.is_number() ? scaleTarget.get<double>() : 80;
        recommended = static_cast<int>(std::ceil(current * load.gpuUtilization / std::max(target, 1.0) - 1e-9));
    }
    // Up: at most max(4 pods, +100%) per minute. Down: the highest of the last 300 s.
    recommended = std::min(recommended, std::max(current + 4, current * 2));
    state.recommendations.emplace_back(now, recommended);
    while (!state.recommendations.empty() && state.recommendations.front().first < now - 300)
        state.recommendations.pop_front();
    int desired = recommended;
    if (recommended < current) {
        for (const auto &[time, value] : state.recommendations)
            desired = std::max(desired, value);
        desired = std::min(desired, current);
    }
    desired = std::max(desired, bounds.min);
    if (bounds.max > 0)
        desired = std::min(desired, bounds.max);
    state.desired = desired;
    return desired;
}

} // namespace gantry::sim

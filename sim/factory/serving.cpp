#include "sim/factory/serving.h"

#include "sim/apimachinery/labelselector.h"
#include "sim/factory/factorycontext.h"
#include "sim/factory/modelprofile.h"

#include <algorithm>
#include <cmath>

namespace gantry::sim {

namespace {

std::string serviceKey(const std::string &reference)
{
    return reference.find('/') == std::string::npos ? "default/" + reference : reference;
}

double shapeRate(const Scenario::Traffic &traffic, double t)
{
    using Shape = Scenario::Traffic::Shape;
    switch (traffic.shape) {
    case Shape::Constant:
        return traffic.rps;
    case Shape::Step:
        return t < traffic.at ? traffic.rps : traffic.to;
    case Shape::Ramp:
        if (t < traffic.at)
            return traffic.rps;
        if (traffic.duration <= 0 || t >= traffic.at + traffic.duration)
            return traffic.to;
        return traffic.rps + (traffic.to - traffic.rps) * (t - traffic.at) / traffic.duration;
    case Shape::Daily: {
        const double period = traffic.duration > 0 ? traffic.duration : 86400;
        const double phase = std::fmod(t - traffic.at, period) / period;
        // Lowest at the start of the period, peaking half way.
        return traffic.rps + (traffic.to - traffic.rps) * 0.5 * (1 - std::cos(2 * M_PI * phase));
    }
    case Shape::Spike:
        return t >= traffic.at && t < traffic.at + traffic.duration ? traffic.to : traffic.rps;
    case Shape::Idle:
        return t >= traffic.at && (traffic.duration <= 0 || t < traffic.at + traffic.duration) ? 0 : traffic.rps;
    }
    return 0;
}

} // namespace

Serving::Serving(FactoryContext &context)
    : m_context(context)
{
}

double Serving::offeredRate(const std::string &service, double t) const
{
    // Shapes for one service combine: later entries override where they apply
    // (a spike or idle window on top of a constant base).
    double rate = 0;
    bool any = false;
    for (const Scenario::Traffic &traffic : m_context.scenario.traffic) {
        if (serviceKey(traffic.service) != service)
            continue;
        const double value = shapeRate(traffic, t);
        using Shape = Scenario::Traffic::Shape;
        const bool overlay = traffic.shape == Shape::Spike || traffic.shape == Shape::Idle;
        const bool active = t >= traffic.at && (traffic.duration <= 0 || t < traffic.at + traffic.duration);
        if (!any || !overlay)
            rate = value;
        else if (active)
            rate = value;
        any = true;
    }
    return rate;
}

void Serving::reconcile(double seconds)
{
    const double t = m_context.now();
    for (const ObjectPtr &isvc : m_context.store.list(types::inferenceServices(), {}).items) {
        const std::string name = stringAt(isvc->object, {"metadata", "name"});
        const std::string namespaceName = stringAt(isvc->object, {"metadata", "namespace"});
        const std::string key = namespaceName + "/" + name;
        ServiceLoad &load = m_loads[key];
        const Scenario::Model *model = nullptr;
        const ModelProfile profile = modelProfileFor(m_context.scenario, isvc->object);
        model = m_context.scenario.findModel(profile.name);

        int ready = 0;
        for (const ObjectPtr &pod : m_context.servicePods(key))
            ready += conditionTrue(pod->object, "Ready");

        const double capacity = model && model->maxConcurrencyPerReplica > 0 ? model->maxConcurrencyPerReplica : 64;
        const double tokenRate = model && model->tokensPerSecondPerReplica > 0 ? model->tokensPerSecondPerReplica : 2000;
        const double outputTokens = model && model->outputTokensPerRequest > 0 ? model->outputTokensPerRequest : 256;
        const double inputTokens = model && model->inputTokensPerRequest > 0 ? model->inputTokensPerRequest : 512;
        const double baseTtft = model && model->ttftSeconds > 0 ? model->ttftSeconds : 0.1;

        load.requestsPerSecond = offeredRate(key, t);
        load.readyReplicas = ready;
        // Each running request streams at its share of the replica's token rate.
        const double perRequestTokens = tokenRate / capacity;
        const double requestSeconds = baseTtft + outputTokens / perRequestTokens;
        // With no ready replica the activator buffers what arrives, and a request
        // gives up after the revision timeout (Knative's default 300 s); with ready
        // replicas the offered concurrency is arrivals × time in the system.
        constexpr double activatorTimeoutSeconds = 300;
        if (ready == 0)
            load.inFlight = std::min(load.waiting + load.requestsPerSecond * seconds,
                                     load.requestsPerSecond * activatorTimeoutSeconds);
        else
            load.inFlight = load.requestsPerSecond * requestSeconds;
        const double slots = ready * capacity;
        load.running = std::min(load.inFlight, slots);
        load.waiting = std::max(0.0, load.inFlight - slots);
        const double utilization = slots > 0 ? load.running / slots : 0;
        // Latency rises towards 2× as a replica nears its maximum batch (llm-d-inference-sim profiles).
        load.ttftSeconds = ready > 0 ? baseTtft * (1 + utilization) + (load.waiting > 0 ? requestSeconds * load.waiting / std::max(slots, 1.0) : 0)
                                     : 0;
        const double served = slots > 0 ? load.running / requestSeconds : 0;
        load.generationTokensPerSecond = served * outputTokens;
        load.promptTokensPerSecond = served * inputTokens;
        load.kvCacheUsage = std::min(0.98, utilization * 0.9);
        // A serving GPU's utilization tracks load (a public fake exporter uses 5 + 95 × load).
        load.gpuUtilization = ready > 0 ? 5 + 95 * utilization : 0;
        load.requestsTotal += served * seconds;
        load.generationTokensTotal += load.generationTokensPerSecond * seconds;
        load.promptTokensTotal += load.promptTokensPerSecond * seconds;
    }
}

} // namespace gantry::sim

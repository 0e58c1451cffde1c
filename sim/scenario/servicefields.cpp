#include "sim/scenario/servicefields.h"

#include "sim/scenario/annotations.h"
#include "sim/scenario/suggestions.h"

#include <algorithm>

namespace gantry::sim {

namespace {

const std::vector<std::string> kModes{"Knative", "Serverless", "Standard", "RawDeployment"};

std::string quote(const std::string &text)
{
    return "\"" + printable(text) + "\"";
}

// deploymentMode, else the KServe annotation, else Knative (the shipped
// inferenceservice-config's default).
std::string readDeploymentMode(const YamlMap &map, const std::vector<YamlValue::Entry> &annotations)
{
    if (const auto mode = map["deploymentMode"].text()) {
        if (const auto normalised = normaliseDeploymentMode(*mode))
            return *normalised;
        if (*mode == "ModelMesh")
            map["deploymentMode"].error("ModelMesh is not simulated (use Knative or Standard)");
        else
            map["deploymentMode"].error("must be " + joinAlternatives(kModes) + ", got " + quote(*mode)
                                        + didYouMean(*mode, kModes));
        return "Knative";
    }
    for (const YamlValue::Entry &entry : annotations) {
        if (entry.key == kDeploymentModeAnnotation)
            return normaliseDeploymentMode(entry.value).value_or("Knative");
    }
    return "Knative";
}

void readReplicas(const YamlMap &map, Scenario::Service &service)
{
    if (map.has("replicas")) {
        if (map.has("minReplicas") || map.has("maxReplicas"))
            map["replicas"].error("set either replicas or minReplicas/maxReplicas, not both");
        const auto replicas = map["replicas"].integer(0, kMaxReplicas);
        service.minReplicas = replicas;
        service.maxReplicas = replicas;
        return;
    }
    service.minReplicas = map["minReplicas"].integer(0, kMaxReplicas);
    service.maxReplicas = map["maxReplicas"].integer(0, kMaxReplicas);
    // maxReplicas 0 means "no max-scale annotation" in KServe's Knative mode.
    if (service.minReplicas && service.maxReplicas && *service.maxReplicas > 0
        && *service.minReplicas > *service.maxReplicas)
        map["minReplicas"].error("minReplicas (" + std::to_string(*service.minReplicas)
                                 + ") must not exceed maxReplicas (" + std::to_string(*service.maxReplicas) + ")");
}

void readScaleMetric(const YamlMap &map, Scenario::Service &service)
{
    const auto metric = map["scaleMetric"].text();
    if (!metric)
        return;
    const std::vector<std::string> metrics{"concurrency", "rps", "cpu", "memory"};
    if (std::find(metrics.begin(), metrics.end(), *metric) == metrics.end()) {
        map["scaleMetric"].error("must be " + joinAlternatives(metrics) + ", got " + quote(*metric)
                                 + didYouMean(*metric, metrics));
        return;
    }
    const auto autoscalerClass = service.annotations.find(std::string(kKnativePrefix) + "class");
    const bool kpa = autoscalerClass == service.annotations.end()
        || autoscalerClass->second == "kpa.autoscaling.knative.dev";
    if (service.deploymentMode == "Knative" && kpa && *metric != "concurrency" && *metric != "rps")
        map["scaleMetric"].error("the KPA scales on concurrency or rps, got " + quote(*metric));
    service.scaleMetric = *metric;
}

} // namespace

std::vector<std::string_view> serviceKeys(std::initializer_list<std::string_view> own)
{
    std::vector<std::string_view> keys(own);
    for (std::string_view key : {"deploymentMode", "replicas", "minReplicas", "maxReplicas", "scaleTarget",
                                 "scaleMetric", "annotations"})
        keys.push_back(key);
    return keys;
}

Scenario::Service readServiceTemplate(const YamlMap &map)
{
    Scenario::Service service;
    const std::vector<YamlValue::Entry> annotations = map["annotations"].entries();
    service.deploymentMode = readDeploymentMode(map, annotations);
    checkAnnotations(annotations, service.deploymentMode);
    for (const YamlValue::Entry &entry : annotations)
        service.annotations[entry.key] = entry.value;
    readReplicas(map, service);
    service.scaleTarget = map["scaleTarget"].integer(1, 1000000);
    readScaleMetric(map, service);
    return service;
}

} // namespace gantry::sim

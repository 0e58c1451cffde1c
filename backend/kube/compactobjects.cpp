#include "backend/kube/compactobjects.h"

#include "backend/kube/compactobjectsjson.h"

#include <algorithm>
#include <climits>

namespace gantry::kube {

using namespace detail;

namespace {

constexpr const char *gpuResource = "nvidia.com/gpu";

CompactContainerState containerState(const nlohmann::json &status)
{
    CompactContainerState result;
    result.name = jsonText(jsonAt(status, {"name"}));
    result.restartCount = static_cast<int>(jsonInteger(jsonAt(status, {"restartCount"})));
    result.ready = jsonAt(status, {"ready"}) == true;
    const nlohmann::json &state = jsonAt(status, {"state"});
    for (const char *which : {"terminated", "running", "waiting"}) {
        const nlohmann::json &detail = jsonAt(state, {which});
        if (!detail.is_object())
            continue;
        result.state = which;
        result.reason = jsonText(jsonAt(detail, {"reason"}));
        result.startedAt = jsonText(jsonAt(detail, {"startedAt"}));
        result.finishedAt = jsonText(jsonAt(detail, {"finishedAt"}));
        const nlohmann::json &exitCode = jsonAt(detail, {"exitCode"});
        if (exitCode.is_number())
            result.exitCode = static_cast<int>(jsonInteger(exitCode));
        break;
    }
    return result;
}

std::vector<CompactContainerState> containerStates(const nlohmann::json &statuses)
{
    std::vector<CompactContainerState> result;
    if (statuses.is_array()) {
        for (const nlohmann::json &status : statuses)
            result.push_back(containerState(status));
    }
    return result;
}

// nvidia.com/gpu of one container: its request, else its limit (the API
// server copies a lone limit into requests, but fragments may omit that).
double containerGpus(const nlohmann::json &container)
{
    const nlohmann::json &request = jsonAt(container, {"resources", "requests", gpuResource});
    if (!request.is_null())
        return jsonQuantity(request);
    return jsonQuantity(jsonAt(container, {"resources", "limits", gpuResource}));
}

std::string firstLabel(const std::map<std::string, std::string> &labels, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const auto found = labels.find(key);
        if (found != labels.end())
            return found->second;
    }
    return {};
}

std::optional<std::int64_t> optionalInteger(const nlohmann::json &value)
{
    if (value.is_null())
        return std::nullopt;
    constexpr std::int64_t unreadable = INT64_MIN;
    const std::int64_t parsed = jsonInteger(value, unreadable);
    if (parsed == unreadable)
        return std::nullopt;
    return parsed;
}

// One spec.predictor.autoScaling.metrics entry: its source, then the figure its target type names.
CompactAutoScalingMetric autoScalingMetric(const nlohmann::json &metric)
{
    CompactAutoScalingMetric result;
    result.type = jsonText(jsonAt(metric, {"type"}));
    static const nlohmann::json noTarget;
    const nlohmann::json *target = &noTarget;
    if (const nlohmann::json &resource = jsonAt(metric, {"resource"}); resource.is_object()) {
        result.name = jsonText(jsonAt(resource, {"name"}));
        target = &jsonAt(resource, {"target"});
    } else if (const nlohmann::json &external = jsonAt(metric, {"external"}); external.is_object()) {
        result.name = jsonText(jsonAt(external, {"metric", "backend"}));
        result.query = jsonText(jsonAt(external, {"metric", "query"}));
        target = &jsonAt(external, {"target"});
    } else if (const nlohmann::json &pod = jsonAt(metric, {"podmetric"}); pod.is_object()) {
        result.name = jsonText(jsonAt(pod, {"metric", "backend"}));
        result.query = jsonText(jsonAt(pod, {"metric", "query"}));
        target = &jsonAt(pod, {"target"});
    }
    result.targetType = jsonText(jsonAt(*target, {"type"}));
    const char *field = result.targetType == "Utilization" ? "averageUtilization"
        : result.targetType == "AverageValue"              ? "averageValue"
                                                           : "value";
    result.targetValue = jsonText(jsonAt(*target, {field}));
    // A target without a type (or of an unknown one): the first figure it carries.
    for (const char *other : {"averageUtilization", "averageValue", "value"}) {
        if (!result.targetValue.empty())
            break;
        result.targetValue = jsonText(jsonAt(*target, {other}));
    }
    return result;
}

} // namespace

const char *objectKindName(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Node: return "Node";
    case ObjectKind::Pod: return "Pod";
    case ObjectKind::Event: return "Event";
    case ObjectKind::InferenceService: return "InferenceService";
    case ObjectKind::Job: return "Job";
    case ObjectKind::LocalModelCache: return "LocalModelCache";
    case ObjectKind::MachineSet: return "MachineSet";
    }
    return "Unknown";
}

CompactPod extractPod(const nlohmann::json &object)
{
    CompactPod pod;
    pod.meta = jsonMeta(object);
    const auto labels = jsonStringMap(jsonAt(object, {"metadata", "labels"}));
    pod.inferenceService = firstLabel(labels, {"serving.kserve.io/inferenceservice"});
    pod.component = firstLabel(labels, {"component"});
    pod.localModel = firstLabel(labels, {"internal.serving.kserve.io/localmodel"});
    pod.nodeSelector = jsonStringMap(jsonAt(object, {"spec", "nodeSelector"}));
    pod.nodeName = jsonText(jsonAt(object, {"spec", "nodeName"}));
    pod.phase = jsonText(jsonAt(object, {"status", "phase"}));
    pod.startTime = jsonText(jsonAt(object, {"status", "startTime"}));
    pod.conditions = jsonConditions(jsonAt(object, {"status", "conditions"}));
    // A pod's effective request is the larger of the containers' sum and any single init container.
    double initGpus = 0;
    const nlohmann::json &initContainers = jsonAt(object, {"spec", "initContainers"});
    if (initContainers.is_array()) {
        for (const nlohmann::json &container : initContainers)
            initGpus = std::max(initGpus, containerGpus(container));
    }
    const nlohmann::json &containers = jsonAt(object, {"spec", "containers"});
    if (containers.is_array()) {
        for (const nlohmann::json &container : containers)
            pod.gpuRequest += containerGpus(container);
    }
    pod.gpuRequest = std::max(pod.gpuRequest, initGpus);
    pod.initContainers = containerStates(jsonAt(object, {"status", "initContainerStatuses"}));
    pod.containers = containerStates(jsonAt(object, {"status", "containerStatuses"}));
    return pod;
}

CompactNode extractNode(const nlohmann::json &object)
{
    CompactNode node;
    node.meta = jsonMeta(object);
    const auto labels = jsonStringMap(jsonAt(object, {"metadata", "labels"}));
    node.pool = firstLabel(labels, {"cloud.google.com/gke-nodepool", "eks.amazonaws.com/nodegroup", "agentpool",
                                    "karpenter.sh/nodepool", "machine.openshift.io/cluster-api-machineset",
                                    "node.kubernetes.io/instance-type"});
    node.gpuProduct = firstLabel(labels, {"nvidia.com/gpu.product"});
    node.gpuCountLabel = firstLabel(labels, {"nvidia.com/gpu.count"});
    node.gpuMemoryLabel = firstLabel(labels, {"nvidia.com/gpu.memory"});
    node.labels = labels;
    node.gpuCapacity = jsonQuantity(jsonAt(object, {"status", "capacity", gpuResource}));
    node.gpuAllocatable = jsonQuantity(jsonAt(object, {"status", "allocatable", gpuResource}));
    const ConditionMap conditions = jsonConditions(jsonAt(object, {"status", "conditions"}));
    if (const auto ready = conditions.find("Ready"); ready != conditions.end()) {
        node.ready = ready->second.status;
        node.readySince = ready->second.lastTransitionTime;
    }
    node.unschedulable = jsonAt(object, {"spec", "unschedulable"}) == true;
    const nlohmann::json &taints = jsonAt(object, {"spec", "taints"});
    if (taints.is_array()) {
        for (const nlohmann::json &taint : taints) {
            std::string key = jsonText(jsonAt(taint, {"key"}));
            if (!key.empty())
                node.taintKeys.push_back(std::move(key));
        }
    }
    return node;
}

CompactEvent extractEvent(const nlohmann::json &object)
{
    CompactEvent event;
    event.meta = jsonMeta(object);
    const nlohmann::json &involved = jsonAt(object, {"involvedObject"});
    event.involvedKind = jsonText(jsonAt(involved, {"kind"}));
    event.involvedNamespace = jsonText(jsonAt(involved, {"namespace"}));
    event.involvedName = jsonText(jsonAt(involved, {"name"}));
    event.involvedUid = jsonText(jsonAt(involved, {"uid"}));
    event.involvedFieldPath = jsonText(jsonAt(involved, {"fieldPath"}));
    event.reason = jsonText(jsonAt(object, {"reason"}));
    event.message = jsonText(jsonAt(object, {"message"}));
    event.type = jsonText(jsonAt(object, {"type"}));
    event.count = jsonInteger(jsonAt(object, {"count"}));
    event.sourceComponent = jsonText(jsonAt(object, {"source", "component"}));
    if (event.sourceComponent.empty())
        event.sourceComponent = jsonText(jsonAt(object, {"reportingComponent"}));
    // REFERENCE.md §7: the most recent occurrence first, the object's own birth last.
    const std::string candidates[] = {
        jsonText(jsonAt(object, {"series", "lastObservedTime"})), jsonText(jsonAt(object, {"lastTimestamp"})),
        jsonText(jsonAt(object, {"eventTime"})), jsonText(jsonAt(object, {"firstTimestamp"})),
        event.meta.creationTimestamp};
    for (const std::string &candidate : candidates) {
        if (!candidate.empty()) {
            event.timestamp = candidate;
            break;
        }
    }
    return event;
}

CompactInferenceService extractInferenceService(const nlohmann::json &object)
{
    CompactInferenceService service;
    service.meta = jsonMeta(object);
    service.annotations = jsonStringMap(jsonAt(object, {"metadata", "annotations"}));
    const nlohmann::json &predictor = jsonAt(object, {"spec", "predictor"});
    service.minReplicas = optionalInteger(jsonAt(predictor, {"minReplicas"}));
    service.maxReplicas = optionalInteger(jsonAt(predictor, {"maxReplicas"}));
    service.scaleTarget = optionalInteger(jsonAt(predictor, {"scaleTarget"}));
    service.scaleMetric = jsonText(jsonAt(predictor, {"scaleMetric"}));
    service.scaleMetricType = jsonText(jsonAt(predictor, {"scaleMetricType"}));
    service.containerConcurrency = optionalInteger(jsonAt(predictor, {"containerConcurrency"}));
    const nlohmann::json &autoScaling = jsonAt(predictor, {"autoScaling"});
    service.autoScaling = autoScaling.is_object();
    if (const nlohmann::json &metrics = jsonAt(autoScaling, {"metrics"}); metrics.is_array()) {
        for (const nlohmann::json &metric : metrics)
            service.autoScalingMetrics.push_back(autoScalingMetric(metric));
    }
    // The model may be described under predictor.model (new style) or a framework key (old style).
    const nlohmann::json *model = &jsonAt(predictor, {"model"});
    if (!model->is_object() && predictor.is_object()) {
        for (const auto &[key, value] : predictor.items()) {
            if (value.is_object() && value.contains("storageUri")) {
                model = &value;
                service.modelFormat = key;
                break;
            }
        }
    }
    service.storageUri = jsonText(jsonAt(*model, {"storageUri"}));
    service.runtime = jsonText(jsonAt(*model, {"runtime"}));
    if (service.modelFormat.empty())
        service.modelFormat = jsonText(jsonAt(*model, {"modelFormat", "name"}));
    service.gpuLimit = jsonQuantity(jsonAt(*model, {"resources", "limits", gpuResource}));
    if (service.gpuLimit == 0)
        service.gpuLimit = jsonQuantity(jsonAt(*model, {"resources", "requests", gpuResource}));
    service.conditions = jsonConditions(jsonAt(object, {"status", "conditions"}));
    service.url = jsonText(jsonAt(object, {"status", "url"}));
    service.deploymentMode = jsonText(jsonAt(object, {"status", "deploymentMode"}));
    if (service.deploymentMode.empty())
        service.deploymentMode = firstLabel(service.annotations, {"serving.kserve.io/deploymentMode"});
    const nlohmann::json &modelStatus = jsonAt(object, {"status", "modelStatus"});
    service.modelTransitionStatus = jsonText(jsonAt(modelStatus, {"transitionStatus"}));
    service.activeModelState = jsonText(jsonAt(modelStatus, {"states", "activeModelState"}));
    service.lastFailureReason = jsonText(jsonAt(modelStatus, {"lastFailureInfo", "reason"}));
    service.lastFailureMessage = jsonText(jsonAt(modelStatus, {"lastFailureInfo", "message"}));
    return service;
}

CompactJob extractJob(const nlohmann::json &object)
{
    CompactJob job;
    job.meta = jsonMeta(object);
    job.labels = jsonStringMap(jsonAt(object, {"metadata", "labels"}));
    job.annotations = jsonStringMap(jsonAt(object, {"metadata", "annotations"}));
    const nlohmann::json &status = jsonAt(object, {"status"});
    job.active = jsonInteger(jsonAt(status, {"active"}));
    job.succeeded = jsonInteger(jsonAt(status, {"succeeded"}));
    job.failed = jsonInteger(jsonAt(status, {"failed"}));
    job.startTime = jsonText(jsonAt(status, {"startTime"}));
    job.completionTime = jsonText(jsonAt(status, {"completionTime"}));
    job.conditions = jsonConditions(jsonAt(status, {"conditions"}));
    return job;
}

CompactLocalModelCache extractLocalModelCache(const nlohmann::json &object)
{
    CompactLocalModelCache cache;
    cache.meta = jsonMeta(object);
    cache.sourceModelUri = jsonText(jsonAt(object, {"spec", "sourceModelUri"}));
    cache.modelSize = jsonText(jsonAt(object, {"spec", "modelSize"}));
    const nlohmann::json &groups = jsonAt(object, {"spec", "nodeGroups"});
    if (groups.is_array()) {
        for (const nlohmann::json &group : groups) {
            if (group.is_string())
                cache.nodeGroups.push_back(group.get<std::string>());
        }
    }
    cache.nodeStatus = jsonStringMap(jsonAt(object, {"status", "nodeStatus"}));
    return cache;
}

CompactMachineSet extractMachineSet(const nlohmann::json &object)
{
    CompactMachineSet set;
    set.meta = jsonMeta(object);
    set.replicas = jsonInteger(jsonAt(object, {"spec", "replicas"}));
    set.readyReplicas = jsonInteger(jsonAt(object, {"status", "readyReplicas"}));
    set.availableReplicas = jsonInteger(jsonAt(object, {"status", "availableReplicas"}));
    set.instanceType = jsonText(jsonAt(object, {"spec", "template", "spec", "providerSpec", "value", "instanceType"}));
    if (set.instanceType.empty())
        set.instanceType = firstLabel(jsonStringMap(jsonAt(object, {"metadata", "annotations"})),
                                      {"machine.openshift.io/instance-type"});
    set.nodeLabels = jsonStringMap(jsonAt(object, {"spec", "template", "spec", "metadata", "labels"}));
    return set;
}

CompactObject extractCompact(ObjectKind kind, const nlohmann::json &object)
{
    switch (kind) {
    case ObjectKind::Node: return extractNode(object);
    case ObjectKind::Pod: return extractPod(object);
    case ObjectKind::Event: return extractEvent(object);
    case ObjectKind::InferenceService: return extractInferenceService(object);
    case ObjectKind::Job: return extractJob(object);
    case ObjectKind::LocalModelCache: return extractLocalModelCache(object);
    case ObjectKind::MachineSet: return extractMachineSet(object);
    }
    return extractPod(object);
}

const CompactMeta &compactMeta(const CompactObject &object)
{
    return std::visit([](const auto &item) -> const CompactMeta & { return item.meta; }, object);
}

ObjectKind compactKind(const CompactObject &object)
{
    return static_cast<ObjectKind>(object.index());
}

} // namespace gantry::kube

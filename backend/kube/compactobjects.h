#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gantry::kube {

/// The kinds of object the console keeps, one informer each.
enum class ObjectKind { Node, Pod, Event, InferenceService, Job, LocalModelCache, MachineSet };

/// "Pod", "InferenceService", … for logs and badges.
const char *objectKindName(ObjectKind kind);

/// Metadata every compact object carries. Timestamps stay RFC 3339 text: the
/// fleet parses the few it needs, and text compares cheaply for diffs.
struct CompactMeta
{
    std::string uid;
    std::string namespaceName;
    std::string name;
    std::string resourceVersion;
    std::string creationTimestamp;
    /// The controller owner (else the first owner): uid, kind and name.
    std::string ownerUid;
    std::string ownerKind;
    std::string ownerName;
};

/// One condition of a status: status "True"/"False"/"Unknown", when it last changed and why.
struct CompactCondition
{
    std::string status;
    std::string lastTransitionTime;
    std::string reason;
    std::string message;
};
using ConditionMap = std::map<std::string, CompactCondition>;

/// One container's state (running, waiting or terminated) as the timeline reads it.
struct CompactContainerState
{
    std::string name;
    std::string state; ///< "running", "waiting", "terminated" or ""
    std::string reason;
    std::string startedAt;
    std::string finishedAt;
    std::optional<int> exitCode;
    int restartCount = 0;
    bool ready = false;
};

struct CompactPod
{
    CompactMeta meta;
    std::string inferenceService; ///< label serving.kserve.io/inferenceservice
    std::string component;        ///< label component (predictor, transformer, …)
    std::string nodeName;
    std::string phase;
    std::string startTime;
    ConditionMap conditions;
    double gpuRequest = 0; ///< nvidia.com/gpu summed over containers (requests, else limits)
    /// spec.nodeSelector: how a pending pod names the pool or GPU product it waits for.
    std::map<std::string, std::string> nodeSelector;
    /// The label KServe puts on pods that read a LocalModelCache (internal.serving.kserve.io/localmodel).
    std::string localModel;
    std::vector<CompactContainerState> initContainers;
    std::vector<CompactContainerState> containers;
};

struct CompactNode
{
    CompactMeta meta;
    std::string pool;        ///< a node-pool label (GKE, EKS, AKS, Karpenter, MachineSet)
    std::string gpuProduct;  ///< nvidia.com/gpu.product
    std::string gpuCountLabel;  ///< nvidia.com/gpu.count
    std::string gpuMemoryLabel; ///< nvidia.com/gpu.memory (MiB)
    double gpuCapacity = 0;
    double gpuAllocatable = 0;
    std::string ready; ///< status of the Ready condition, "" when unknown
    std::string readySince;
    bool unschedulable = false;
    std::vector<std::string> taintKeys;
    /// All labels, for pools named by a label the console does not know (and node selectors).
    std::map<std::string, std::string> labels;
};

struct CompactEvent
{
    CompactMeta meta;
    std::string involvedKind;
    std::string involvedNamespace;
    std::string involvedName;
    std::string involvedUid;
    std::string involvedFieldPath;
    std::string reason;
    std::string message;
    std::string type; ///< Normal or Warning
    /// series.lastObservedTime → lastTimestamp → eventTime → firstTimestamp → creationTimestamp.
    std::string timestamp;
    std::int64_t count = 0;
    std::string sourceComponent;
};

/// One entry of spec.predictor.autoScaling.metrics (Standard mode: HPA or KEDA).
struct CompactAutoScalingMetric
{
    std::string type;        ///< Resource, External or PodMetric
    std::string name;        ///< the resource (cpu, memory), else the backend (prometheus, opentelemetry, …)
    std::string query;       ///< External and PodMetric: the query
    std::string targetType;  ///< Utilization, AverageValue or Value
    std::string targetValue; ///< averageUtilization, averageValue or value as text
};

struct CompactInferenceService
{
    CompactMeta meta;
    std::map<std::string, std::string> annotations;
    std::optional<std::int64_t> minReplicas;
    std::optional<std::int64_t> maxReplicas;
    std::optional<std::int64_t> scaleTarget;
    std::string scaleMetric;
    std::string scaleMetricType;                     ///< Utilization, AverageValue or Value
    std::optional<std::int64_t> containerConcurrency; ///< the hard per-pod limit (Knative)
    bool autoScaling = false;                         ///< spec.predictor.autoScaling is present
    std::vector<CompactAutoScalingMetric> autoScalingMetrics;
    std::string storageUri;
    std::string runtime;
    std::string modelFormat;
    double gpuLimit = 0;
    ConditionMap conditions;
    std::string url;
    std::string deploymentMode; ///< status.deploymentMode, else the serving.kserve.io/deploymentMode annotation
    std::string modelTransitionStatus; ///< status.modelStatus.transitionStatus (UpToDate, InProgress, …)
    std::string activeModelState;      ///< status.modelStatus.states.activeModelState (Loaded, FailedToLoad, …)
    std::string lastFailureReason;     ///< status.modelStatus.lastFailureInfo.reason
    std::string lastFailureMessage;    ///< status.modelStatus.lastFailureInfo.message
};

struct CompactJob
{
    CompactMeta meta;
    std::map<std::string, std::string> labels;      ///< e.g. gantry.io/prewarm=true
    std::map<std::string, std::string> annotations; ///< e.g. gantry.io/model-uri, gantry.io/node
    std::int64_t active = 0;
    std::int64_t succeeded = 0;
    std::int64_t failed = 0;
    std::string startTime;
    std::string completionTime;
    ConditionMap conditions;
};

struct CompactLocalModelCache
{
    CompactMeta meta;
    std::string sourceModelUri;
    std::string modelSize;
    std::vector<std::string> nodeGroups;
    /// status.nodeStatus: node name → NodeDownloaded, NodeDownloading, …
    std::map<std::string, std::string> nodeStatus;
};

struct CompactMachineSet
{
    CompactMeta meta;
    std::int64_t replicas = 0;
    std::int64_t readyReplicas = 0;
    std::int64_t availableReplicas = 0;
    std::string instanceType; ///< spec.template.spec.providerSpec.value.instanceType, or a machine.openshift.io/instance-type annotation
    std::map<std::string, std::string> nodeLabels; ///< spec.template.spec.metadata.labels
};

/// Any compact object; the variant's index follows ObjectKind.
using CompactObject = std::variant<CompactNode, CompactPod, CompactEvent, CompactInferenceService, CompactJob,
                                   CompactLocalModelCache, CompactMachineSet>;

/// Reduces an API object to what the fleet needs. Missing fields and wrong
/// types degrade to empty or unknown values; it never throws.
CompactPod extractPod(const nlohmann::json &object);
CompactNode extractNode(const nlohmann::json &object);
CompactEvent extractEvent(const nlohmann::json &object);
CompactInferenceService extractInferenceService(const nlohmann::json &object);
CompactJob extractJob(const nlohmann::json &object);
CompactLocalModelCache extractLocalModelCache(const nlohmann::json &object);
CompactMachineSet extractMachineSet(const nlohmann::json &object);
/// The extraction for `kind`.
CompactObject extractCompact(ObjectKind kind, const nlohmann::json &object);

/// The metadata of any compact object.
const CompactMeta &compactMeta(const CompactObject &object);
ObjectKind compactKind(const CompactObject &object);

} // namespace gantry::kube

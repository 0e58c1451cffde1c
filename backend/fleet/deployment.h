#pragma once

#include "backend/core/rfc3339.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::fleet {

/// Where a deployment's weights come from (DESIGN.md §4): the comparison operators need.
enum class WeightSource { Hub, ObjectStore, SharedVolume, OciImage, NodeCache, Unknown };

/// "hub", "object store", "shared volume", "OCI image", "node cache" or "unknown".
const char *weightSourceName(WeightSource source);

/// The source a storageUri names: hf:// and http(s) model hubs → Hub; s3://, gs://
/// and Azure blob URLs → ObjectStore; pvc:// → SharedVolume; oci://, oci+native://,
/// oci+fetch:// → OciImage; anything else (empty included) → Unknown. A node cache
/// is not visible in the URI: the tracker sets NodeCache from LocalModelCaches.
WeightSource weightSourceOfUri(std::string_view storageUri);

/// One effective setting and where it comes from. `source` is "annotation <key>",
/// "spec <field>", "default (<where the default is defined>)" or "KServe" (a value
/// KServe forces, such as HPA's minimum of one replica). Both are empty when the
/// setting does not apply in the deployment's mode (e.g. a Knative window in Standard mode).
struct PolicyValue
{
    std::string value;
    std::string source;

    bool applies() const { return !source.empty(); }
    bool operator==(const PolicyValue &) const = default;
};

/// The scaling policy in force for an InferenceService, per field the operator
/// can change, with provenance (REFERENCE.md §1–§3).
struct ScalingPolicy
{
    std::string mode;       ///< "Knative", "Standard", "ModelMesh" or "unknown"
    std::string modeSource; ///< "status deploymentMode", "annotation serving.kserve.io/deploymentMode" or a default
    PolicyValue autoscalerClass; ///< Knative: kpa.autoscaling.knative.dev, …; Standard: hpa, keda, external, none
    PolicyValue metric;
    PolicyValue target;
    PolicyValue targetUtilizationPercent;
    PolicyValue minReplicas;
    PolicyValue maxReplicas; ///< Knative: "0" = unlimited
    PolicyValue initialScale;
    PolicyValue scaleDownDelay;
    PolicyValue scaleToZeroRetention;
    PolicyValue window;
    /// Unknown or invalid settings in words, e.g.
    /// `annotation autoscaling.knative.dev/min-scale: "two" is not a whole number`.
    std::vector<std::string> problems;

    bool operator==(const ScalingPolicy &) const = default;
};

/// One replica (pod) of a deployment, with its serving figures when metrics have them.
struct Replica
{
    std::string name;
    std::string namespaceName;
    std::string uid;
    std::string node; ///< "" while unscheduled
    double gpus = 0;
    std::string phase; ///< Pending, Running, Succeeded, Failed, Unknown or ""
    bool ready = false;
    int restarts = 0; ///< summed over init and main containers
    std::optional<SystemTime> createdAt;
    std::optional<SystemTime> readySince;
    /// Why the replica is not serving, most telling first: CrashLoopBackOff, ImagePullBackOff,
    /// OOMKilled, Error, Unschedulable, PodInitializing, ContainerCreating, ContainersNotReady,
    /// NotReady; "" when ready (see replicaStateReason).
    std::string stateReason;

    std::optional<double> requestsRunning;
    std::optional<double> requestsWaiting;
    std::optional<double> kvCacheUsage; ///< 0–1
    std::optional<double> ttftP95Seconds;
    std::optional<double> generationTokensPerSecond;

    bool operator==(const Replica &) const = default;
};

/// One InferenceService as the console shows it: what it serves, from where,
/// its replicas and the scaling policy in force.
struct Deployment
{
    struct Condition
    {
        std::string type;
        std::string status; ///< True, False or Unknown
        std::string reason;
        std::string message;

        bool operator==(const Condition &) const = default;
    };

    std::string name;
    std::string namespaceName;
    std::string uid;
    std::string mode; ///< as ScalingPolicy::mode
    WeightSource weightSource = WeightSource::Unknown;
    std::string localModelCache; ///< the LocalModelCache that holds the weights, when NodeCache
    std::string storageUri;
    std::string runtime;
    std::string modelFormat;
    double gpusPerReplica = 0;
    int readyReplicas = 0;
    int desiredReplicas = 0; ///< pods not yet terminated (phase neither Succeeded nor Failed)
    ScalingPolicy scaling;
    std::vector<Condition> conditions; ///< by type
    bool ready = false;                ///< condition Ready is True
    std::string url;
    std::string modelState;      ///< status.modelStatus.states.activeModelState
    std::string modelTransition; ///< status.modelStatus.transitionStatus
    std::string lastFailure;     ///< lastFailureInfo "reason: message", "" when none
    std::vector<Replica> replicas; ///< by name

    // Serving figures over the replicas that report them; empty when none does.
    std::optional<double> requestsRunning;           ///< sum
    std::optional<double> requestsWaiting;           ///< sum
    std::optional<double> kvCacheUsage;              ///< mean
    std::optional<double> ttftP95Seconds;            ///< max
    std::optional<double> generationTokensPerSecond; ///< sum

    bool operator==(const Deployment &) const = default;
};

/// Every deployment at one moment, sorted by namespace, then name. Immutable:
/// unchanged deployments are shared between consecutive snapshots.
struct DeploymentsSnapshot
{
    std::vector<std::shared_ptr<const Deployment>> deployments;

    /// The deployment namespace/name, or nullptr.
    std::shared_ptr<const Deployment> find(std::string_view namespaceName, std::string_view name) const;
};

} // namespace gantry::fleet

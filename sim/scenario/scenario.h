#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gantry::sim {

/// A simulated AI factory as described by a scenario file (schema in
/// resources/scenarios/README.md). Plain data: the loader fills it, the
/// controllers read it. Times are seconds of simulated time from the start;
/// sizes are bytes; bandwidths are bytes per second.
struct Scenario
{
    struct Range
    {
        double min = 0;
        double max = 0;
    };

    /// A group of identical GPU nodes, served as a MachineSet.
    struct GpuPool
    {
        std::string name;          ///< MachineSet name and the node-pool label value
        std::string gpuProduct;    ///< nvidia.com/gpu.product, e.g. "NVIDIA-H100-80GB-HBM3"
        int gpusPerNode = 8;
        double gpuMemoryBytes = 0; ///< per GPU
        int minNodes = 0;
        int maxNodes = 0;
        int initialNodes = 0;
        Range provisioningSeconds;     ///< from scale-up to node Ready
        double idleRemovalSeconds = 600; ///< an empty node above minNodes goes after this long
        double nodeCacheBytes = 0;     ///< local cache capacity per node (NVMe / page cache)
        std::map<std::string, std::string> labels; ///< extra node labels
        bool gpuTaint = true;          ///< nodes carry nvidia.com/gpu=present:NoSchedule
        /// Images on every node from boot: baked into the node image or pre-pulled
        /// by a DaemonSet, so a replica's first start there skips the pull.
        std::vector<std::string> images;
    };

    /// Where weights and images come from, and how fast.
    struct Storage
    {
        double hubBytesPerSecond = 0;          ///< hf:// — one WAN link shared by all downloads
        double objectStoreBytesPerSecond = 0;  ///< s3:// — aggregate
        double objectStorePerClientBytesPerSecond = 0;
        double sharedVolumeBytesPerSecond = 0; ///< pvc:// — aggregate of the NFS-like volume
        double sharedVolumePerClientBytesPerSecond = 0;
        double registryBytesPerSecond = 0;     ///< oci:// model images and runtime images, aggregate
        double registryPerClientBytesPerSecond = 0;
        double nodeCacheBytesPerSecond = 0;    ///< reading weights from a warm node-local cache
    };

    /// A model and the runtime that serves it.
    struct Model
    {
        std::string name;
        std::string storageUri;         ///< hf://, s3://, pvc://<claim>/<path> or oci://
        double sizeBytes = 0;
        std::string runtimeImage;       ///< e.g. "vllm/vllm-openai:v0.8.5"
        double runtimeImageBytes = 0;
        int gpusPerReplica = 1;
        double engineWarmupSeconds = 0; ///< compile, CUDA graphs, KV cache after the weights are in
        int maxConcurrencyPerReplica = 0; ///< requests one replica serves at once
        double tokensPerSecondPerReplica = 0;
        double ttftSeconds = 0;         ///< time to first token when lightly loaded
        double inputTokensPerRequest = 0;
        double outputTokensPerRequest = 0;
    };

    /// An InferenceService created when the scenario starts.
    struct Service
    {
        std::string name;
        std::string namespaceName = "default";
        std::string model;           ///< a Model's name
        std::string deploymentMode = "Knative"; ///< Knative (alias Serverless) or Standard (alias RawDeployment)
        std::string pool;            ///< a GpuPool's name (node selector); "" = any GPU node
        std::optional<int> minReplicas;
        std::optional<int> maxReplicas;
        std::optional<int> scaleTarget;
        std::string scaleMetric;     ///< concurrency, rps, …; "" = default
        std::map<std::string, std::string> annotations;
    };

    /// Requests per second offered to one service over time.
    struct Traffic
    {
        enum class Shape {
            Constant, ///< `rps` throughout
            Step,     ///< `rps` before `at`, `to` after
            Ramp,     ///< `rps` at `at` rising linearly to `to` at `at + duration`
            Daily,    ///< a day curve between `rps` (night) and `to` (peak), period `duration`
            Spike,    ///< `rps` with a burst of `to` from `at` for `duration`
            Idle,     ///< no requests from `at` for `duration` (after which `rps` resumes)
        };
        std::string service;         ///< "<namespace>/<name>" or "<name>" in default
        Shape shape = Shape::Constant;
        double rps = 0;
        double to = 0;
        double at = 0;
        double duration = 0;
    };

    struct Fault
    {
        enum class Kind {
            NodeFailure,     ///< `target` node (or "<pool>" for one of its nodes) goes NotReady
            StorageSlowdown, ///< `target` link ("hub", "objectStore", "sharedVolume", "registry") × `factor`
        };
        Kind kind = Kind::NodeFailure;
        double at = 0;
        double duration = 0; ///< 0 = until the end
        std::string target;
        double factor = 1;
    };

    /// Something the scenario does at a given time, as an operator would.
    struct Action
    {
        enum class Kind {
            Prewarm, ///< warm `model` on `nodes` (or every node of `pool`) with a prewarm Job
            Scale,   ///< set `annotations` on `service`
        };
        Kind kind = Kind::Prewarm;
        double at = 0;
        std::string model;
        std::string pool;
        std::vector<std::string> nodes;
        std::string service;
        std::map<std::string, std::string> annotations;
    };

    /// A line of the demo's story, shown from `at`.
    struct Caption
    {
        double at = 0;
        std::string title;
        std::string text;
    };

    std::string name;
    std::string description;
    double durationSeconds = 0; ///< 0 = runs until stopped
    std::vector<GpuPool> pools;
    Storage storage;
    std::vector<Model> models;
    std::vector<Service> services;
    std::vector<Traffic> traffic;
    std::vector<Fault> faults;
    std::vector<Action> actions;
    std::vector<Caption> captions;

    const Model *findModel(const std::string &modelName) const;
    const GpuPool *findPool(const std::string &poolName) const;
};

/// One problem in a scenario file, located as an editor would show it.
struct ScenarioError
{
    std::string file;
    int line = 0;   ///< 1-based; 0 when not tied to a line
    int column = 0; ///< 1-based
    std::string message;

    /// "factory.yaml:12:5: pools[1].gpusPerNode: must be between 1 and 16, got 0"
    std::string toString() const;
};

struct ScenarioLoadResult
{
    std::optional<Scenario> scenario; ///< set only when there are no errors
    std::vector<ScenarioError> errors; ///< every problem found, not just the first
};

/// Reads and validates a scenario. `fileName` is used in messages only.
ScenarioLoadResult parseScenario(const std::string &text, const std::string &fileName);
ScenarioLoadResult loadScenarioFile(const std::string &path);

} // namespace gantry::sim

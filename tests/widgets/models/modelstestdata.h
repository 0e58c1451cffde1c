#pragma once

// Realistic fleet snapshots for the models page tests, filled by hand: four
// InferenceServices as an operator would meet them (a Knative chat model
// scaling out from a model hub, an object-store model, a Standard-mode
// reasoning model on a shared volume with 4 GPUs per replica, and an OCI-image
// model in CrashLoopBackOff), with their pods, GPUs and cold starts.

#include "backend/fleet/coldstart.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/fleet.h"
#include "backend/fleet/gpupool.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace gantry::test {

using namespace std::chrono_literals;

inline SystemTime clusterNow()
{
    return SystemTime(std::chrono::seconds(1760000000)); // 2025-10-09 08:53:20 UTC
}

inline fleet::PolicyValue pv(std::string value, std::string source)
{
    return {std::move(value), std::move(source)};
}

inline fleet::Replica replica(const std::string &ns, const std::string &name, const std::string &node, double gpus, bool ready,
                              std::chrono::seconds age, std::string reason = {}, int restarts = 0)
{
    fleet::Replica r;
    r.name = name;
    r.namespaceName = ns;
    r.uid = "uid-" + name;
    r.node = node;
    r.gpus = gpus;
    r.phase = node.empty() ? "Pending" : "Running";
    r.ready = ready;
    r.restarts = restarts;
    r.createdAt = clusterNow() - age;
    if (ready)
        r.readySince = clusterNow() - age + 90s;
    r.stateReason = std::move(reason);
    return r;
}

inline fleet::Deployment::Condition condition(std::string type, std::string status, std::string reason = {}, std::string message = {})
{
    return {std::move(type), std::move(status), std::move(reason), std::move(message)};
}

inline fleet::ScalingPolicy knativePolicy(std::string target, std::string min, std::string minSource, std::string max, std::string maxSource)
{
    fleet::ScalingPolicy p;
    p.mode = "Knative";
    p.modeSource = "status deploymentMode";
    p.autoscalerClass = pv("kpa.autoscaling.knative.dev", "default (Knative pod-autoscaler-class)");
    p.metric = pv("concurrency", "default (Knative metric of class kpa)");
    p.target = pv(std::move(target), "annotation autoscaling.knative.dev/target");
    p.targetUtilizationPercent = pv("70", "default (Knative container-concurrency-target-percentage)");
    p.minReplicas = pv(std::move(min), std::move(minSource));
    p.maxReplicas = pv(std::move(max), std::move(maxSource));
    p.initialScale = pv("1", "default (Knative initial-scale)");
    p.scaleDownDelay = pv("0s", "default (Knative scale-down-delay)");
    p.scaleToZeroRetention = pv("0s", "default (Knative scale-to-zero-pod-retention-period)");
    p.window = pv("60s", "default (Knative stable-window)");
    return p;
}

inline fleet::ScalingPolicy standardPolicy(std::string min, std::string max)
{
    fleet::ScalingPolicy p;
    p.mode = "Standard";
    p.modeSource = "annotation serving.kserve.io/deploymentMode";
    p.autoscalerClass = pv("hpa", "default (KServe autoscalerClass)");
    p.metric = pv("cpu", "default (KServe HPA metric)");
    p.target = pv("80", "default (KServe DefaultCPUUtilization)");
    p.minReplicas = pv(std::move(min), "spec minReplicas");
    p.maxReplicas = pv(std::move(max), "spec maxReplicas");
    return p;
}

inline std::shared_ptr<const fleet::Deployment> chatDeployment()
{
    auto d = std::make_shared<fleet::Deployment>();
    d->name = "chat";
    d->namespaceName = "assistants";
    d->uid = "uid-chat";
    d->mode = "Knative";
    d->weightSource = fleet::WeightSource::Hub;
    d->storageUri = "hf://meta-llama/Llama-3.1-8B-Instruct";
    d->runtime = "kserve-huggingfaceserver";
    d->modelFormat = "huggingface";
    d->gpusPerReplica = 1;
    d->scaling = knativePolicy("32", "1", "default (KServe DefaultMinReplicas)", "10", "spec maxReplicas");
    d->conditions = {condition("IngressReady", "True"), condition("PredictorReady", "True"), condition("Ready", "True")};
    d->ready = true;
    d->url = "https://chat-assistants.inference.example.com";
    d->modelState = "Loaded";
    d->modelTransition = "UpToDate";
    const char *nodes[] = {"gpu-h100-01", "gpu-h100-01", "gpu-h100-02", "gpu-h100-02"};
    const char *suffixes[] = {"7d9f8-abcde", "7d9f8-fghij", "7d9f8-klmno", "7d9f8-pqrst", "7d9f8-uvwxy", "7d9f8-zz123"};
    for (int i = 0; i < 4; ++i) {
        fleet::Replica r = replica("assistants", std::string("chat-predictor-00003-deployment-") + suffixes[i], nodes[i], 1, true,
                                   std::chrono::seconds(3600 * (4 - i) + 600));
        r.requestsRunning = 10.0 + i;
        r.requestsWaiting = 4.0 + i % 2;
        r.kvCacheUsage = 0.70 + 0.02 * i;
        r.ttftP95Seconds = 0.9 + 0.1 * i;
        r.generationTokensPerSecond = 1300.0 + 25 * i;
        d->replicas.push_back(r);
    }
    for (int i = 4; i < 6; ++i)
        d->replicas.push_back(replica("assistants", std::string("chat-predictor-00003-deployment-") + suffixes[i], "", 1, false, 40s,
                                      "Unschedulable"));
    d->readyReplicas = 4;
    d->desiredReplicas = 6;
    d->requestsRunning = 46;
    d->requestsWaiting = 18;
    d->kvCacheUsage = 0.74;
    d->ttftP95Seconds = 1.2;
    d->generationTokensPerSecond = 5350;
    return d;
}

inline std::shared_ptr<const fleet::Deployment> mistralDeployment()
{
    auto d = std::make_shared<fleet::Deployment>();
    d->name = "mistral";
    d->namespaceName = "assistants";
    d->uid = "uid-mistral";
    d->mode = "Standard";
    d->weightSource = fleet::WeightSource::ObjectStore;
    d->storageUri = "s3://models/mistralai/Mistral-7B-Instruct-v0.3";
    d->runtime = "kserve-huggingfaceserver";
    d->modelFormat = "huggingface";
    d->gpusPerReplica = 1;
    d->scaling = standardPolicy("1", "4");
    d->conditions = {condition("IngressReady", "True"), condition("PredictorReady", "True"), condition("Ready", "True")};
    d->ready = true;
    d->url = "http://mistral-assistants.inference.example.com";
    for (int i = 0; i < 2; ++i) {
        fleet::Replica r = replica("assistants", "mistral-predictor-5c8b7d9f4-" + std::string(i ? "q8w2n" : "x7k4p"), "gpu-h100-03", 1,
                                   true, std::chrono::seconds(86400 * 2 + 3600 * i));
        r.requestsRunning = 6;
        r.requestsWaiting = 0;
        r.kvCacheUsage = 0.31;
        r.ttftP95Seconds = 0.34;
        r.generationTokensPerSecond = 610;
        d->replicas.push_back(r);
    }
    d->readyReplicas = 2;
    d->desiredReplicas = 2;
    d->requestsRunning = 12;
    d->requestsWaiting = 0;
    d->kvCacheUsage = 0.31;
    d->ttftP95Seconds = 0.34;
    d->generationTokensPerSecond = 1220;
    return d;
}

inline std::shared_ptr<const fleet::Deployment> reasoningDeployment()
{
    auto d = std::make_shared<fleet::Deployment>();
    d->name = "reasoning";
    d->namespaceName = "research";
    d->uid = "uid-reasoning";
    d->mode = "Standard";
    d->weightSource = fleet::WeightSource::SharedVolume;
    d->storageUri = "pvc://model-store/deepseek-r1-distill-llama-70b";
    d->runtime = "vllm-runtime";
    d->modelFormat = "vLLM";
    d->gpusPerReplica = 4;
    d->scaling = standardPolicy("2", "2");
    d->conditions = {condition("IngressReady", "True"), condition("PredictorReady", "True"), condition("Ready", "True")};
    d->ready = true;
    d->url = "http://reasoning-research.inference.example.com";
    for (int i = 0; i < 2; ++i) {
        fleet::Replica r = replica("research", "reasoning-predictor-6f5d4c8b9-" + std::string(i ? "m2v9t" : "h4j7r"),
                                   i ? "gpu-h100-04" : "gpu-h100-03", 4, true, std::chrono::seconds(3600 * 20), {}, i);
        r.requestsRunning = 3;
        r.requestsWaiting = 1;
        r.kvCacheUsage = 0.55;
        r.ttftP95Seconds = 3.4;
        r.generationTokensPerSecond = 180;
        d->replicas.push_back(r);
    }
    d->readyReplicas = 2;
    d->desiredReplicas = 2;
    d->requestsRunning = 6;
    d->requestsWaiting = 2;
    d->kvCacheUsage = 0.55;
    d->ttftP95Seconds = 3.4;
    d->generationTokensPerSecond = 360;
    return d;
}

inline std::shared_ptr<const fleet::Deployment> qwenDeployment()
{
    auto d = std::make_shared<fleet::Deployment>();
    d->name = "qwen";
    d->namespaceName = "research";
    d->uid = "uid-qwen";
    d->mode = "Knative";
    d->weightSource = fleet::WeightSource::OciImage;
    d->storageUri = "oci://registry.example.com/models/qwen2.5-7b-instruct:1.2";
    d->runtime = "kserve-huggingfaceserver";
    d->modelFormat = "huggingface";
    d->gpusPerReplica = 1;
    d->scaling = knativePolicy("16", "1", "default (KServe DefaultMinReplicas)", "3", "annotation autoscaling.knative.dev/max-scale");
    d->scaling.problems = {"annotation autoscaling.knative.dev/scale-down-delay: \"5 minutes\" is not a duration"};
    d->conditions = {condition("IngressReady", "True"),
                     condition("PredictorReady", "False", "RevisionFailed",
                               "Revision \"qwen-predictor-00002\" failed with message: Container failed with: "
                               "torch.OutOfMemoryError: CUDA out of memory."),
                     condition("Ready", "False", "RevisionFailed", "Revision \"qwen-predictor-00002\" failed")};
    d->ready = false;
    d->url = "https://qwen-research.inference.example.com";
    d->modelState = "FailedToLoad";
    d->lastFailure = "ModelLoadFailed: container kserve-container exited with code 1";
    d->replicas.push_back(replica("research", "qwen-predictor-00002-deployment-8d7c6-wq5zb", "gpu-h100-04", 1, false, 1500s,
                                  "CrashLoopBackOff", 7));
    d->readyReplicas = 0;
    d->desiredReplicas = 1;
    return d;
}

inline fleet::Gpu gpu(int index, const std::string &ns, const std::string &pod, const std::string &service, std::optional<double> util)
{
    fleet::Gpu g;
    g.index = index;
    g.podNamespace = ns;
    g.podName = pod;
    g.inferenceService = service;
    g.allocated = !pod.empty();
    g.uuid = "GPU-" + std::to_string(index);
    g.modelName = "NVIDIA H100 80GB HBM3";
    g.utilizationPercent = util;
    return g;
}

/// Pools whose GPUs carry the pods of `deployments`; utilizations cycle through a fixed pattern.
inline std::shared_ptr<const fleet::PoolsSnapshot> poolsFor(const std::vector<std::shared_ptr<const fleet::Deployment>> &deployments,
                                                           bool withReadings = true)
{
    static const double pattern[] = {63, 71, 80, 58, 92, 88, 47, 95};
    std::map<std::string, std::vector<fleet::Gpu>> byNode;
    int k = 0;
    for (const auto &d : deployments) {
        for (const fleet::Replica &r : d->replicas) {
            if (r.node.empty())
                continue;
            for (int g = 0; g < static_cast<int>(r.gpus); ++g) {
                auto &gpus = byNode[r.node];
                const bool reads = withReadings && r.ready;
                gpus.push_back(gpu(static_cast<int>(gpus.size()), r.namespaceName, r.name, d->name,
                                   reads ? std::optional<double>(pattern[k++ % 8]) : std::nullopt));
            }
        }
    }
    auto pool = std::make_shared<fleet::GpuPool>();
    pool->name = "h100";
    pool->source = "label cloud.example.com/gpu-pool";
    pool->gpuProduct = "NVIDIA-H100-80GB-HBM3";
    for (auto &[name, gpus] : byNode) {
        auto node = std::make_shared<fleet::FleetNode>();
        node->name = name;
        node->pool = "h100";
        node->gpuCapacity = 8;
        node->state = fleet::NodeState::Ready;
        while (gpus.size() < 8)
            gpus.push_back(gpu(static_cast<int>(gpus.size()), {}, {}, {}, withReadings ? std::optional<double>(0) : std::nullopt));
        node->gpus = gpus;
        pool->nodes.push_back(node);
    }
    auto pools = std::make_shared<fleet::PoolsSnapshot>();
    pools->pools.push_back(pool);
    return pools;
}

inline std::shared_ptr<const fleet::ColdStart> coldStart(const std::string &ns, const std::string &service, const std::string &pod,
                                                        std::chrono::seconds createdAgo, std::optional<std::chrono::seconds> took)
{
    auto start = std::make_shared<fleet::ColdStart>();
    start->podNamespace = ns;
    start->podName = pod;
    start->inferenceService = service;
    start->created = clusterNow() - createdAgo;
    if (took) {
        start->ready = start->created + *took;
        start->complete = true;
    }
    return start;
}

inline std::shared_ptr<const fleet::ColdStartsSnapshot> realisticColdStarts()
{
    auto snapshot = std::make_shared<fleet::ColdStartsSnapshot>();
    snapshot->starts = {
        coldStart("research", "reasoning", "reasoning-predictor-6f5d4c8b9-h4j7r", 20h, 412s),
        coldStart("assistants", "chat", "chat-predictor-00003-deployment-7d9f8-pqrst", 3h + 10min, 134s),
        coldStart("research", "qwen", "qwen-predictor-00002-deployment-8d7c6-wq5zb", 25min, 71s),
        coldStart("assistants", "chat", "chat-predictor-00003-deployment-7d9f8-uvwxy", 40s, std::nullopt),
    };
    fleet::ColdStartStats chat;
    chat.inferenceService = "chat";
    chat.namespaceName = "assistants";
    chat.count = 6;
    chat.total = {6, 118, 160, 171};
    snapshot->stats = {fleet::ColdStartStats{}, chat};
    return snapshot;
}

inline std::vector<std::shared_ptr<const fleet::Deployment>> realisticDeployments()
{
    return {chatDeployment(), mistralDeployment(), qwenDeployment(), reasoningDeployment()};
}

inline std::shared_ptr<const fleet::FleetSnapshot> snapshotOf(std::vector<std::shared_ptr<const fleet::Deployment>> deployments,
                                                             std::shared_ptr<const fleet::PoolsSnapshot> pools = {},
                                                             std::shared_ptr<const fleet::ColdStartsSnapshot> coldStarts = {},
                                                             SystemTime at = clusterNow(), std::uint64_t generation = 1)
{
    auto deploymentsSnapshot = std::make_shared<fleet::DeploymentsSnapshot>();
    deploymentsSnapshot->deployments = std::move(deployments);
    auto snapshot = std::make_shared<fleet::FleetSnapshot>();
    snapshot->generation = generation;
    snapshot->at = at;
    snapshot->deployments = deploymentsSnapshot;
    snapshot->pools = pools ? pools : std::make_shared<fleet::PoolsSnapshot>();
    snapshot->coldStarts = coldStarts ? coldStarts : std::make_shared<fleet::ColdStartsSnapshot>();
    return snapshot;
}

inline std::shared_ptr<const fleet::FleetSnapshot> realisticSnapshot()
{
    auto deployments = realisticDeployments();
    return snapshotOf(deployments, poolsFor(deployments), realisticColdStarts());
}

/// A plain deployment "model-NNNN" in namespace `ns`, for bulk tests.
inline std::shared_ptr<fleet::Deployment> plainDeployment(const std::string &ns, int number, int ready = 1)
{
    auto d = std::make_shared<fleet::Deployment>();
    char name[32];
    std::snprintf(name, sizeof name, "model-%04d", number);
    d->name = name;
    d->namespaceName = ns;
    d->mode = "Knative";
    d->weightSource = fleet::WeightSource::Hub;
    d->readyReplicas = ready;
    d->desiredReplicas = ready;
    d->ready = ready > 0;
    return d;
}

} // namespace gantry::test

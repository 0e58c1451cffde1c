#pragma once

// Notable events as an operator meets them on a GPU serving fleet. Reasons,
// sources and message texts are the real ones (kube-scheduler,
// cluster-autoscaler, kubelet, node-problem-detector, HPA and job controllers;
// see shared fixtures/events); object names are a KServe fleet's.

#include "backend/fleet/fleet.h"
#include "backend/fleet/notableevents.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace gantry::test {

using namespace std::chrono_literals;
using EventPtr = std::shared_ptr<const fleet::NotableEvent>;

inline SystemTime eventsNow()
{
    return SystemTime(std::chrono::seconds(1760000000)); // 2025-10-09 08:53:20 UTC
}

struct EventSpec
{
    std::string uid;
    std::string type;
    std::string reason;
    std::string kind;
    std::string namespaceName;
    std::string name;
    std::string message;
    std::string source;
    std::int64_t count = 1;
    std::chrono::seconds age{0};
};

inline EventPtr notable(const EventSpec &spec, SystemTime now = eventsNow())
{
    auto event = std::make_shared<fleet::NotableEvent>();
    event->uid = spec.uid;
    event->type = spec.type;
    event->reason = spec.reason;
    event->message = spec.message;
    event->category = fleet::NotableEvents::classify(spec.type, spec.reason).value_or(fleet::EventCategory::Other);
    event->objectKind = spec.kind;
    event->objectNamespace = spec.namespaceName;
    event->objectName = spec.name;
    event->source = spec.source;
    event->count = spec.count;
    event->time = now - spec.age;
    return event;
}

/// An event like `base` with another count and age (a repeat moves its time).
inline EventPtr repeated(const EventPtr &base, std::int64_t count, SystemTime time)
{
    auto event = std::make_shared<fleet::NotableEvent>(*base);
    event->count = count;
    event->time = time;
    return event;
}

/// A snapshot holding `events`, newest first as NotableEvents publishes them.
inline std::shared_ptr<const fleet::FleetSnapshot> eventsSnapshot(std::vector<EventPtr> events, SystemTime now = eventsNow(),
                                                                   std::uint64_t generation = 1)
{
    std::sort(events.begin(), events.end(), [](const EventPtr &a, const EventPtr &b) {
        if (a->time != b->time) {
            if (!a->time || !b->time)
                return a->time.has_value();
            return *a->time > *b->time;
        }
        return a->uid < b->uid;
    });
    auto eventsPart = std::make_shared<fleet::EventsSnapshot>();
    eventsPart->events = std::move(events);
    auto snapshot = std::make_shared<fleet::FleetSnapshot>();
    snapshot->generation = generation;
    snapshot->at = now;
    snapshot->events = std::move(eventsPart);
    return snapshot;
}

/// `count` synthetic warnings, one second apart, the newest `newestAge` old.
inline std::vector<EventPtr> burst(int count, const std::string &prefix, std::chrono::seconds newestAge = 0s)
{
    std::vector<EventPtr> events;
    events.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const std::string n = std::to_string(i);
        events.push_back(notable({prefix + "-" + n, i % 3 ? "Warning" : "Normal", i % 3 ? "FailedScheduling" : "TriggeredScaleUp", "Pod",
                                  "bulk", "llama-predictor-" + n,
                                  i % 3 ? "0/12 nodes are available: 12 Insufficient nvidia.com/gpu." : "pod triggered scale-up: [{gpu-h100 3->4 (max: 16)}]",
                                  i % 3 ? "default-scheduler" : "cluster-autoscaler", 1, newestAge + std::chrono::seconds(i)}));
    }
    return events;
}

inline std::vector<EventPtr> realisticEvents()
{
    return {
        notable({"ev-sched-qwen", "Warning", "FailedScheduling", "Pod", "research", "qwen-predictor-00002-deployment-6f7c9d8b5-x2kq9",
                 "0/6 nodes are available: 6 Insufficient nvidia.com/gpu. preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.",
                 "default-scheduler", 70, 40s}),
        notable({"ev-scaleup-qwen", "Normal", "TriggeredScaleUp", "Pod", "research", "qwen-predictor-00002-deployment-6f7c9d8b5-x2kq9",
                 "pod triggered scale-up: [{gpu-h100-pool 3->4 (max: 8)}]", "cluster-autoscaler", 1, 95s}),
        notable({"ev-backoff-chat", "Warning", "BackOff", "Pod", "assistants", "chat-predictor-00004-deployment-5cc594fd46-hg5rw",
                 "Back-off restarting failed container kserve-container in pod chat-predictor-00004-deployment-5cc594fd46-hg5rw_assistants(a954616f-1e09-4496-be7b-9d5322d99875)",
                 "kubelet", 23, 2min}),
        notable({"ev-startup-chat", "Warning", "Unhealthy", "Pod", "assistants", "chat-predictor-00004-deployment-5cc594fd46-hg5rw",
                 "Startup probe failed: Get \"http://10.244.0.13:8080/health\": dial tcp 10.244.0.13:8080: connect: connection refused",
                 "kubelet", 3, 3min}),
        notable({"ev-oom-node", "Warning", "OOMKilling", "Node", "", "gpu-a100-03",
                 "Out of memory: Killed process 48213 (python3) total-vm:93874512kB, anon-rss:81238420kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:161212kB oom_score_adj:-997",
                 "kernel-monitor", 1, 6min}),
        notable({"ev-pull-failed", "Warning", "Failed", "Pod", "research", "mistral-predictor-00001-deployment-7b9c6d5f4-q8w2e",
                 "Failed to pull image \"registry.example.com/models/mistral-7b:oci-v2\": rpc error: code = NotFound desc = failed to pull and unpack image "
                 "\"registry.example.com/models/mistral-7b:oci-v2\": failed to resolve reference: registry.example.com/models/mistral-7b:oci-v2: not found",
                 "kubelet", 4, 9min}),
        notable({"ev-notscale-llama", "Normal", "NotTriggerScaleUp", "Pod", "assistants", "llama-predictor-00001-deployment-84f6b7c9d-m4n7p",
                 "pod didn't trigger scale-up: 1 max node group size reached, 2 node(s) didn't match Pod's node affinity/selector",
                 "cluster-autoscaler", 12, 12min}),
        notable({"ev-ready-reasoning", "Warning", "Unhealthy", "Pod", "research", "reasoning-predictor-00003-deployment-6d8f9b7c5-t5r2w",
                 "Readiness probe failed: model not loaded yet\nloading safetensors shard 17 of 32 from /mnt/models", "kubelet", 41, 16min}),
        notable({"ev-mount-reasoning", "Warning", "FailedMount", "Pod", "research", "reasoning-predictor-00003-deployment-6d8f9b7c5-t5r2w",
                 "MountVolume.SetUp failed for volume \"model-weights\" : rpc error: code = DeadlineExceeded desc = context deadline exceeded",
                 "kubelet", 2, 24min}),
        notable({"ev-hpa-reasoning", "Warning", "FailedGetResourceMetric", "HorizontalPodAutoscaler", "research", "reasoning-predictor",
                 "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API",
                 "horizontal-pod-autoscaler", 18, 31min}),
        notable({"ev-notready-node", "Normal", "NodeNotReady", "Node", "", "gpu-a100-07", "Node gpu-a100-07 status is now: NodeNotReady",
                 "node-controller", 1, 47min}),
        notable({"ev-prewarm-job", "Warning", "BackoffLimitExceeded", "Job", "gantry-system", "prewarm-llama-3-70b-gpu-a100-05",
                 "Job has reached the specified backoff limit", "job-controller", 1, 58min}),
        notable({"ev-sched-cpu", "Warning", "FailedScheduling", "Pod", "assistants", "embed-predictor-00001-deployment-59d7c8b6f-k3j9h",
                 "0/7 nodes are available: 3 node(s) had taints that the pod didn't tolerate, 4 Insufficient cpu.", "default-scheduler", 6,
                 2h + 10min}),
        notable({"ev-scaleup-eks", "Normal", "TriggeredScaleUp", "Pod", "assistants", "embed-predictor-00001-deployment-59d7c8b6f-k3j9h",
                 "pod triggered scale-up: [{eks-acbbb95d-8f23-5104-2f0b-00defe6f32a8 3->6 (max: 10)}]", "cluster-autoscaler", 1, 2h + 11min}),
        notable({"ev-scaledown", "Normal", "ScaleDown", "Node", "", "gpu-l4-12", "Scale-down: removing empty node gpu-l4-12",
                 "cluster-autoscaler", 1, 5h}),
        notable({"ev-isvc-failed", "Warning", "InternalError", "InferenceService", "research", "qwen",
                 "fails to reconcile predictor: admission webhook \"inferenceservice.kserve-webhook-server.validator\" denied the request",
                 "v1beta1Controllers", 3, 26h}),
    };
}

} // namespace gantry::test

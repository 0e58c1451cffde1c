#include "steadyfleet.h"

#include "sim/simulator.h"

#include <string>

namespace gantry::bench {

namespace {

using nlohmann::json;

const sim::ResourceType &type(const char *plural)
{
    return *sim::findResourceType("", "v1", plural);
}

// What the kubelet reports once every container runs and passes its readiness probe.
void markRunning(json &pod, const std::string &now)
{
    json &status = pod["status"];
    status["phase"] = "Running";
    for (json &condition : status["conditions"]) {
        const std::string name = condition.value("type", "");
        if (name == "Initialized" || name == "ContainersReady" || name == "Ready") {
            condition["status"] = "True";
            condition["lastTransitionTime"] = now;
            condition.erase("reason");
        }
    }
    for (json &init : status["initContainerStatuses"]) {
        init["ready"] = true;
        init["state"] = {{"terminated", {{"exitCode", 0}, {"reason", "Completed"}, {"startedAt", now}, {"finishedAt", now}}}};
    }
    for (json &container : status["containerStatuses"]) {
        container["ready"] = true;
        container["started"] = true;
        container["state"] = {{"running", {{"startedAt", now}}}};
    }
}

// A pod of the NVIDIA GPU Operator's dcgm-exporter DaemonSet, as it runs on every GPU node.
json exporterPod(const std::string &node, std::size_t index, const std::string &now)
{
    const std::string ip = "10.130." + std::to_string(index / 250) + "." + std::to_string(index % 250 + 2);
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata",
             {{"name", "nvidia-dcgm-exporter-" + node},
              {"namespace", "gpu-operator"},
              {"labels", {{"app", "nvidia-dcgm-exporter"}, {"app.kubernetes.io/managed-by", "gpu-operator"}}},
              {"ownerReferences",
               {{{"apiVersion", "apps/v1"}, {"kind", "DaemonSet"}, {"name", "nvidia-dcgm-exporter"},
                 {"uid", "5b0c6e0e-8f7a-4f4e-9d55-1f1f6a1d2c01"}, {"controller", true}}}}}},
            {"spec",
             {{"nodeName", node},
              {"serviceAccountName", "nvidia-dcgm-exporter"},
              {"containers",
               {{{"name", "nvidia-dcgm-exporter"},
                 {"image", "nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5-3.4.0-ubuntu22.04"},
                 {"ports", {{{"name", "metrics"}, {"containerPort", 9400}, {"protocol", "TCP"}}}},
                 {"securityContext", {{"privileged", true}}}}}},
              {"tolerations", {{{"key", "nvidia.com/gpu"}, {"operator", "Exists"}, {"effect", "NoSchedule"}}}}}},
            {"status",
             {{"phase", "Running"},
              {"hostIP", "10.128.0.1"},
              {"podIP", ip},
              {"startTime", now},
              {"conditions",
               {{{"type", "Initialized"}, {"status", "True"}, {"lastTransitionTime", now}},
                {{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", now}},
                {{"type", "ContainersReady"}, {"status", "True"}, {"lastTransitionTime", now}},
                {{"type", "PodScheduled"}, {"status", "True"}, {"lastTransitionTime", now}}}},
              {"containerStatuses",
               {{{"name", "nvidia-dcgm-exporter"},
                 {"ready", true},
                 {"started", true},
                 {"restartCount", 0},
                 {"image", "nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5-3.4.0-ubuntu22.04"},
                 {"state", {{"running", {{"startedAt", now}}}}}}}}}}};
}

} // namespace

SettledFleet settleFleet(sim::Simulator &simulator)
{
    SettledFleet settled;
    sim::ObjectStore &store = simulator.store();
    const std::string now = formatRfc3339(simulator.clock().now());
    for (const sim::ObjectPtr &pod : store.list(type("pods"), {}).items) {
        const json &object = pod->object;
        const auto spec = object.find("spec");
        if (spec == object.end() || !spec->is_object() || spec->value("nodeName", "").empty())
            continue; // waiting for a GPU: stays Pending
        const json &metadata = object.at("metadata");
        const std::string namespaceName = metadata.value("namespace", "");
        const std::string name = metadata.value("name", "");
        store.modify(type("pods"), namespaceName, name, [&](json &p) { markRunning(p, now); }, sim::WriteScope::Whole);
        ++settled.replicasReady;
    }
    store.create(type("namespaces"), {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "gpu-operator"}}}});
    std::size_t index = 0;
    for (const sim::ObjectPtr &node : store.list(type("nodes"), {}).items) {
        store.create(type("pods"), exporterPod(node->object.at("metadata").value("name", ""), index++, now));
        ++settled.exporterPods;
    }
    return settled;
}

} // namespace gantry::bench

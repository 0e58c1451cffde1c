#pragma once

// Small API objects for the pool tests, built as JSON and reduced through the
// same extract*() the informers use, so the tests see what the console sees.

#include "backend/core/rfc3339.h"
#include "backend/fleet/gpupool.h"
#include "backend/kube/compactobjects.h"
#include "backend/kube/objectstore.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gantry::fleet::test {

using nlohmann::json;

inline SystemTime at(const char *text)
{
    return *parseRfc3339(text);
}

struct NodeSpec
{
    std::string name;
    std::map<std::string, std::string> labels;
    json gpus = "8"; ///< capacity and allocatable nvidia.com/gpu; null leaves them out
    std::string ready = "True"; ///< "" leaves the Ready condition out
    std::string created = "2026-01-01T10:00:00Z";
    std::string readySince = "2026-01-01T10:03:00Z";
    bool unschedulable = false;
    std::string resourceVersion = "1";
};

inline json nodeJson(const NodeSpec &spec)
{
    json object = {{"apiVersion", "v1"}, {"kind", "Node"},
                   {"metadata", {{"name", spec.name}, {"uid", "uid-" + spec.name},
                                 {"resourceVersion", spec.resourceVersion}, {"labels", spec.labels}}}};
    if (!spec.created.empty())
        object["metadata"]["creationTimestamp"] = spec.created;
    if (spec.unschedulable)
        object["spec"]["unschedulable"] = true;
    if (!spec.gpus.is_null()) {
        object["status"]["capacity"]["nvidia.com/gpu"] = spec.gpus;
        object["status"]["allocatable"]["nvidia.com/gpu"] = spec.gpus;
    }
    if (!spec.ready.empty())
        object["status"]["conditions"] = json::array(
            {{{"type", "Ready"}, {"status", spec.ready}, {"lastTransitionTime", spec.readySince}}});
    return object;
}

/// A GPU node of gantry-sim's shape: gantry.io/pool plus GPU feature discovery labels.
inline NodeSpec poolNode(const std::string &name, const std::string &pool, const std::string &product)
{
    NodeSpec spec;
    spec.name = name;
    spec.labels = {{"gantry.io/pool", pool},
                   {"kubernetes.io/hostname", name},
                   {"node.kubernetes.io/instance-type", "p5.48xlarge"},
                   {"nvidia.com/gpu.present", "true"},
                   {"nvidia.com/gpu.product", product},
                   {"nvidia.com/gpu.count", "8"},
                   {"nvidia.com/gpu.memory", "81559"}};
    return spec;
}

struct PodSpec
{
    std::string namespaceName = "team-a";
    std::string name;
    std::string node;
    std::string phase = "Running";
    json gpus = 1;
    std::map<std::string, std::string> nodeSelector;
    std::string inferenceService;
    std::string startTime = "2026-01-01T11:00:00Z";
    std::string resourceVersion = "1";
};

inline json podJson(const PodSpec &spec)
{
    json container = {{"name", "kserve-container"}, {"image", "vllm/vllm-openai:v0.8.5"}};
    if (!spec.gpus.is_null())
        container["resources"] = {{"limits", {{"nvidia.com/gpu", spec.gpus}}},
                                  {"requests", {{"nvidia.com/gpu", spec.gpus}}}};
    json object = {{"apiVersion", "v1"}, {"kind", "Pod"},
                   {"metadata", {{"name", spec.name}, {"namespace", spec.namespaceName},
                                 {"uid", "uid-" + spec.namespaceName + "-" + spec.name},
                                 {"resourceVersion", spec.resourceVersion},
                                 {"creationTimestamp", "2026-01-01T10:59:00Z"}}},
                   {"spec", {{"containers", json::array({container})}}},
                   {"status", {{"phase", spec.phase}}}};
    if (!spec.inferenceService.empty())
        object["metadata"]["labels"]["serving.kserve.io/inferenceservice"] = spec.inferenceService;
    if (!spec.node.empty())
        object["spec"]["nodeName"] = spec.node;
    if (!spec.nodeSelector.empty())
        object["spec"]["nodeSelector"] = spec.nodeSelector;
    if (!spec.startTime.empty() && !spec.node.empty())
        object["status"]["startTime"] = spec.startTime;
    return object;
}

inline json machineSetJson(const std::string &name, std::int64_t replicas, const std::map<std::string, std::string> &nodeLabels)
{
    return {{"apiVersion", "machine.openshift.io/v1beta1"},
            {"kind", "MachineSet"},
            {"metadata", {{"name", name}, {"namespace", "openshift-machine-api"}, {"uid", "uid-ms-" + name},
                          {"resourceVersion", std::to_string(replicas)}}},
            {"spec", {{"replicas", replicas},
                      {"template", {{"spec", {{"metadata", {{"labels", nodeLabels}}}}}}}}}};
}

inline kube::CompactPtr compact(kube::ObjectKind kind, const json &object)
{
    return std::make_shared<const kube::CompactObject>(kube::extractCompact(kind, object));
}

inline kube::ChangeBatch batch(kube::ObjectKind kind, const std::vector<json> &added,
                               const std::vector<json> &modified = {}, const std::vector<json> &deleted = {})
{
    kube::ChangeBatch result;
    result.kind = kind;
    for (const json &object : added)
        result.added.push_back(compact(kind, object));
    for (const json &object : modified)
        result.modified.push_back(compact(kind, object));
    for (const json &object : deleted)
        result.deleted.push_back(compact(kind, object));
    return result;
}

inline std::shared_ptr<const GpuPool> findPool(const PoolsSnapshot &snapshot, const std::string &name)
{
    for (const auto &pool : snapshot.pools) {
        if (pool->name == name)
            return pool;
    }
    return nullptr;
}

inline std::shared_ptr<const FleetNode> findNode(const GpuPool &pool, const std::string &name)
{
    for (const auto &node : pool.nodes) {
        if (node->name == name)
            return node;
    }
    return nullptr;
}

inline const TeamAllocation *findTeam(const PoolsSnapshot &snapshot, const std::string &namespaceName)
{
    for (const TeamAllocation &team : snapshot.teams) {
        if (team.namespaceName == namespaceName)
            return &team;
    }
    return nullptr;
}

} // namespace gantry::fleet::test

#include "sim/factory/poolcontroller.h"

#include "sim/factory/factorycontext.h"

#include <cmath>

namespace gantry::sim {

namespace {

using nlohmann::json;

constexpr const char *poolLabel = "gantry.io/pool";
constexpr const char *machineNamespace = "openshift-machine-api";

std::string instanceTypeFor(const std::string &product)
{
    if (product.find("H200") != std::string::npos)
        return "p5e.48xlarge";
    if (product.find("H100") != std::string::npos)
        return "p5.48xlarge";
    if (product.find("A100") != std::string::npos)
        return "p4d.24xlarge";
    if (product.find("L40S") != std::string::npos)
        return "g6e.48xlarge";
    return "gpu.8x";
}

json readyCondition(bool ready, const std::string &time)
{
    return ready ? json{{"type", "Ready"}, {"status", "True"}, {"reason", "KubeletReady"},
                        {"message", "kubelet is posting ready status"}, {"lastHeartbeatTime", time},
                        {"lastTransitionTime", time}}
                 : json{{"type", "Ready"}, {"status", "False"}, {"reason", "KubeletNotReady"},
                        {"message", "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady"},
                        {"lastHeartbeatTime", time}, {"lastTransitionTime", time}};
}

bool nodeReady(const json &node)
{
    return conditionTrue(node, "Ready");
}

} // namespace

PoolController::PoolController(FactoryContext &context)
    : m_context(context)
{
}

void PoolController::setUp()
{
    ObjectStore &store = m_context.store;
    if (!store.get(types::namespaces(), {}, machineNamespace))
        store.create(types::namespaces(), {{"apiVersion", "v1"}, {"kind", "Namespace"},
                                           {"metadata", {{"name", machineNamespace}}}});
    for (const Scenario::GpuPool &pool : m_context.scenario.pools) {
        store.create(types::machineSets(),
                     {{"apiVersion", "machine.openshift.io/v1beta1"},
                      {"kind", "MachineSet"},
                      {"metadata",
                       {{"name", pool.name},
                        {"namespace", machineNamespace},
                        {"labels", {{"machine.openshift.io/cluster-api-cluster", "gantry-sim"}}},
                        // The annotations OpenShift's cluster autoscaler reads for the bounds.
                        {"annotations",
                         {{"machine.openshift.io/cluster-api-autoscaler-node-group-min-size", std::to_string(pool.minNodes)},
                          {"machine.openshift.io/cluster-api-autoscaler-node-group-max-size", std::to_string(pool.maxNodes)},
                          {"machine.openshift.io/GPU", std::to_string(pool.gpusPerNode)}}}}},
                      {"spec",
                       {{"replicas", pool.initialNodes},
                        {"selector", {{"matchLabels", {{"machine.openshift.io/cluster-api-machineset", pool.name}}}}},
                        {"template",
                         {{"metadata", {{"labels", {{"machine.openshift.io/cluster-api-machineset", pool.name}}}}},
                          {"spec", {{"metadata", {{"labels", {{poolLabel, pool.name}}}}},
                                    {"providerSpec", {{"value", {{"instanceType", instanceTypeFor(pool.gpuProduct)}}}}}}}}}}},
                      {"status", {{"replicas", 0}, {"readyReplicas", 0}, {"availableReplicas", 0}}}});
        for (int i = 0; i < pool.initialNodes; ++i)
            createNode(pool, true);
    }
    updateMachineSetStatus();
}

void PoolController::createNode(const Scenario::GpuPool &pool, bool ready)
{
    // "<pool>-<n>", the lowest free number: the names scenario faults refer to.
    std::string name;
    for (int n = 0; name.empty() || m_context.nodes.count(name); ++n)
        name = pool.name + "-" + std::to_string(n);
    const std::string now = formatRfc3339(m_context.clock.now());
    const int index = static_cast<int>(m_context.nodes.size());

    json labels = {{"kubernetes.io/hostname", name},
                   {"kubernetes.io/os", "linux"},
                   {"kubernetes.io/arch", "amd64"},
                   {"node-role.kubernetes.io/worker", ""},
                   {"node.kubernetes.io/instance-type", instanceTypeFor(pool.gpuProduct)},
                   {poolLabel, pool.name},
                   // The labels NVIDIA's GPU feature discovery puts on GPU nodes.
                   {"nvidia.com/gpu.present", "true"},
                   {"nvidia.com/gpu.product", pool.gpuProduct},
                   {"nvidia.com/gpu.count", std::to_string(pool.gpusPerNode)},
                   {"nvidia.com/gpu.memory", std::to_string(static_cast<long long>(pool.gpuMemoryBytes / (1024.0 * 1024.0)))}};
    for (const auto &[key, value] : pool.labels)
        labels[key] = value;

    json taints = json::array();
    if (pool.gpuTaint)
        taints.push_back({{"key", "nvidia.com/gpu"}, {"value", "present"}, {"effect", "NoSchedule"}});
    if (!ready)
        taints.push_back({{"key", "node.kubernetes.io/not-ready"}, {"effect", "NoSchedule"}, {"timeAdded", now}});

    const std::string gpus = std::to_string(pool.gpusPerNode);
    const json resources = {{"cpu", "192"}, {"memory", "2063731760Ki"}, {"pods", "250"},
                            {"ephemeral-storage", "7499362Mi"}, {"nvidia.com/gpu", gpus}};
    json node = {{"apiVersion", "v1"},
                 {"kind", "Node"},
                 {"metadata",
                  {{"name", name},
                   {"labels", labels},
                   {"annotations", {{"machine.openshift.io/machine", std::string(machineNamespace) + "/" + name}}}}},
                 {"spec", {{"providerID", "gantry-sim:///" + pool.name + "/" + name}, {"taints", taints}}},
                 {"status",
                  {{"capacity", resources},
                   {"allocatable", resources},
                   {"conditions", json::array({readyCondition(ready, now)})},
                   {"addresses", json::array({{{"type", "InternalIP"},
                                               {"address", "10.128." + std::to_string(index / 250) + "."
                                                               + std::to_string(index % 250 + 1)}},
                                              {{"type", "Hostname"}, {"address", name}}})},
                   {"nodeInfo", {{"kubeletVersion", "v1.32.0"}, {"containerRuntimeVersion", "cri-o://1.32.0"},
                                 {"osImage", "Red Hat Enterprise Linux CoreOS"}, {"architecture", "amd64"},
                                 {"operatingSystem", "linux"}}}}}};
    m_context.store.create(types::nodes(), std::move(node));

    NodeRuntime runtime;
    runtime.pool = pool.name;
    runtime.readyAt = ready ? m_context.now() : m_context.now() + m_context.uniform(pool.provisioningSeconds.min,
                                                                                      pool.provisioningSeconds.max);
    runtime.idleSince = m_context.now();
    runtime.images.insert(pool.images.begin(), pool.images.end());
    m_context.nodes[name] = runtime;
}

void PoolController::reconcile()
{
    finishProvisioning();
    // cluster-autoscaler looks at the cluster every --scan-interval (10 s by default).
    constexpr double scanInterval = 10;
    if (m_context.now() - m_lastScan >= scanInterval) {
        m_lastScan = m_context.now();
        scaleUpForPendingPods();
        removeIdleNodes();
    }
    updateMachineSetStatus();
}

void PoolController::finishProvisioning()
{
    for (auto &[name, runtime] : m_context.nodes) {
        if (runtime.readyAt > m_context.now() || runtime.failed)
            continue;
        const ObjectPtr node = m_context.store.get(types::nodes(), {}, name);
        if (!node || nodeReady(node->object))
            continue;
        const std::string now = formatRfc3339(m_context.clock.now());
        const ObjectPtr updated = m_context.store.modify(types::nodes(), {}, name, [&](json &object) {
            object["status"]["conditions"] = json::array({readyCondition(true, now)});
            json kept = json::array();
            for (const auto &taint : arrayAt(object, {"spec", "taints"})) {
                if (!taint.is_object() || taint.value("key", "") != "node.kubernetes.io/not-ready")
                    kept.push_back(taint);
            }
            object["spec"]["taints"] = kept;
        }, WriteScope::Whole);
        m_context.events.record(updated->object, "Normal", "NodeReady", "Node " + name + " status is now: NodeReady",
                                "kubelet", name);
    }
}

void PoolController::scaleUpForPendingPods()
{
    // GPUs already on their way: free GPUs of nodes still provisioning, per pool.
    std::map<std::string, int> incoming;
    std::map<std::string, int> nodeCount;
    for (const auto &[name, runtime] : m_context.nodes) {
        ++nodeCount[runtime.pool];
        if (runtime.readyAt > m_context.now()) {
            if (const Scenario::GpuPool *pool = m_context.scenario.findPool(runtime.pool))
                incoming[runtime.pool] += pool->gpusPerNode;
        }
    }
    // Requests of pods the scheduler could not place, per pool they can go to.
    std::map<std::string, int> demand;
    std::map<std::string, std::vector<ObjectPtr>> waiting;
    std::vector<ObjectPtr> unplaceable;
    for (const ObjectPtr &pod : m_context.store.list(types::pods(), {}).items) {
        const json &object = pod->object;
        const int gpus = gpuRequest(object);
        if (gpus == 0 || !stringAt(object, {"spec", "nodeName"}).empty() || isTerminating(object)
            || stringAt(object, {"status", "phase"}) != "Pending")
            continue;
        bool unschedulable = false;
        for (const auto &condition : arrayAt(object, {"status", "conditions"}))
            unschedulable |= condition.is_object() && condition.value("type", "") == "PodScheduled"
                && condition.value("reason", "") == "Unschedulable";
        if (!unschedulable)
            continue;
        const std::string wanted = stringAt(object, {"spec", "nodeSelector", poolLabel});
        const Scenario::GpuPool *target = nullptr;
        for (const Scenario::GpuPool &pool : m_context.scenario.pools) {
            if ((wanted.empty() || wanted == pool.name) && pool.gpusPerNode >= gpus) {
                target = &pool;
                break;
            }
        }
        if (!target) {
            unplaceable.push_back(pod);
            continue;
        }
        demand[target->name] += gpus;
        waiting[target->name].push_back(pod);
    }

    for (const Scenario::GpuPool &pool : m_context.scenario.pools) {
        const int missing = demand[pool.name] - incoming[pool.name];
        if (demand[pool.name] == 0)
            continue;
        const int current = nodeCount[pool.name];
        int add = missing > 0 ? (missing + pool.gpusPerNode - 1) / pool.gpusPerNode : 0;
        add = std::min(add, std::max(0, pool.maxNodes - current));
        if (add > 0) {
            for (int i = 0; i < add; ++i)
                createNode(pool, false);
            m_context.store.modify(types::machineSets(), machineNamespace, pool.name,
                                   [&](json &set) { set["spec"]["replicas"] = current + add; }, WriteScope::Whole);
            const std::string message = "pod triggered scale-up: [{" + pool.name + " " + std::to_string(current) + "->"
                + std::to_string(current + add) + " (max: " + std::to_string(pool.maxNodes) + ")}]";
            for (const ObjectPtr &pod : waiting[pool.name])
                m_context.events.record(pod->object, "Normal", "TriggeredScaleUp", message, "cluster-autoscaler");
        } else if (missing > 0) {
            for (const ObjectPtr &pod : waiting[pool.name])
                unplaceable.push_back(pod);
        }
    }

    // Like the real autoscaler, say why at most every 30 s per pod.
    for (const ObjectPtr &pod : unplaceable) {
        const std::string uid = stringAt(pod->object, {"metadata", "uid"});
        const auto last = m_lastScaleUpNotice.find(uid);
        if (last != m_lastScaleUpNotice.end() && m_context.now() - last->second < 30)
            continue;
        m_lastScaleUpNotice[uid] = m_context.now();
        m_context.events.record(pod->object, "Normal", "NotTriggerScaleUp",
                                "pod didn't trigger scale-up: " + std::to_string(m_context.scenario.pools.size())
                                    + " max node group size reached",
                                "cluster-autoscaler");
    }
}

void PoolController::removeIdleNodes()
{
    std::map<std::string, int> busyGpus;
    for (const ObjectPtr &pod : m_context.store.list(types::pods(), {}).items) {
        const std::string node = stringAt(pod->object, {"spec", "nodeName"});
        const std::string phase = stringAt(pod->object, {"status", "phase"});
        if (!node.empty() && phase != "Succeeded" && phase != "Failed")
            busyGpus[node] += std::max(1, gpuRequest(pod->object));
    }
    std::map<std::string, int> poolSize;
    for (const auto &[name, runtime] : m_context.nodes)
        ++poolSize[runtime.pool];

    std::vector<std::string> remove;
    for (auto &[name, runtime] : m_context.nodes) {
        if (busyGpus[name] > 0 || runtime.readyAt > m_context.now() || runtime.failed) {
            runtime.idleSince = -1;
            continue;
        }
        if (runtime.idleSince < 0)
            runtime.idleSince = m_context.now();
        const Scenario::GpuPool *pool = m_context.scenario.findPool(runtime.pool);
        if (!pool || poolSize[runtime.pool] <= pool->minNodes)
            continue;
        if (m_context.now() - runtime.idleSince >= pool->idleRemovalSeconds) {
            remove.push_back(name);
            --poolSize[runtime.pool];
        }
    }
    for (const std::string &name : remove) {
        const ObjectPtr node = m_context.store.get(types::nodes(), {}, name);
        if (node)
            m_context.events.record(node->object, "Normal", "ScaleDown",
                                    "node removed by cluster autoscaler: unneeded for "
                                        + std::to_string(static_cast<int>(m_context.scenario.findPool(m_context.nodes[name].pool)->idleRemovalSeconds))
                                        + "s",
                                    "cluster-autoscaler");
        const std::string pool = m_context.nodes[name].pool;
        m_context.nodes.erase(name);
        if (node)
            m_context.store.remove(types::nodes(), {}, name);
        m_context.store.modify(types::machineSets(), machineNamespace, pool,
                               [&](json &set) { set["spec"]["replicas"] = poolSize[pool]; }, WriteScope::Whole);
    }
}

void PoolController::updateMachineSetStatus()
{
    std::map<std::string, std::pair<int, int>> counts; // pool → (nodes, ready)
    for (const auto &[name, runtime] : m_context.nodes) {
        ++counts[runtime.pool].first;
        counts[runtime.pool].second += runtime.readyAt <= m_context.now();
    }
    for (const Scenario::GpuPool &pool : m_context.scenario.pools) {
        const auto [total, ready] = counts[pool.name];
        m_context.store.modify(types::machineSets(), machineNamespace, pool.name, [&](json &set) {
            set["status"] = {{"replicas", total}, {"readyReplicas", ready}, {"availableReplicas", ready},
                             {"fullyLabeledReplicas", total}, {"observedGeneration", field(set, {"metadata", "generation"})}};
        }, WriteScope::Status);
    }
}

} // namespace gantry::sim

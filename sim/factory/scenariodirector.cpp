#include "sim/factory/scenariodirector.h"

#include "sim/factory/factorycontext.h"

#include <cmath>

namespace gantry::sim {

namespace {

using nlohmann::json;

const char *linkName(const std::string &target)
{
    if (target == "hub")
        return "hub";
    if (target == "objectStore")
        return "objectStore";
    if (target == "sharedVolume")
        return "sharedVolume";
    if (target == "registry")
        return "registry";
    return nullptr;
}

} // namespace

ScenarioDirector::ScenarioDirector(FactoryContext &context)
    : m_context(context)
{
}

void ScenarioDirector::reconcile()
{
    const double now = m_context.now();
    const auto &faults = m_context.scenario.faults;
    for (; m_nextFault < faults.size() && faults[m_nextFault].at <= now; ++m_nextFault) {
        const Scenario::Fault &fault = faults[m_nextFault];
        if (fault.kind == Scenario::Fault::Kind::NodeFailure) {
            failNode(fault.target, fault.duration);
        } else if (const char *link = linkName(fault.target)) {
            if (Transfers::Link *l = m_context.transfers.link(link)) {
                l->slowdown = fault.factor;
                if (fault.duration > 0)
                    m_linkRecoveries[link] = now + fault.duration;
            }
        }
    }
    for (auto it = m_linkRecoveries.begin(); it != m_linkRecoveries.end();) {
        if (it->second > now) {
            ++it;
            continue;
        }
        if (Transfers::Link *l = m_context.transfers.link(it->first))
            l->slowdown = 1;
        it = m_linkRecoveries.erase(it);
    }
    for (auto it = m_nodeRecoveries.begin(); it != m_nodeRecoveries.end();) {
        if (it->second > now) {
            ++it;
            continue;
        }
        recoverNode(it->first);
        it = m_nodeRecoveries.erase(it);
    }

    const auto &captions = m_context.scenario.captions;
    for (; m_nextCaption < captions.size() && captions[m_nextCaption].at <= now; ++m_nextCaption) {
        const ObjectPtr demo = m_context.store.get(types::namespaces(), {}, "gantry-demo");
        const ObjectPtr target = demo ? demo
                                      : m_context.store.create(types::namespaces(),
                                                               {{"apiVersion", "v1"},
                                                                {"kind", "Namespace"},
                                                                {"metadata", {{"name", "gantry-demo"}}}});
        const Scenario::Caption &caption = captions[m_nextCaption];
        m_context.events.record(target->object, "Normal", "DemoCaption",
                                caption.title.empty() ? caption.text : caption.title + ": " + caption.text,
                                "gantry-sim");
    }

    const auto &actions = m_context.scenario.actions;
    for (; m_nextAction < actions.size() && actions[m_nextAction].at <= now; ++m_nextAction) {
        const Scenario::Action &action = actions[m_nextAction];
        if (action.kind == Scenario::Action::Kind::Prewarm) {
            const Scenario::Model *model = m_context.scenario.findModel(action.model);
            if (!model)
                continue;
            std::vector<std::string> nodes = action.nodes;
            if (nodes.empty()) {
                for (const auto &[name, runtime] : m_context.nodes) {
                    if (runtime.pool == action.pool && !runtime.failed)
                        nodes.push_back(name);
                }
            }
            for (const std::string &node : nodes)
                createPrewarmJob(model->storageUri, node);
        } else {
            std::string namespaceName = "default";
            std::string name = action.service;
            if (const auto slash = name.find('/'); slash != std::string::npos) {
                namespaceName = name.substr(0, slash);
                name = name.substr(slash + 1);
            }
            if (!m_context.store.get(types::inferenceServices(), namespaceName, name))
                continue;
            m_context.store.modify(types::inferenceServices(), namespaceName, name, [&](json &isvc) {
                for (const auto &[key, value] : action.annotations)
                    isvc["metadata"]["annotations"][key] = value;
            }, WriteScope::Main);
        }
    }
}

void ScenarioDirector::failNode(const std::string &target, double duration)
{
    std::string node = target;
    if (!m_context.nodes.count(node)) {
        // A pool name: the first healthy node of that pool.
        node.clear();
        for (const auto &[name, runtime] : m_context.nodes) {
            if (runtime.pool == target && !runtime.failed) {
                node = name;
                break;
            }
        }
    }
    if (node.empty() || !m_context.store.get(types::nodes(), {}, node))
        return;
    m_context.nodes[node].failed = true;
    if (duration > 0)
        m_nodeRecoveries[node] = m_context.now() + duration;
    const std::string now = formatRfc3339(m_context.clock.now());
    const ObjectPtr updated = m_context.store.modify(types::nodes(), {}, node, [&](json &object) {
        object["status"]["conditions"] = json::array(
            {{{"type", "Ready"}, {"status", "Unknown"}, {"reason", "NodeStatusUnknown"},
              {"message", "Kubelet stopped posting node status."}, {"lastHeartbeatTime", now},
              {"lastTransitionTime", now}}});
        json taints = arrayAt(object, {"spec", "taints"});
        taints.push_back({{"key", "node.kubernetes.io/unreachable"}, {"effect", "NoExecute"}, {"timeAdded", now}});
        object["spec"]["taints"] = taints;
    }, WriteScope::Whole);
    m_context.events.record(updated->object, "Normal", "NodeNotReady", "Node " + node + " status is now: NodeNotReady",
                            "node-controller");
    // Evict what ran there; the owners recreate it elsewhere.
    for (const ObjectPtr &pod : m_context.store.list(types::pods(), {}).items) {
        if (stringAt(pod->object, {"spec", "nodeName"}) != node)
            continue;
        const std::string namespaceName = stringAt(pod->object, {"metadata", "namespace"});
        const std::string name = stringAt(pod->object, {"metadata", "name"});
        m_context.events.record(pod->object, "Normal", "TaintManagerEviction",
                                "Marking for deletion Pod " + namespaceName + "/" + name, "taint-eviction-controller");
        m_context.store.remove(types::pods(), namespaceName, name);
    }
    // Its caches and images go with it.
    m_context.nodes[node].warmModels.clear();
    m_context.nodes[node].images.clear();
}

void ScenarioDirector::recoverNode(const std::string &node)
{
    if (!m_context.nodes.count(node) || !m_context.store.get(types::nodes(), {}, node))
        return;
    m_context.nodes[node].failed = false;
    // The replacement machine boots from the pool's node image again.
    if (const Scenario::GpuPool *pool = m_context.scenario.findPool(m_context.nodes[node].pool))
        m_context.nodes[node].images.insert(pool->images.begin(), pool->images.end());
    const std::string now = formatRfc3339(m_context.clock.now());
    const ObjectPtr updated = m_context.store.modify(types::nodes(), {}, node, [&](json &object) {
        object["status"]["conditions"] = json::array({{{"type", "Ready"}, {"status", "True"}, {"reason", "KubeletReady"},
                                                      {"message", "kubelet is posting ready status"},
                                                      {"lastHeartbeatTime", now}, {"lastTransitionTime", now}}});
        json kept = json::array();
        for (const auto &taint : arrayAt(object, {"spec", "taints"})) {
            if (!taint.is_object() || taint.value("key", "") != "node.kubernetes.io/unreachable")
                kept.push_back(taint);
        }
        object["spec"]["taints"] = kept;
    }, WriteScope::Whole);
    m_context.events.record(updated->object, "Normal", "NodeReady", "Node " + node + " status is now: NodeReady",
                            "kubelet", node);
}

void ScenarioDirector::createPrewarmJob(const std::string &modelUri, const std::string &node)
{
    std::string name = "prewarm-" + node;
    for (int n = 2; m_context.store.get(types::jobs(), "default", name); ++n)
        name = "prewarm-" + node + "-" + std::to_string(n);
    json container = {{"name", "prewarm"},
                      {"image", "registry.access.redhat.com/ubi9/ubi-minimal:latest"},
                      {"command", {"sh", "-c", "cat /mnt/models/* > /dev/null"}},
                      {"volumeMounts", {{{"name", "models"}, {"mountPath", "/mnt/models"}, {"readOnly", true}}}}};
    json volumes = json::array();
    if (modelUri.rfind("pvc://", 0) == 0) {
        const std::string rest = modelUri.substr(6);
        volumes.push_back({{"name", "models"},
                           {"persistentVolumeClaim", {{"claimName", rest.substr(0, rest.find('/'))}, {"readOnly", true}}}});
    } else {
        volumes.push_back({{"name", "models"}, {"emptyDir", json::object()}});
    }
    json podSpec = {{"nodeName", node},
                    {"restartPolicy", "Never"},
                    {"containers", json::array({container})},
                    {"volumes", volumes},
                    {"tolerations", json::array({{{"operator", "Exists"}}})}};
    json templateSpec = {{"metadata", {{"labels", {{prewarmLabel, "true"}}}}}, {"spec", podSpec}};
    json job = {{"apiVersion", "batch/v1"},
                {"kind", "Job"},
                {"metadata",
                 {{"name", name},
                  {"namespace", "default"},
                  {"labels", {{prewarmLabel, "true"}}},
                  {"annotations", {{prewarmModelAnnotation, modelUri}, {prewarmNodeAnnotation, node}}}}},
                {"spec", {{"backoffLimit", 0}, {"template", templateSpec}}}};
    m_context.store.create(types::jobs(), std::move(job));
}

} // namespace gantry::sim

#include "sim/factory/scheduler.h"

#include "sim/factory/factorycontext.h"

#include <algorithm>

namespace gantry::sim {

namespace {

using nlohmann::json;

struct Candidate
{
    std::string name;
    json labels;
    json taints;
    bool ready = false;
    bool unschedulable = false;
    int capacity = 0;
    int used = 0;
};

bool tolerates(const json &tolerations, const json &taint)
{
    const std::string effect = taint.value("effect", "");
    if (effect != "NoSchedule" && effect != "NoExecute")
        return true;
    for (const auto &toleration : tolerations) {
        if (!toleration.is_object())
            continue;
        const std::string key = toleration.value("key", "");
        const std::string op = toleration.value("operator", "Equal");
        const std::string tolerationEffect = toleration.value("effect", "");
        if (!tolerationEffect.empty() && tolerationEffect != effect)
            continue;
        if (key.empty() && op == "Exists")
            return true;
        if (key != taint.value("key", ""))
            continue;
        if (op == "Exists" || toleration.value("value", "") == taint.value("value", ""))
            return true;
    }
    return false;
}

bool selects(const json &selector, const json &labels)
{
    for (const auto &[key, value] : selector.items()) {
        if (!labels.contains(key) || labels[key] != value)
            return false;
    }
    return true;
}

int parseCount(const json &value)
{
    if (value.is_number_integer())
        return value.get<int>();
    if (value.is_string()) {
        try {
            return std::stoi(value.get<std::string>());
        } catch (...) {
            return 0;
        }
    }
    return 0;
}

std::string taintText(const json &taint)
{
    return "{" + taint.value("key", "") + ": " + taint.value("value", "") + "}";
}

} // namespace

Scheduler::Scheduler(FactoryContext &context)
    : m_context(context)
{
}

void Scheduler::reconcile()
{
    std::vector<Candidate> nodes;
    std::map<std::string, std::size_t> byName;
    for (const ObjectPtr &node : m_context.store.list(types::nodes(), {}).items) {
        const json &object = node->object;
        Candidate candidate;
        candidate.name = stringAt(object, {"metadata", "name"});
        candidate.labels = objectAt(object, {"metadata", "labels"});
        candidate.taints = arrayAt(object, {"spec", "taints"});
        candidate.unschedulable = field(object, {"spec", "unschedulable"}) == true;
        candidate.ready = conditionTrue(object, "Ready");
        candidate.capacity = parseCount(field(object, {"status", "allocatable", "nvidia.com/gpu"}));
        byName[candidate.name] = nodes.size();
        nodes.push_back(std::move(candidate));
    }

    std::vector<ObjectPtr> pending;
    for (const ObjectPtr &pod : m_context.store.list(types::pods(), {}).items) {
        const json &object = pod->object;
        const std::string node = stringAt(object, {"spec", "nodeName"});
        const std::string phase = stringAt(object, {"status", "phase"});
        if (!node.empty()) {
            if (phase != "Succeeded" && phase != "Failed" && byName.count(node))
                nodes[byName[node]].used += gpuRequest(object);
        } else if (!isTerminating(object) && phase == "Pending") {
            pending.push_back(pod);
        }
    }
    // Oldest first, as the scheduling queue orders pods of equal priority.
    std::stable_sort(pending.begin(), pending.end(), [](const ObjectPtr &a, const ObjectPtr &b) {
        return stringAt(a->object, {"metadata", "creationTimestamp"}) < stringAt(b->object, {"metadata", "creationTimestamp"});
    });

    for (const ObjectPtr &pod : pending) {
        const json &object = pod->object;
        const std::string uid = stringAt(object, {"metadata", "uid"});
        // An unschedulable pod is retried with backoff, as the scheduling queue does.
        if (const auto last = m_lastFailure.find(uid); last != m_lastFailure.end() && m_context.now() - last->second < 5)
            continue;
        const int gpus = gpuRequest(object);
        const json tolerations = arrayAt(object, {"spec", "tolerations"});
        const json selector = objectAt(object, {"spec", "nodeSelector"});
        int insufficient = 0, selectorMismatch = 0, unschedulable = 0;
        std::map<std::string, int> untolerated;
        Candidate *best = nullptr;
        for (Candidate &node : nodes) {
            if (node.unschedulable) {
                ++unschedulable;
                continue;
            }
            if (!selects(selector, node.labels)) {
                ++selectorMismatch;
                continue;
            }
            const json *blocking = nullptr;
            for (const auto &taint : node.taints) {
                if (!tolerates(tolerations, taint)) {
                    blocking = &taint;
                    break;
                }
            }
            if (blocking) {
                ++untolerated[taintText(*blocking)];
                continue;
            }
            if (node.capacity - node.used < gpus) {
                ++insufficient;
                continue;
            }
            // Pack: the node with the fewest free GPUs that still fits, then by name.
            if (!best || node.capacity - node.used < best->capacity - best->used)
                best = &node;
        }

        const std::string now = formatRfc3339(m_context.clock.now());
        if (best) {
            best->used += gpus;
            const std::string nodeName = best->name;
            const ObjectPtr bound = m_context.store.modify(types::pods(), stringAt(object, {"metadata", "namespace"}),
                                                           stringAt(object, {"metadata", "name"}), [&](json &p) {
                p["spec"]["nodeName"] = nodeName;
                json conditions = json::array();
                for (const auto &condition : arrayAt(p, {"status", "conditions"})) {
                    if (!condition.is_object() || condition.value("type", "") != "PodScheduled")
                        conditions.push_back(condition);
                }
                conditions.push_back({{"type", "PodScheduled"}, {"status", "True"}, {"lastProbeTime", nullptr},
                                      {"lastTransitionTime", now}});
                p["status"]["conditions"] = conditions;
            }, WriteScope::Whole);
            m_context.events.record(bound->object, "Normal", "Scheduled",
                                    "Successfully assigned " + stringAt(object, {"metadata", "namespace"}) + "/"
                                        + stringAt(object, {"metadata", "name"}) + " to " + nodeName,
                                    "default-scheduler", {}, EventRecorder::Style::EventsApi);
            m_lastFailure.erase(uid);
            m_lastRecorded.erase(uid);
            continue;
        }

        // Record the failure at most every 30 s, as the real scheduler's events do.
        const bool recordedRecently = m_lastRecorded.count(uid) && m_context.now() - m_lastRecorded[uid] < 30;
        m_lastFailure[uid] = m_context.now();
        if (recordedRecently)
            continue;
        m_lastRecorded[uid] = m_context.now();
        std::vector<std::string> reasons;
        if (insufficient)
            reasons.push_back(std::to_string(insufficient) + " Insufficient nvidia.com/gpu");
        for (const auto &[taint, count] : untolerated)
            reasons.push_back(std::to_string(count) + " node(s) had untolerated taint " + taint);
        if (selectorMismatch)
            reasons.push_back(std::to_string(selectorMismatch) + " node(s) didn't match Pod's node affinity/selector");
        if (unschedulable)
            reasons.push_back(std::to_string(unschedulable) + " node(s) were unschedulable");
        std::sort(reasons.begin(), reasons.end());
        std::string message = "0/" + std::to_string(nodes.size()) + " nodes are available: ";
        for (std::size_t i = 0; i < reasons.size(); ++i)
            message += (i ? ", " : "") + reasons[i];
        message += ". preemption: 0/" + std::to_string(nodes.size())
            + " nodes are available: " + std::to_string(nodes.size())
            + " No preemption victims found for incoming pod.";
        const ObjectPtr updated = m_context.store.modify(types::pods(), stringAt(object, {"metadata", "namespace"}),
                                                         stringAt(object, {"metadata", "name"}), [&](json &p) {
            json conditions = json::array();
            for (const auto &condition : arrayAt(p, {"status", "conditions"})) {
                if (!condition.is_object() || condition.value("type", "") != "PodScheduled")
                    conditions.push_back(condition);
            }
            conditions.push_back({{"type", "PodScheduled"}, {"status", "False"}, {"reason", "Unschedulable"},
                                  {"message", message}, {"lastProbeTime", nullptr}, {"lastTransitionTime", now}});
            p["status"]["conditions"] = conditions;
        }, WriteScope::Whole);
        m_context.events.record(updated->object, "Warning", "FailedScheduling", message, "default-scheduler", {},
                                EventRecorder::Style::EventsApi);
    }
}

} // namespace gantry::sim

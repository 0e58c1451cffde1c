#include "clusterchurn.h"

#include "largecluster.h"
#include "sim/api/apierror.h"
#include "sim/simulator.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

namespace gantry::bench {

namespace {

using nlohmann::json;

const sim::ResourceType &type(const char *plural)
{
    return *sim::findResourceType("", "v1", plural);
}

std::string text(const json &object, std::initializer_list<const char *> path)
{
    const json *node = &object;
    for (const char *key : path) {
        if (!node->is_object() || !node->contains(key))
            return {};
        node = &(*node)[key];
    }
    return node->is_string() ? node->get<std::string>() : std::string();
}

bool isReady(const json &pod)
{
    const json &conditions = pod["status"]["conditions"];
    if (!conditions.is_array())
        return false;
    return std::any_of(conditions.begin(), conditions.end(), [](const json &condition) {
        return condition.value("type", "") == "Ready" && condition.value("status", "") == "True";
    });
}

// What the kubelet writes when a readiness probe changes its verdict.
void setReadiness(json &pod, bool ready, const std::string &now)
{
    json &status = pod["status"];
    for (json &container : status["containerStatuses"])
        container["ready"] = ready;
    for (json &condition : status["conditions"]) {
        const std::string conditionType = condition.value("type", "");
        if (conditionType != "Ready" && conditionType != "ContainersReady")
            continue;
        condition["status"] = ready ? "True" : "False";
        condition["lastTransitionTime"] = now;
        if (ready)
            condition.erase("reason");
        else
            condition["reason"] = "ContainersNotReady";
    }
}

} // namespace

ClusterChurn::ClusterChurn(sim::Simulator &simulator, std::string probeKey)
    : m_simulator(simulator)
{
    const auto slash = probeKey.find('/');
    const std::string probeNamespace = probeKey.substr(0, slash);
    const std::string probeName = probeKey.substr(slash + 1);
    for (const sim::ObjectPtr &pod : simulator.store().list(type("pods"), {}).items) {
        const std::string service = text(pod->object, {"metadata", "labels", "serving.kserve.io/inferenceservice"});
        if (service.empty() || !isReady(pod->object))
            continue;
        PodName name{text(pod->object, {"metadata", "namespace"}), text(pod->object, {"metadata", "name"})};
        if (service == probeName && name.namespaceName == probeNamespace) {
            if (m_probePod.name.empty())
                m_probePod = name;
            continue;
        }
        m_pods.push_back(std::move(name));
    }
    std::shuffle(m_pods.begin(), m_pods.end(), m_random);
    for (const sim::ObjectPtr &node : simulator.store().list(type("nodes"), {}).items)
        m_nodes.push_back(text(node->object, {"metadata", "name"}));
}

ChurnTotals ClusterChurn::run(double writesPerSecond, double seconds,
                              const std::function<void(const std::string &)> &report)
{
    using Clock = std::chrono::steady_clock;
    ChurnTotals totals;
    if (m_pods.empty() || m_nodes.empty())
        return totals;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    auto nextProbe = start;
    std::uniform_int_distribution<int> probeGap(150, 250); // ms; irregular so probes do not lock to the publish timer
    // Ten writes in a fixed interleave: five flaps, four events, one heartbeat.
    static constexpr char pattern[] = "pepepepepn";
    std::size_t step = 0;
    while (Clock::now() < end) {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        const auto due = static_cast<std::uint64_t>(elapsed * writesPerSecond);
        while (totals.writes < due) {
            if (Clock::now() >= nextProbe) {
                probe(totals, report);
                nextProbe = Clock::now() + std::chrono::milliseconds(probeGap(m_random));
                continue;
            }
            switch (pattern[step++ % 10]) {
            case 'p': flapPod(totals); break;
            case 'e': recordUnhealthy(totals); break;
            default: heartbeatNode(totals); break;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    // Leave the pods as they were found.
    const std::string now = formatRfc3339(std::chrono::system_clock::now());
    for (const PodName &pod : m_notReady) {
        try {
            m_simulator.store().modify(type("pods"), pod.namespaceName, pod.name,
                                       [&](json &object) { setReadiness(object, true, now); }, sim::WriteScope::Whole);
        } catch (const sim::ApiError &) {
        }
    }
    m_notReady.clear();
    totals.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return totals;
}

void ClusterChurn::flapPod(ChurnTotals &totals)
{
    // About 64 pods are not ready at a time: flap one down, or the oldest back up.
    const bool recover = m_notReady.size() >= 64;
    const PodName pod = recover ? m_notReady.front() : m_pods[m_nextPod++ % m_pods.size()];
    const std::string now = formatRfc3339(std::chrono::system_clock::now());
    try {
        m_simulator.store().modify(type("pods"), pod.namespaceName, pod.name,
                                   [&](json &object) { setReadiness(object, recover, now); }, sim::WriteScope::Whole);
    } catch (const sim::ApiError &) {
    }
    if (recover)
        m_notReady.pop_front();
    else
        m_notReady.push_back(pod);
    ++totals.writes;
    ++totals.podFlaps;
}

void ClusterChurn::recordUnhealthy(ChurnTotals &totals)
{
    const PodName pod = m_notReady.empty() ? m_pods.front() : m_notReady[m_random() % m_notReady.size()];
    const sim::ObjectPtr stored = m_simulator.store().get(type("pods"), pod.namespaceName, pod.name);
    if (stored) {
        const std::string ip = text(stored->object, {"status", "podIP"});
        warn(stored->object, "Unhealthy",
             "Readiness probe failed: Get \"http://" + ip + ":8080/v1/models\": dial tcp " + ip
                 + ":8080: connect: connection refused");
    }
    ++totals.writes;
    ++totals.events;
}

void ClusterChurn::heartbeatNode(ChurnTotals &totals)
{
    const std::string &node = m_nodes[m_nextNode++ % m_nodes.size()];
    // Wall-clock seconds: each heartbeat carries a new time, as the kubelet's does.
    const std::string now = formatRfc3339(std::chrono::system_clock::now());
    try {
        m_simulator.store().modify(type("nodes"), "", node, [&](json &object) {
            for (json &condition : object["status"]["conditions"])
                condition["lastHeartbeatTime"] = now;
        }, sim::WriteScope::Whole);
    } catch (const sim::ApiError &) {
    }
    ++totals.writes;
    ++totals.heartbeats;
}

void ClusterChurn::probe(ChurnTotals &totals, const std::function<void(const std::string &)> &report)
{
    const std::uint64_t sequence = ++m_probeSeq;
    const bool podProbe = sequence % 2 == 1 && !m_probePod.name.empty();
    const long long written = monotonicNanoseconds();
    if (podProbe) {
        try {
            m_simulator.store().modify(type("pods"), m_probePod.namespaceName, m_probePod.name, [&](json &object) {
                for (json &container : object["status"]["containerStatuses"])
                    if (container.value("name", "") == "kserve-container")
                        container["restartCount"] = sequence;
            }, sim::WriteScope::Whole);
        } catch (const sim::ApiError &) {
            return;
        }
    } else {
        const sim::ObjectPtr pod = m_simulator.store().get(type("pods"), m_probePod.namespaceName, m_probePod.name);
        if (!pod)
            return;
        warn(pod->object, "BenchmarkProbe", "probe " + std::to_string(sequence));
    }
    report((podProbe ? "pod " : "event ") + std::to_string(sequence) + ' ' + std::to_string(written));
    ++totals.writes;
    ++totals.probes;
}

void ClusterChurn::warn(const json &pod, const std::string &reason, const std::string &message)
{
    const std::string namespaceName = text(pod, {"metadata", "namespace"});
    const std::string podName = text(pod, {"metadata", "name"});
    const std::string key = text(pod, {"metadata", "uid"}) + '/' + reason + '/' + message;
    const std::string now = formatRfc3339(std::chrono::system_clock::now());
    if (const auto known = m_eventNames.find(key); known != m_eventNames.end()) {
        try {
            m_simulator.store().modify(type("events"), namespaceName, known->second, [&](json &event) {
                event["count"] = event.value("count", 1) + 1;
                event["lastTimestamp"] = now;
            }, sim::WriteScope::Whole);
            return;
        } catch (const sim::ApiError &) {
            m_eventNames.erase(known);
        }
    }
    // Names of their own (".b…"), apart from the factory's recorder's.
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".b%015llx", static_cast<unsigned long long>(++m_eventSeq));
    const std::string node = text(pod, {"spec", "nodeName"});
    json event = {{"apiVersion", "v1"},
                  {"kind", "Event"},
                  {"metadata", {{"name", podName + suffix}, {"namespace", namespaceName}}},
                  {"involvedObject",
                   {{"kind", "Pod"}, {"apiVersion", "v1"}, {"namespace", namespaceName}, {"name", podName},
                    {"uid", text(pod, {"metadata", "uid"})}, {"fieldPath", "spec.containers{kserve-container}"}}},
                  {"reason", reason},
                  {"message", message},
                  {"type", "Warning"},
                  {"source", {{"component", "kubelet"}, {"host", node}}},
                  {"reportingComponent", "kubelet"},
                  {"reportingInstance", node},
                  {"firstTimestamp", now},
                  {"lastTimestamp", now},
                  {"count", 1},
                  {"eventTime", nullptr}};
    try {
        m_simulator.store().create(type("events"), std::move(event));
        m_eventNames[key] = podName + suffix;
    } catch (const sim::ApiError &) {
    }
}

} // namespace gantry::bench

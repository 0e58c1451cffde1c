#pragma once

// Pods, events and other objects for the cold-start tests, shaped like the real
// API objects (tests/fixtures/pods, tests/fixtures/events) and built as JSON so
// they go through the same extraction as objects from a cluster.

#include "backend/core/rfc3339.h"
#include "backend/kube/compactobjects.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace gantry::fleet::test {

/// A fixed origin: every time in a test is "T0 + n seconds".
inline SystemTime t0()
{
    return *parseRfc3339("2025-08-27T10:40:00Z");
}

inline std::string stamp(int seconds)
{
    return formatRfc3339(t0() + std::chrono::seconds(seconds));
}

inline SystemTime at(int seconds)
{
    return t0() + std::chrono::seconds(seconds);
}

/// The text of a fixture file (GANTRY_FIXTURES_DIR, else the source tree's).
inline std::string fixtureText(const std::string &relative)
{
    const char *root = std::getenv("GANTRY_FIXTURES_DIR");
    std::ifstream in(std::string(root ? root : GANTRY_SOURCE_FIXTURES_DIR) + "/" + relative);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The message of the first fixture line containing `start`, from `start` to the end of the line.
inline std::string fixtureMessage(const std::string &relative, const std::string &start)
{
    const std::string text = fixtureText(relative);
    const std::size_t at = text.find(start);
    if (at == std::string::npos) {
        ADD_FAILURE() << start << " not in " << relative;
        return {};
    }
    std::string line = text.substr(at, text.find('\n', at) - at);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
        line.pop_back();
    return line;
}

/// A KServe predictor pod as the API returns it, to be filled in by the test.
struct PodBuilder
{
    nlohmann::json object;

    explicit PodBuilder(const std::string &name, const std::string &service = "chat", int createdAt = 0,
                        const std::string &ns = "default")
    {
        object = {{"apiVersion", "v1"},
                  {"kind", "Pod"},
                  {"metadata",
                   {{"name", name},
                    {"namespace", ns},
                    {"uid", "uid-" + name},
                    {"resourceVersion", "1"},
                    {"creationTimestamp", stamp(createdAt)},
                    {"labels", {{"serving.kserve.io/inferenceservice", service}, {"component", "predictor"}}}}},
                  {"spec",
                   {{"containers",
                     {{{"name", "kserve-container"},
                       {"image", "vllm/vllm-openai:v0.7.1"},
                       {"resources", {{"limits", {{"nvidia.com/gpu", "1"}}}, {"requests", {{"nvidia.com/gpu", "1"}}}}}},
                      {{"name", "queue-proxy"}, {"image", "gcr.io/knative-releases/queue"}}}}}},
                  {"status", {{"phase", "Pending"}, {"conditions", nlohmann::json::array()}}}};
    }

    PodBuilder &condition(const std::string &type, const std::string &status, int seconds, const std::string &reason = {})
    {
        nlohmann::json condition = {{"type", type}, {"status", status}, {"lastProbeTime", nullptr},
                                    {"lastTransitionTime", stamp(seconds)}};
        if (!reason.empty())
            condition["reason"] = reason;
        object["status"]["conditions"].push_back(condition);
        return *this;
    }
    PodBuilder &scheduled(const std::string &node, int seconds)
    {
        object["spec"]["nodeName"] = node;
        return condition("PodScheduled", "True", seconds);
    }
    PodBuilder &unschedulable(int seconds) { return condition("PodScheduled", "False", seconds, "Unschedulable"); }
    PodBuilder &init(const std::string &name, int started, std::optional<int> finished, int exitCode = 0, int restarts = 0)
    {
        nlohmann::json state = finished ? nlohmann::json{{"terminated",
                                                          {{"exitCode", exitCode},
                                                           {"reason", exitCode == 0 ? "Completed" : "Error"},
                                                           {"startedAt", stamp(started)},
                                                           {"finishedAt", stamp(*finished)}}}}
                                        : nlohmann::json{{"running", {{"startedAt", stamp(started)}}}};
        object["status"]["initContainerStatuses"] = {
            {{"name", name}, {"ready", finished.has_value()}, {"restartCount", restarts}, {"state", state}}};
        return *this;
    }
    PodBuilder &serving(int started, int restarts = 0)
    {
        object["status"]["phase"] = "Running";
        object["status"]["containerStatuses"] = {
            {{"name", "kserve-container"}, {"ready", false}, {"restartCount", restarts},
             {"state", {{"running", {{"startedAt", stamp(started)}}}}}},
            {{"name", "queue-proxy"}, {"ready", true}, {"restartCount", 0},
             {"state", {{"running", {{"startedAt", stamp(started)}}}}}}};
        return *this;
    }
    PodBuilder &ready(int seconds) { return condition("ContainersReady", "True", seconds).condition("Ready", "True", seconds); }
    PodBuilder &label(const std::string &key, const std::string &value)
    {
        object["metadata"]["labels"][key] = value;
        return *this;
    }
    PodBuilder &version(const std::string &resourceVersion)
    {
        object["metadata"]["resourceVersion"] = resourceVersion;
        return *this;
    }

    kube::CompactPod compact() const { return kube::extractPod(object); }
};

/// A core/v1 Event about `pod`, legacy-recorder style (kubelet, cluster-autoscaler)
/// unless `eventsApi` (kube-scheduler: eventTime only).
inline nlohmann::json eventJson(const std::string &pod, const std::string &reason, const std::string &message, int seconds,
                                const std::string &container = {}, bool eventsApi = false, const std::string &ns = "default")
{
    static int counter = 0;
    nlohmann::json involved = {{"kind", "Pod"}, {"namespace", ns}, {"name", pod}, {"uid", "uid-" + pod}};
    // "init:<name>" names an init container, as kubelet's field path does.
    if (container.starts_with("init:"))
        involved["fieldPath"] = "spec.initContainers{" + container.substr(5) + "}";
    else if (!container.empty())
        involved["fieldPath"] = "spec.containers{" + container + "}";
    nlohmann::json event = {{"apiVersion", "v1"},
                            {"kind", "Event"},
                            {"metadata", {{"name", pod + "." + std::to_string(++counter)}, {"namespace", ns},
                                          {"uid", "event-" + std::to_string(counter)}, {"resourceVersion", "1"}}},
                            {"involvedObject", involved},
                            {"reason", reason},
                            {"message", message},
                            {"type", reason == "FailedScheduling" || reason == "Unhealthy" ? "Warning" : "Normal"}};
    if (eventsApi) {
        event["eventTime"] = formatRfc3339Micro(at(seconds));
        event["firstTimestamp"] = nullptr;
        event["lastTimestamp"] = nullptr;
    } else {
        event["firstTimestamp"] = stamp(seconds);
        event["lastTimestamp"] = stamp(seconds);
        event["count"] = 1;
    }
    return event;
}

inline kube::CompactEvent event(const std::string &pod, const std::string &reason, const std::string &message, int seconds,
                                const std::string &container = {}, bool eventsApi = false)
{
    return kube::extractEvent(eventJson(pod, reason, message, seconds, container, eventsApi));
}

/// A vLLM 0.8-style serving log whose weights are in at `weightsAt` (seconds after T0).
inline std::string vllmLog(int startedAt, int weightsAt, std::optional<int> readyAt)
{
    const auto line = [](int seconds, const std::string &file, const std::string &message) {
        const std::string text = stamp(seconds);
        return "INFO " + text.substr(5, 5) + " " + text.substr(11, 8) + " [" + file + "] " + message + "\n";
    };
    std::string log = line(startedAt, "api_server.py:1043", "vLLM API server version 0.8.5")
        + line(weightsAt, "default_loader.py:397",
               "Loading weights took " + std::to_string(weightsAt - startedAt) + ".00 seconds");
    if (readyAt) {
        log += line(*readyAt, "core.py:167", "init engine (profile, create kv cache, warmup model) took 90.84 seconds");
        log += line(*readyAt, "api_server.py:1090", "Starting vLLM API server on http://0.0.0.0:8080");
        log += "INFO:     Application startup complete.\n";
    }
    return log;
}

} // namespace gantry::fleet::test

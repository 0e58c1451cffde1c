// The reading half of prewarmaction.h: per-node progress from Jobs, their pods'
// logs, or a LocalModelCache's status.
#include "backend/actions/prewarmaction.h"

#include "backend/actions/jsonaccess.h"

namespace gantry::actions {

namespace {

using nlohmann::json;

const kube::ResourceRef kJobs { "batch", "v1", "jobs", {}, {}, {} };
const kube::ResourceRef kCaches { "serving.kserve.io", "v1alpha1", "localmodelcaches", {}, {}, {} };

} // namespace

NodePrewarmProgress PrewarmAction::jobProgress(const std::string &namespaceName, const std::string &node,
    const std::string &job, bool readLogs, std::optional<kube::ApiError> &error) const
{
    NodePrewarmProgress progress;
    progress.node = node;
    progress.object = job;
    const kube::JsonResult object = m_context.client->get(kJobs.inNamespace(namespaceName).named(job));
    if (!object) {
        if (object.error().isNotFound())
            progress.state = NodePrewarmProgress::State::Missing;
        else
            error = object.error();
        return progress;
    }
    progress.state = prewarmJobState(*object);
    if (progress.state == NodePrewarmProgress::State::Succeeded)
        progress.fraction = 1.0;
    if (progress.state == NodePrewarmProgress::State::Failed) {
        const json &conditions = jsonAt(*object, { "status", "conditions" });
        for (const json &condition : conditions.is_array() ? conditions : json::array()) {
            if (jsonString(condition, { "type" }) == "Failed")
                progress.message = jsonString(condition, { "reason" }) + ": " + jsonString(condition, { "message" });
        }
    }
    if (!readLogs || progress.state == NodePrewarmProgress::State::Pending)
        return progress;
    // The log is a bonus: a user who may read Jobs but not pods/log still sees the state.
    kube::ListOptions pods;
    pods.labelSelector = "job-name=" + job;
    const kube::JsonResult podList = m_context.client->list({ "", "v1", "pods", namespaceName, {}, {} }, pods);
    if (!podList)
        return progress;
    std::string podName;
    std::string newest;
    const json &items = jsonAt(*podList, { "items" });
    for (const json &pod : items.is_array() ? items : json::array()) {
        const std::string created = jsonString(pod, { "metadata", "creationTimestamp" });
        if (podName.empty() || created >= newest) {
            podName = jsonString(pod, { "metadata", "name" });
            newest = created;
        }
    }
    if (podName.empty())
        return progress;
    kube::LogOptions log;
    log.tailLines = 50;
    m_context.client->logs({ "", "v1", "pods", namespaceName, podName, "log" }, log, [&](std::string_view line) {
        if (line.substr(0, 8) != "prewarm:")
            return true;
        progress.lastLogLine = std::string(line.substr(0, 512));
        if (const auto fraction = prewarmLogFraction(line))
            progress.fraction = progress.state == NodePrewarmProgress::State::Succeeded ? 1.0 : *fraction;
        return true;
    });
    return progress;
}

kube::ApiResult<std::vector<NodePrewarmProgress>> PrewarmAction::progress(
    const PrewarmHandle &handle, bool readLogs) const
{
    std::vector<NodePrewarmProgress> result;
    if (handle.method == PrewarmMethod::Jobs) {
        for (std::size_t i = 0; i < handle.jobs.size() && i < handle.nodes.size(); ++i) {
            std::optional<kube::ApiError> error;
            result.push_back(jobProgress(handle.namespaceName, handle.nodes[i], handle.jobs[i], readLogs, error));
            if (error)
                return *error;
        }
        return result;
    }
    const kube::JsonResult cache = m_context.client->get(kCaches.named(handle.cacheName));
    if (!cache && !cache.error().isNotFound())
        return cache.error();
    const json &status = cache ? jsonAt(*cache, { "status", "nodeStatus" }) : json();
    std::vector<std::string> nodes = handle.nodes;
    if (nodes.empty() && status.is_object()) {
        for (const auto &[node, value] : status.items())
            nodes.push_back(node);
    }
    if (!cache && nodes.empty())
        nodes.emplace_back(); // one entry for the whole cache, so "gone" is still said
    for (const std::string &node : nodes) {
        NodePrewarmProgress progress;
        progress.node = node;
        progress.object = handle.cacheName;
        const std::string value = jsonString(status, { node });
        if (!cache) {
            progress.state = NodePrewarmProgress::State::Missing;
        } else {
            progress.state = cacheNodeState(value);
            progress.message = value.empty() ? "not (yet) listed by the cache" : value;
            if (progress.state == NodePrewarmProgress::State::Succeeded)
                progress.fraction = 1.0;
        }
        result.push_back(std::move(progress));
    }
    return result;
}

} // namespace gantry::actions

#include "backend/actions/prewarmprogress.h"

#include "backend/actions/jsonaccess.h"

#include <algorithm>
#include <charconv>

namespace gantry::actions {

namespace {

std::int64_t count(const nlohmann::json &job, const char *key)
{
    const nlohmann::json &value = jsonAt(job, { "status", key });
    return value.is_number_integer() ? value.get<std::int64_t>() : 0;
}

bool conditionTrue(const nlohmann::json &job, const char *type)
{
    const nlohmann::json &conditions = jsonAt(job, { "status", "conditions" });
    if (!conditions.is_array())
        return false;
    for (const nlohmann::json &condition : conditions) {
        if (jsonString(condition, { "type" }) == type && jsonString(condition, { "status" }) == "True")
            return true;
    }
    return false;
}

std::optional<double> number(std::string_view text)
{
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

} // namespace

const char *prewarmStateName(NodePrewarmProgress::State state)
{
    switch (state) {
    case NodePrewarmProgress::State::Pending:
        return "pending";
    case NodePrewarmProgress::State::Running:
        return "running";
    case NodePrewarmProgress::State::Succeeded:
        return "succeeded";
    case NodePrewarmProgress::State::Failed:
        return "failed";
    case NodePrewarmProgress::State::Missing:
        return "missing";
    }
    return "unknown";
}

NodePrewarmProgress::State prewarmJobState(const nlohmann::json &job)
{
    if (count(job, "succeeded") > 0 || conditionTrue(job, "Complete"))
        return NodePrewarmProgress::State::Succeeded;
    if (count(job, "failed") > 0 || conditionTrue(job, "Failed"))
        return NodePrewarmProgress::State::Failed;
    if (count(job, "active") > 0)
        return NodePrewarmProgress::State::Running;
    return NodePrewarmProgress::State::Pending;
}

std::optional<double> prewarmLogFraction(std::string_view line)
{
    constexpr std::string_view done = "prewarm: done";
    constexpr std::string_view read = "prewarm: read ";
    if (line.substr(0, done.size()) == done)
        return 1.0;
    if (line.substr(0, read.size()) != read)
        return std::nullopt;
    line.remove_prefix(read.size());
    const std::size_t slash = line.find('/');
    const std::size_t space = line.find(' ');
    if (slash == std::string_view::npos || space == std::string_view::npos || slash > space)
        return std::nullopt;
    const auto doneBytes = number(line.substr(0, slash));
    const auto totalBytes = number(line.substr(slash + 1, space - slash - 1));
    if (!doneBytes || !totalBytes || *totalBytes <= 0 || *doneBytes < 0)
        return std::nullopt;
    return std::min(1.0, *doneBytes / *totalBytes);
}

NodePrewarmProgress::State cacheNodeState(std::string_view nodeStatus)
{
    if (nodeStatus == "NodeDownloaded")
        return NodePrewarmProgress::State::Succeeded;
    if (nodeStatus == "NodeDownloading")
        return NodePrewarmProgress::State::Running;
    if (nodeStatus == "NodeDownloadError")
        return NodePrewarmProgress::State::Failed;
    return NodePrewarmProgress::State::Pending;
}

} // namespace gantry::actions

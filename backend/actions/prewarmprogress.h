#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gantry::actions {

/// How far one node is in warming a model.
struct NodePrewarmProgress {
    enum class State {
        Pending, ///< created, not running yet (or the node is not ready)
        Running, ///< reading / downloading
        Succeeded, ///< the node holds the model
        Failed,
        Missing, ///< the Job (or the cache's entry for the node) is gone
    };
    std::string node;
    std::string object; ///< the Job's name, or the LocalModelCache's
    State state = State::Pending;
    std::optional<double> fraction; ///< 0–1 when the pod's log says how far it is
    std::string lastLogLine; ///< the pod's newest "prewarm: …" line
    std::string message; ///< the failure's reason, or the cache's node status

    bool finished() const { return state == State::Succeeded || state == State::Failed || state == State::Missing; }
};

const char *prewarmStateName(NodePrewarmProgress::State state);

/// The state of a prewarm Job from its status (active/succeeded/failed, conditions).
NodePrewarmProgress::State prewarmJobState(const nlohmann::json &job);

/// The fraction a prewarm pod's log line reports: "prewarm: read 7.5/14.9 GiB of …" →
/// 0.503…, "prewarm: done, …" → 1; nullopt for other lines.
std::optional<double> prewarmLogFraction(std::string_view line);

/// A LocalModelCache's status.nodeStatus value (NodeDownloaded, NodeDownloading,
/// NodeDownloadPending, NodeNotReady, NodeDownloadError) as a state.
NodePrewarmProgress::State cacheNodeState(std::string_view nodeStatus);

} // namespace gantry::actions

#pragma once

#include "backend/kube/apistatus.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gantry::kube {

/// One event of a watch stream: `{"type":"ADDED","object":{…}}`.
struct WatchEvent
{
    enum class Type { Added, Modified, Deleted, Bookmark, Error };

    Type type = Type::Added;
    nlohmann::json object;
    /// For an ERROR event, its Status (e.g. 410 Expired "too old resource version").
    std::optional<ApiStatus> status;

    /// "ADDED", "MODIFIED", "DELETED", "BOOKMARK" or "ERROR".
    const char *typeName() const;
    /// object.metadata.resourceVersion, or "" (an ERROR's Status has none).
    std::string resourceVersion() const;
};

/// An event or why a line of the stream is not one.
struct WatchEventParse
{
    std::optional<WatchEvent> event;
    std::string error;
};

/// Reads one line of a watch stream. Blank lines give neither event nor error.
WatchEventParse parseWatchEvent(std::string_view line);

} // namespace gantry::kube

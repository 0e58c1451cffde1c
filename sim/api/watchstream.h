#pragma once

#include "sim/api/apirequest.h"
#include "sim/api/objectstore.h"
#include "sim/apimachinery/fieldselector.h"
#include "sim/apimachinery/labelselector.h"

#include <chrono>
#include <optional>

namespace gantry::sim {

/// One watch response: newline-terminated JSON events, bookmarks when asked for,
/// ended by `timeoutSeconds`, by the server stopping, or by the watcher falling
/// too far behind. A version older than the history gets a single ERROR event
/// carrying a 410 Expired Status, as the real API server sends.
class WatchStream : public ReplyStream
{
public:
    struct Options
    {
        std::optional<LabelSelector> labels;
        std::optional<FieldSelector> fields;
        bool bookmarks = false;
        std::chrono::milliseconds bookmarkInterval{5000};
        std::chrono::steady_clock::time_point deadline;
        std::uint64_t requestedVersion = 0;
    };

    /// `subscription` null means the requested version has expired.
    WatchStream(const ResourceType &type, ObjectStore &store, std::shared_ptr<WatchSubscription> subscription,
                Options options);

    bool pump(const Writer &write) override;

private:
    bool selected(const ObjectPtr &object) const;
    std::string eventLine(const char *type, const ObjectPtr &object) const;

    const ResourceType &m_type;
    ObjectStore &m_store;
    std::shared_ptr<WatchSubscription> m_subscription;
    Options m_options;
    std::chrono::steady_clock::time_point m_nextBookmark;
};

} // namespace gantry::sim

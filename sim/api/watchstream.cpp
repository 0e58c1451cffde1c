#include "sim/api/watchstream.h"

#include "sim/api/apierror.h"

namespace gantry::sim {

namespace {
constexpr std::chrono::milliseconds pollInterval{200};
}

WatchStream::WatchStream(const ResourceType &type, ObjectStore &store,
                         std::shared_ptr<WatchSubscription> subscription, Options options)
    : m_type(type)
    , m_store(store)
    , m_subscription(std::move(subscription))
    , m_options(std::move(options))
    , m_nextBookmark(std::chrono::steady_clock::now() + m_options.bookmarkInterval)
{
}

bool WatchStream::selected(const ObjectPtr &object) const
{
    if (!object)
        return false;
    if (m_options.labels && !m_options.labels->empty()) {
        const auto &metadata = object->object["metadata"];
        if (!m_options.labels->matches(metadata.contains("labels") ? metadata["labels"] : nlohmann::json()))
            return false;
    }
    return !m_options.fields || m_options.fields->matches(object->object);
}

std::string WatchStream::eventLine(const char *type, const ObjectPtr &object) const
{
    std::string line = "{\"type\":\"";
    line += type;
    line += "\",\"object\":";
    line += object->json;
    line += "}\n";
    return line;
}

bool WatchStream::pump(const Writer &write)
{
    if (!m_subscription) {
        const std::uint64_t oldest = m_store.oldestResumableVersion(m_type);
        const nlohmann::json status =
            makeStatus(410, "Expired",
                       "too old resource version: " + std::to_string(m_options.requestedVersion) + " ("
                           + std::to_string(oldest) + ")");
        write("{\"type\":\"ERROR\",\"object\":" + status.dump() + "}\n");
        return false;
    }

    const auto now = std::chrono::steady_clock::now();
    if (now >= m_options.deadline || m_subscription->isClosed())
        return false;
    const auto wait = std::min<std::chrono::steady_clock::duration>(pollInterval, m_options.deadline - now);

    // Read the store's version before taking events: once the queue is drained,
    // every change up to that version has been delivered, so it is a safe bookmark.
    const std::uint64_t versionBefore = m_store.currentResourceVersion();
    const std::vector<WatchEvent> events =
        m_subscription->take(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
    std::string out;
    for (const WatchEvent &event : events) {
        const bool now_ = selected(event.object);
        switch (event.type) {
        case WatchEventType::Added:
            if (now_)
                out += eventLine("ADDED", event.object);
            break;
        case WatchEventType::Deleted:
            if (now_)
                out += eventLine("DELETED", event.object);
            break;
        case WatchEventType::Modified: {
            // With selectors, an object entering or leaving the selection is seen
            // as added or deleted, as the real server's watch cache reports it.
            const bool before = selected(event.previous);
            if (now_ && before)
                out += eventLine("MODIFIED", event.object);
            else if (now_)
                out += eventLine("ADDED", event.object);
            else if (before)
                out += eventLine("DELETED", event.object);
            break;
        }
        }
    }
    if (!out.empty() && !write(out))
        return false;

    if (m_options.bookmarks && events.empty() && std::chrono::steady_clock::now() >= m_nextBookmark) {
        m_nextBookmark = std::chrono::steady_clock::now() + m_options.bookmarkInterval;
        const nlohmann::json bookmark = {
            {"type", "BOOKMARK"},
            {"object",
             {{"kind", m_type.kind},
              {"apiVersion", m_type.groupVersion()},
              {"metadata", {{"resourceVersion", std::to_string(versionBefore)}}}}}};
        if (!write(bookmark.dump() + "\n"))
            return false;
    }
    return !m_subscription->isClosed() || !events.empty();
}

} // namespace gantry::sim

#pragma once

#include "backend/core/rfc3339.h"
#include "backend/kube/objectstore.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace gantry::fleet {

/// What kind of trouble (or progress) an event tells about, for filtering and icons.
enum class EventCategory { Scheduling, ScaleUp, Crash, Readiness, ImagePull, Storage, Other };

/// "scheduling", "scale-up", "crash", "readiness", "image pull", "storage", "other".
const char *eventCategoryName(EventCategory category);

/// One event an operator should see, linked to the object it is about.
struct NotableEvent
{
    std::string uid;
    std::string type; ///< Normal or Warning
    std::string reason;
    std::string message;
    EventCategory category = EventCategory::Other;
    std::string objectKind; ///< involvedObject: Pod, Node, InferenceService, …
    std::string objectNamespace;
    std::string objectName;
    std::string source;
    std::int64_t count = 1;
    std::optional<SystemTime> time; ///< REFERENCE.md §7's fallback order, already applied by the store
};

struct EventsSnapshot
{
    std::vector<std::shared_ptr<const NotableEvent>> events; ///< newest first
};

/// Keeps the events worth an operator's attention: every Warning, and the
/// Normal ones that mark an elastic-serving moment (scale-ups, image pulls
/// that took long). Bounded: the newest `capacity` stay, and they outlive the
/// cluster's own event TTL.
class NotableEvents
{
public:
    explicit NotableEvents(std::size_t capacity = 2000);

    void apply(const kube::ChangeBatch &batch);
    bool dirty() const { return m_dirty; }
    std::shared_ptr<const EventsSnapshot> snapshot();

    /// Whether an event with this type and reason is kept, and under which category.
    static std::optional<EventCategory> classify(const std::string &type, const std::string &reason);

private:
    void upsert(const kube::CompactEvent &event);

    const std::size_t m_capacity;
    std::unordered_map<std::string, std::shared_ptr<const NotableEvent>> m_byUid;
    std::deque<std::string> m_order; ///< uids, oldest first
    bool m_dirty = false;
    std::shared_ptr<const EventsSnapshot> m_snapshot = std::make_shared<EventsSnapshot>();
};

} // namespace gantry::fleet

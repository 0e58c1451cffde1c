#include "backend/fleet/notableevents.h"

#include <algorithm>
#include <unordered_set>

namespace gantry::fleet {

const char *eventCategoryName(EventCategory category)
{
    switch (category) {
    case EventCategory::Scheduling: return "scheduling";
    case EventCategory::ScaleUp: return "scale-up";
    case EventCategory::Crash: return "crash";
    case EventCategory::Readiness: return "readiness";
    case EventCategory::ImagePull: return "image pull";
    case EventCategory::Storage: return "storage";
    case EventCategory::Other: return "other";
    }
    return "other";
}

NotableEvents::NotableEvents(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(capacity, 1))
{
}

std::optional<EventCategory> NotableEvents::classify(const std::string &type, const std::string &reason)
{
    // Reasons from kube-scheduler, cluster-autoscaler and kubelet (REFERENCE.md §7).
    static const std::unordered_map<std::string, EventCategory> known = {
        {"FailedScheduling", EventCategory::Scheduling},
        {"TriggeredScaleUp", EventCategory::ScaleUp},
        {"NotTriggerScaleUp", EventCategory::ScaleUp},
        {"FailedToScaleUp", EventCategory::ScaleUp},
        {"ScaleDown", EventCategory::ScaleUp},
        {"BackOff", EventCategory::Crash},
        {"OOMKilling", EventCategory::Crash},
        {"OOMKilled", EventCategory::Crash},
        {"CrashLoopBackOff", EventCategory::Crash},
        {"Unhealthy", EventCategory::Readiness},
        {"ProbeWarning", EventCategory::Readiness},
        {"Failed", EventCategory::ImagePull},
        {"ErrImagePull", EventCategory::ImagePull},
        {"ImagePullBackOff", EventCategory::ImagePull},
        {"FailedMount", EventCategory::Storage},
        {"FailedAttachVolume", EventCategory::Storage},
        {"NodeNotReady", EventCategory::Other},
    };
    const auto found = known.find(reason);
    if (found != known.end())
        return found->second;
    if (type == "Warning")
        return EventCategory::Other;
    return std::nullopt;
}

void NotableEvents::apply(const kube::ChangeBatch &batch)
{
    if (batch.kind != kube::ObjectKind::Event)
        return;
    // Deleted events stay: the cluster expires them after an hour, the operator
    // still wants to see what happened overnight.
    for (const auto *list : {&batch.added, &batch.modified}) {
        for (const kube::CompactPtr &object : *list) {
            if (const auto *event = std::get_if<kube::CompactEvent>(object.get()))
                upsert(*event);
        }
    }
}

void NotableEvents::upsert(const kube::CompactEvent &event)
{
    const auto category = classify(event.type, event.reason);
    if (!category || event.meta.uid.empty())
        return;
    auto notable = std::make_shared<NotableEvent>();
    notable->uid = event.meta.uid;
    notable->type = event.type;
    notable->reason = event.reason;
    notable->message = event.message;
    notable->category = *category;
    notable->objectKind = event.involvedKind;
    notable->objectNamespace = event.involvedNamespace;
    notable->objectName = event.involvedName;
    notable->source = event.sourceComponent;
    notable->count = std::max<std::int64_t>(event.count, 1);
    notable->time = parseRfc3339(event.timestamp);
    const bool known = m_byUid.count(notable->uid) != 0;
    m_byUid[notable->uid] = std::move(notable);
    if (!known) {
        m_order.push_back(event.meta.uid);
        while (m_order.size() > m_capacity) {
            m_byUid.erase(m_order.front());
            m_order.pop_front();
        }
    }
    m_dirty = true;
}

std::shared_ptr<const EventsSnapshot> NotableEvents::snapshot()
{
    if (!m_dirty)
        return m_snapshot;
    auto snapshot = std::make_shared<EventsSnapshot>();
    snapshot->events.reserve(m_byUid.size());
    for (const auto &[uid, event] : m_byUid)
        snapshot->events.push_back(event);
    // Newest first; events without a time sink to the end; uid breaks ties so the order is stable.
    std::sort(snapshot->events.begin(), snapshot->events.end(), [](const auto &a, const auto &b) {
        if (a->time != b->time) {
            if (!a->time || !b->time)
                return a->time.has_value();
            return *a->time > *b->time;
        }
        return a->uid < b->uid;
    });
    m_snapshot = std::move(snapshot);
    m_dirty = false;
    return m_snapshot;
}

} // namespace gantry::fleet

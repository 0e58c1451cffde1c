#include "sim/factory/eventrecorder.h"

#include "sim/api/apierror.h"
#include "sim/api/objectstore.h"
#include "sim/factory/virtualclock.h"

#include <cstdio>

namespace gantry::sim {

namespace {

const ResourceType &eventType()
{
    static const ResourceType &type = *findResourceType("", "v1", "events");
    return type;
}

std::string metaString(const nlohmann::json &object, const char *key)
{
    const auto metadata = object.find("metadata");
    if (metadata == object.end() || !metadata->is_object())
        return {};
    const auto value = metadata->find(key);
    return value != metadata->end() && value->is_string() ? value->get<std::string>() : std::string();
}

} // namespace

EventRecorder::EventRecorder(ObjectStore &store, const VirtualClock &clock)
    : m_store(store)
    , m_clock(clock)
{
}

void EventRecorder::record(const nlohmann::json &involved, const std::string &type, const std::string &reason,
                           const std::string &message, const std::string &component, const std::string &host,
                           Style style, const std::string &fieldPath)
{
    const std::string name = metaString(involved, "name");
    std::string namespaceName = metaString(involved, "namespace");
    if (namespaceName.empty())
        namespaceName = "default"; // events about cluster-scoped objects live in default, as on a real cluster
    const std::string now = formatRfc3339(m_clock.now());
    const std::string key = namespaceName + "/" + metaString(involved, "uid") + "/" + reason + "/" + message + "/" + fieldPath;

    if (const auto known = m_eventNames.find(key); known != m_eventNames.end()) {
        try {
            m_store.modify(eventType(), namespaceName, known->second, [&](nlohmann::json &event) {
                if (style == Style::Legacy) {
                    event["count"] = (event["count"].is_number_integer() ? event["count"].get<int>() : 1) + 1;
                    event["lastTimestamp"] = now;
                } else {
                    const int count = event["series"].is_object() ? event["series"].value("count", 1) + 1 : 2;
                    event["series"] = {{"count", count}, {"lastObservedTime", formatRfc3339Micro(m_clock.now())}};
                }
            }, WriteScope::Whole);
            return;
        } catch (const ApiError &) {
            m_eventNames.erase(known); // expired or deleted meanwhile: record it anew
        }
    }

    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".%016llx", static_cast<unsigned long long>(++m_counter));
    const std::string eventName = name + suffix;
    const auto text = [&](const char *member) {
        const auto it = involved.find(member);
        return it != involved.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    nlohmann::json involvedObject = {{"kind", text("kind")},
                                     {"apiVersion", text("apiVersion")},
                                     {"name", name},
                                     {"uid", metaString(involved, "uid")},
                                     {"resourceVersion", metaString(involved, "resourceVersion")}};
    if (!metaString(involved, "namespace").empty())
        involvedObject["namespace"] = namespaceName;
    if (!fieldPath.empty())
        involvedObject["fieldPath"] = fieldPath;

    nlohmann::json event = {{"apiVersion", "v1"},
                            {"kind", "Event"},
                            {"metadata", {{"name", eventName}, {"namespace", namespaceName}}},
                            {"involvedObject", involvedObject},
                            {"reason", reason},
                            {"message", message},
                            {"type", type},
                            {"reportingComponent", component},
                            {"reportingInstance", host.empty() ? component : host}};
    if (style == Style::Legacy) {
        event["source"] = host.empty() ? nlohmann::json{{"component", component}}
                                       : nlohmann::json{{"component", component}, {"host", host}};
        event["firstTimestamp"] = now;
        event["lastTimestamp"] = now;
        event["count"] = 1;
        event["eventTime"] = nullptr;
    } else {
        event["source"] = nlohmann::json::object();
        event["firstTimestamp"] = nullptr;
        event["lastTimestamp"] = nullptr;
        event["eventTime"] = formatRfc3339Micro(m_clock.now());
        event["action"] = reason == "Scheduled" ? "Binding" : "Scheduling";
    }
    m_store.create(eventType(), std::move(event));
    m_eventNames[key] = eventName;
}

} // namespace gantry::sim

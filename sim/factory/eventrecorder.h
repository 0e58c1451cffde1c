#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace gantry::sim {

class ObjectStore;
class VirtualClock;

/// Writes core/v1 Events the way the real components do, so the console's
/// evidence parsing meets the real shapes: kubelet and cluster-autoscaler use
/// the legacy recorder (source, first/lastTimestamp, count), the scheduler the
/// new one (eventTime, reportingComponent, series; no first/lastTimestamp).
/// A repeat of the same event on the same object raises its count.
class EventRecorder
{
public:
    enum class Style { Legacy, EventsApi };

    EventRecorder(ObjectStore &store, const VirtualClock &clock);

    /// `involved` is the object (pod, node, …) the event is about.
    void record(const nlohmann::json &involved, const std::string &type, const std::string &reason,
                const std::string &message, const std::string &component, const std::string &host = {},
                Style style = Style::Legacy, const std::string &fieldPath = {});

private:
    ObjectStore &m_store;
    const VirtualClock &m_clock;
    std::map<std::string, std::string> m_eventNames; ///< dedupe key → event name
    std::uint64_t m_counter = 0;
};

} // namespace gantry::sim

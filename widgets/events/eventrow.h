#pragma once

#include "backend/fleet/notableevents.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <string>

namespace gantry {

/// One row of the events table. Rows keep the order in which the table first
/// saw their event: an event that repeats (its count rises, its time moves)
/// is updated in place instead of moving, so a snapshot touching a few events
/// emits a few dataChanged and never a reset. The view sorts by time.
struct EventRow
{
    std::shared_ptr<const fleet::NotableEvent> event;
    std::uint64_t arrival = 0;
    QString haystack; ///< lower-case words the text filter searches

    const std::string &key() const { return event->uid; }
    bool before(const EventRow &other) const { return arrival < other.arrival; }
    /// Nothing a cell shows differs.
    bool sameAs(const EventRow &other) const;
};

/// What the text filter searches in `event`: type, reason, category, object, source and message.
QString eventHaystack(const fleet::NotableEvent &event);

} // namespace gantry

#pragma once

#include "backend/core/rfc3339.h"

#include <QString>

namespace gantry::fleet {
struct NotableEvent;
}

// The words the events table and the detail pane share, so both name an
// event's object and time the same way.
namespace gantry::eventtext {

/// "Pod research/qwen-7d9f", "Node gpu-a100-03" (cluster-scoped), "—" when the event names no object.
QString object(const fleet::NotableEvent &event);
/// The message's first line, with " …" when more follow.
QString firstLine(const QString &message);
/// "2025-10-09 10:53:20 (08:53:20 UTC)", or "2025-10-09 08:53:20 UTC" where local time is UTC.
QString absoluteTime(SystemTime time);
/// "Warning · crash", "Normal · scale-up".
QString typeAndCategory(const fleet::NotableEvent &event);

} // namespace gantry::eventtext

#pragma once

#include "app/operatoractions.h"
#include "widgets/palette/paletteentry.h"

#include <QStringList>

namespace gantry::fleet {
struct FleetSnapshot;
}

namespace gantry {

/// Everything the command palette offers at this moment: the pages, each model,
/// pool and node of `snapshot` (may be null), and the operator's actions (when
/// `actions` is given; each per-model action says why it is unavailable).
/// Ids: "page:<index>", "model:<ns>/<name>", "pool:<name>", "node:<name>",
/// "action:deploy", "action:scale:<ns>/<name>", "action:prewarm:<ns>/<name>".
PaletteEntries buildPaletteEntries(const fleet::FleetSnapshot *snapshot, const QStringList &pageTitles,
                                   OperatorActions *actions);

} // namespace gantry

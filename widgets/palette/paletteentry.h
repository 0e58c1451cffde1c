#pragma once

#include <QList>
#include <QString>

namespace gantry {

/// One thing the command palette can jump to or start. Plain data: whoever
/// fills the palette decides what `id` means when it is chosen.
struct PaletteEntry
{
    enum class Kind { Page, Model, Node, Pool, Action };

    Kind kind = Kind::Page;
    QString title;  ///< what is matched first and shown in bold: "chat", "Deploy model…"
    QString detail; ///< matched too, shown dimmed: "default · Knative · 2/10 replicas"
    QString id;     ///< e.g. "model:default/chat", "action:scale:default/chat"
    QString unavailable; ///< why it cannot be chosen now ("Read-only connection…"), "" when it can
};

using PaletteEntries = QList<PaletteEntry>;

} // namespace gantry

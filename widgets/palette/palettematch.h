#pragma once

#include <QString>

namespace gantry {

/// How well `query` matches an entry with `title` and `detail`, for ranking the
/// command palette: 0 means no match, higher is better. Every word of the query
/// must be found, case-insensitively, in the title or the detail. A word that
/// starts the title beats one at a word start inside it, which beats one
/// anywhere in it, which beats one only in the detail; a word whose letters
/// appear in order in the title ("l70" in "llama-3.1-70b") matches weakest.
/// Among equals, shorter titles rank higher. An empty query matches everything equally.
int paletteMatchScore(const QString &query, const QString &title, const QString &detail);

} // namespace gantry

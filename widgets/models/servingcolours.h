#pragma once

#include <QColor>

class QPalette;

// The models page's colours: text shades derived from the widget's palette
// (so light and dark themes both work) plus named data colours for series and
// states, chosen to read on either background.
namespace gantry::servingcolours {

/// How a cell or label should stand out; models return it in their SeverityRole.
enum class Severity { Normal, Muted, Good, Warning, Critical };

/// Secondary text (provenance, units, "—"): the text colour halfway to the background.
QColor muted(const QPalette &palette);
/// Text that needs attention (a False condition, CrashLoopBackOff, a policy problem).
QColor warning(const QPalette &palette);
/// Text for a failure that stops serving.
QColor critical(const QPalette &palette);
/// Text for a healthy state.
QColor good(const QPalette &palette);
/// The text colour for `severity` on `palette`; invalid for Normal (keep the palette's).
QColor forSeverity(Severity severity, const QPalette &palette);
/// True when the palette's window is dark.
bool isDark(const QPalette &palette);

/// Status dots, readable on both themes.
QColor statusReady();
QColor statusProgressing();
QColor statusFailing();

/// Chart series.
QColor seriesReplicas();
QColor seriesQueue();
QColor seriesLatency();
QColor seriesTokens();
QColor seriesGpu();

} // namespace gantry::servingcolours

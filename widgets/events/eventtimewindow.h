#pragma once

#include <QString>

#include <optional>

// How far back the Events page looks. Shared by the filter (which rows pass)
// and the table model (which rows to re-announce when the clock moves), so a
// row leaves a window exactly when the model says its age changed.
namespace gantry::eventtimewindow {

enum class Window { All, Last15Minutes, LastHour, Last6Hours, Last24Hours };

inline constexpr int windowCount = 5;

/// The window's length in seconds; nullopt for All.
std::optional<double> seconds(Window window);
/// "All time", "Last 15 min", "Last hour", …: for a selector.
QString label(Window window);
/// "in the last hour", …; "" for All: to finish a sentence.
QString phrase(Window window);
/// How many window lengths `ageSeconds` exceeds. Changes exactly when an
/// event of that age leaves some window.
int boundariesPassed(double ageSeconds);

} // namespace gantry::eventtimewindow

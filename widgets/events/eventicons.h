#pragma once

#include <QIcon>

namespace gantry::fleet {
struct NotableEvent;
}

namespace gantry {

/// The small painted icons of the events table and detail pane: saturated
/// colours with a contrasting glyph, so they read on light and dark themes.
/// Painting takes a moment, so a model keeps one instance rather than
/// painting per cell.
class EventIcons
{
public:
    EventIcons();

    /// Amber triangle with "!": a Warning.
    const QIcon &warning() const { return m_warning; }
    /// Red disc with "!": a Warning about a crash (OOMKilled, BackOff).
    const QIcon &crash() const { return m_crash; }
    /// Blue disc with an up arrow: a scaling moment.
    const QIcon &scaling() const { return m_scaling; }
    /// Blue disc with "i": any other Normal event.
    const QIcon &normal() const { return m_normal; }
    /// The icon for `event`'s type and category.
    const QIcon &forEvent(const fleet::NotableEvent &event) const;

private:
    QIcon m_warning;
    QIcon m_crash;
    QIcon m_scaling;
    QIcon m_normal;
};

} // namespace gantry

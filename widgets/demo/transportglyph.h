#pragma once

#include <QIcon>

class QPalette;

namespace gantry {

enum class TransportGlyph {
    Play,
    Pause,
    NextBeat,
    Restart,
};

/// The presenter bar's icons, drawn in the palette's button text colour: the
/// style's media icons are black whatever the theme, invisible on a dark one.
QIcon transportGlyph(TransportGlyph glyph, const QPalette &palette);

} // namespace gantry

#pragma once

#include "widgets/theme.h"

#include <QPalette>

namespace gantry::test {

/// The console's dark palette, set on a widget to check both themes work.
inline QPalette darkPalette()
{
    return paletteFor(Theme::Dark);
}

} // namespace gantry::test

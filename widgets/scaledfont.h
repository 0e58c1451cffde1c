#pragma once

#include <QFont>

#include <cmath>

namespace gantry {

/// `font` made `factor` times larger, whether it is sized in points or (as in
/// tests and some themes) in pixels.
inline QFont scaledFont(QFont font, double factor)
{
    if (font.pixelSize() > 0)
        font.setPixelSize(static_cast<int>(std::lround(font.pixelSize() * factor)));
    else
        font.setPointSizeF(font.pointSizeF() * factor);
    return font;
}

} // namespace gantry

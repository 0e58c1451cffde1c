#pragma once

#include <QPalette>
#include <QString>

#include <optional>

class QApplication;

namespace gantry {

/// The console's two looks. Every page draws with palette roles (and the few
/// status colours that read on both), so switching is a palette change.
enum class Theme {
    Light,
    Dark,
};

/// The palette of `theme`, on top of the Fusion style's defaults.
QPalette paletteFor(Theme theme);

/// Fusion style plus the theme's palette, for the whole application. Fusion
/// because it draws the same everywhere and honours every palette role.
void applyTheme(QApplication &application, Theme theme);

/// "light" / "dark" (any case); nullopt for anything else.
std::optional<Theme> themeFromName(const QString &name);
QString themeName(Theme theme);

} // namespace gantry

#pragma once

#include <QByteArray>

namespace gantry {

/// Every persisted setting, with typed accessors, so keys live in one place.
class Settings
{
public:
    /// Bump when the main window's layout changes so old saved state is ignored
    /// instead of restoring docks and splitters into the wrong places.
    static constexpr int mainWindowStateVersion = 1;

    static QByteArray mainWindowGeometry();
    static void setMainWindowGeometry(const QByteArray &geometry);
    static QByteArray mainWindowState();
    static void setMainWindowState(const QByteArray &state);
};

} // namespace gantry

#pragma once

#include <QByteArray>
#include <QString>

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
    /// "dark", "light" or "" (never chosen).
    static QString theme();
    static void setTheme(const QString &theme);
    /// The kubeconfig context of the last connection that worked.
    static QString lastContext();
    static void setLastContext(const QString &context);
};

} // namespace gantry

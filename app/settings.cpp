#include "app/settings.h"

#include <QSettings>

namespace gantry {

namespace {
const QString geometryKey = QStringLiteral("mainWindow/geometry");
const QString stateKey = QStringLiteral("mainWindow/state");
const QString themeKey = QStringLiteral("appearance/theme");
const QString lastContextKey = QStringLiteral("connection/lastContext");
} // namespace

QByteArray Settings::mainWindowGeometry()
{
    return QSettings().value(geometryKey).toByteArray();
}

void Settings::setMainWindowGeometry(const QByteArray &geometry)
{
    QSettings().setValue(geometryKey, geometry);
}

QByteArray Settings::mainWindowState()
{
    return QSettings().value(stateKey).toByteArray();
}

void Settings::setMainWindowState(const QByteArray &state)
{
    QSettings().setValue(stateKey, state);
}

QString Settings::theme()
{
    return QSettings().value(themeKey).toString();
}

void Settings::setTheme(const QString &theme)
{
    QSettings().setValue(themeKey, theme);
}

QString Settings::lastContext()
{
    return QSettings().value(lastContextKey).toString();
}

void Settings::setLastContext(const QString &context)
{
    QSettings().setValue(lastContextKey, context);
}

} // namespace gantry

#include "app/settings.h"

#include <QSettings>

namespace gantry {

namespace {
const QString geometryKey = QStringLiteral("mainWindow/geometry");
const QString stateKey = QStringLiteral("mainWindow/state");
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

} // namespace gantry

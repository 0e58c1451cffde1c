#include "app/displaycheck.h"

#include <QCoreApplication>

namespace gantry {

bool displayAvailable(const QProcessEnvironment &environment, const QStringList &arguments)
{
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        if (!environment.value(QString::fromLatin1(name)).isEmpty())
            return true;
    }
    return arguments.contains(QStringLiteral("-platform"));
}

QString noDisplayMessage()
{
    return QCoreApplication::translate(
        "gantry",
        "gantry: no display found (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM are unset).\n"
        "Gantry is a desktop window. On a machine without a display you can:\n"
        "  - forward it over SSH:            ssh -X host gantry\n"
        "  - run it on a virtual X server:   xvfb-run gantry\n"
        "  - render without showing it:      QT_QPA_PLATFORM=offscreen gantry\n");
}

} // namespace gantry

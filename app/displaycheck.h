#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace gantry {

/// True when Qt will find a window system: a display in the environment, a
/// platform chosen through QT_QPA_PLATFORM, or `-platform` on the command line.
/// Without one QApplication aborts, so main() checks first and explains instead.
bool displayAvailable(const QProcessEnvironment &environment, const QStringList &arguments);

/// What to print when there is no display: why, and how to run headless.
QString noDisplayMessage();

} // namespace gantry

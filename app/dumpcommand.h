#pragma once

#include <QStringList>

namespace gantry {

/// `gantry dump`: connects with the kubeconfig, syncs, derives the fleet and
/// prints it as JSON (resources/dump-schema.json), then exits. Headless: needs
/// a QCoreApplication at most, never a display. `arguments` starts with the
/// program name, then "dump". Returns the process exit code.
int runDumpCommand(const QStringList &arguments);

} // namespace gantry

#pragma once

#include <QStringList>

namespace gantry {

/// `gantry snapshot --out DIR`: connects (or, with --demo, runs a scenario
/// in-process for --after simulated seconds), renders the console's pages off
/// screen and writes one PNG per page plus snapshot.json, which lists the files
/// and the words readable on each page. Needs a QApplication (the offscreen
/// platform does). `arguments` starts with the program name, then "snapshot".
/// Returns the process exit code.
int runSnapshotCommand(const QStringList &arguments);

} // namespace gantry

#pragma once

#include <QString>
#include <QStringList>

namespace gantry {

/// What the user asked for on the command line.
struct CommandLineOptions
{
    bool showHelp = false;
    bool showVersion = false;
    QString kubeconfig;
    QString context;
    QString namespaceName;
    QString prometheusUrl;
    QString metricsUrl;
    bool readOnly = false;
    bool demo = false;
    QString demoScenario; ///< "" = the default factory.yaml
    double demoSpeed = 20;
};

struct CommandLineResult
{
    bool ok = false;
    CommandLineOptions options;
    QString error; ///< names the offending argument when !ok
};

/// Reads `arguments` (argv including the program name). Needs no QCoreApplication,
/// so --help and --version work on a machine without a display.
CommandLineResult parseCommandLine(const QStringList &arguments);

/// The text `gantry --help` prints.
QString commandLineHelp();

} // namespace gantry

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
    int metricsHistorySeconds = 0; ///< 0 = the default (2 h)
    bool readOnly = false;
    bool demo = false;
    QString demoScenario; ///< "" = the default factory.yaml
    double demoSpeed = 20;
    QString theme; ///< "dark", "light" or "" (the saved choice; dark in kiosk mode)
    QString configFile;
    /// --kiosk: a read-only wall screen.
    bool kiosk = false;
    QStringList kioskPages; ///< names from knownPageNames(); empty = all
    int rotateSeconds = 20; ///< 0 = no rotation
    int screen = -1;        ///< -1 = the primary screen
};

struct CommandLineResult
{
    bool ok = false;
    CommandLineOptions options;
    QString error; ///< names the offending argument when !ok
};

/// Reads `arguments` (argv including the program name) on top of `base` (what a
/// --config file said): options given on the command line win. Needs no
/// QCoreApplication, so --help and --version work on a machine without a display.
CommandLineResult parseCommandLine(const QStringList &arguments, const CommandLineOptions &base = {});

/// The value of --config in `arguments`, or "".
QString configFileArgument(const QStringList &arguments);

/// Page names for --pages and the config file: gpu, models, coldstarts, events.
QStringList knownPageNames();

/// The text `gantry --help` prints.
QString commandLineHelp();

} // namespace gantry

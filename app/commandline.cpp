#include "app/commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace gantry {

namespace {

// Options are added here only once the feature behind them works.
void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "gantry", "Gantry: a console for model serving on GPU clusters.\n\n"
                  "Headless commands:\n"
                  "  gantry dump [options]   print the GPU pools, deployments and cold starts as JSON\n"
                  "                          (gantry dump --help lists its options)"));
    parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QCoreApplication::translate("gantry", "Show this help and exit.")));
    parser.addOption(QCommandLineOption({QStringLiteral("v"), QStringLiteral("version")},
                                        QCoreApplication::translate("gantry", "Show the version and exit.")));
}

} // namespace

CommandLineResult parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    describeOptions(parser);
    CommandLineResult result;
    if (!parser.parse(arguments)) {
        result.error = parser.errorText();
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.error = QCoreApplication::translate("gantry", "Unexpected argument '%1'.")
                           .arg(parser.positionalArguments().constFirst());
        return result;
    }
    result.ok = true;
    result.options.showHelp = parser.isSet(QStringLiteral("help"));
    result.options.showVersion = parser.isSet(QStringLiteral("version"));
    return result;
}

QString commandLineHelp()
{
    QCommandLineParser parser;
    describeOptions(parser);
    return parser.helpText();
}

} // namespace gantry

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
    const auto tr = [](const char *text) { return QCoreApplication::translate("gantry", text); };
    parser.addOption({QStringLiteral("kubeconfig"), tr("Use this kubeconfig file only."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("context"), tr("Use this kubeconfig context."), QStringLiteral("name")});
    parser.addOption({{QStringLiteral("n"), QStringLiteral("namespace")}, tr("Show only this namespace."), QStringLiteral("name")});
    parser.addOption({QStringLiteral("prometheus"), tr("Read metrics from this Prometheus."), QStringLiteral("url")});
    parser.addOption({QStringLiteral("metrics-url"), tr("Without Prometheus: scrape this /metrics endpoint."), QStringLiteral("url")});
    parser.addOption({QStringLiteral("read-only"), tr("Never write to the cluster (enforced in the transport).")});
    parser.addOption({QStringLiteral("demo"),
                      tr("Run the simulated AI factory in-process and connect to it. An argument names the scenario "
                         "(factory.yaml, scale-from-zero.yaml, node-failure.yaml, large.yaml, or a file).")});
    parser.addOption({QStringLiteral("speed"), tr("Demo clock speed, times real time (default 20)."), QStringLiteral("n")});
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
    const bool demo = parser.isSet(QStringLiteral("demo"));
    // `--demo [SCENARIO]`: the one positional argument allowed, and only after --demo.
    if (demo && parser.positionalArguments().size() == 1) {
        result.options.demoScenario = parser.positionalArguments().constFirst();
    } else if (!parser.positionalArguments().isEmpty()) {
        result.error = QCoreApplication::translate("gantry", "Unexpected argument '%1'.")
                           .arg(parser.positionalArguments().constFirst());
        return result;
    }
    result.ok = true;
    result.options.showHelp = parser.isSet(QStringLiteral("help"));
    result.options.showVersion = parser.isSet(QStringLiteral("version"));
    result.options.kubeconfig = parser.value(QStringLiteral("kubeconfig"));
    result.options.context = parser.value(QStringLiteral("context"));
    result.options.namespaceName = parser.value(QStringLiteral("namespace"));
    result.options.prometheusUrl = parser.value(QStringLiteral("prometheus"));
    result.options.metricsUrl = parser.value(QStringLiteral("metrics-url"));
    result.options.readOnly = parser.isSet(QStringLiteral("read-only"));
    result.options.demo = demo;
    if (parser.isSet(QStringLiteral("speed"))) {
        bool ok = false;
        const double speed = parser.value(QStringLiteral("speed")).toDouble(&ok);
        if (!ok || speed <= 0 || speed > 1000) {
            result.ok = false;
            result.error = QCoreApplication::translate("gantry", "--speed wants a number between 0 and 1000, not '%1'.")
                               .arg(parser.value(QStringLiteral("speed")));
            return result;
        }
        result.options.demoSpeed = speed;
    }
    return result;
}

QString commandLineHelp()
{
    QCommandLineParser parser;
    describeOptions(parser);
    return parser.helpText();
}

} // namespace gantry

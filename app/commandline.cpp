#include "app/commandline.h"

#include "app/configfile.h"

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
                  "                          (gantry dump --help lists its options)\n"
                  "  gantry snapshot --out DIR [options]\n"
                  "                          render the pages to PNG without a display\n"
                  "                          (gantry snapshot --help lists its options)"));
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
    parser.addOption({QStringLiteral("metrics-history"),
                      tr("Scraping (--metrics-url, --demo): how far back to keep metrics, 30s to 24h (default 2h)."),
                      QStringLiteral("duration")});
    parser.addOption({QStringLiteral("read-only"), tr("Never write to the cluster (enforced in the transport).")});
    parser.addOption({QStringLiteral("demo"),
                      tr("Run the simulated AI factory in-process and connect to it. An argument names the scenario "
                         "(factory.yaml, scale-from-zero.yaml, node-failure.yaml, large.yaml, or a file).")});
    parser.addOption({QStringLiteral("speed"), tr("Demo clock speed, times real time (default 20)."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("theme"), tr("dark or light (default: the last choice; dark in kiosk mode)."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("kiosk"),
                      tr("Wall screen: full screen, read-only, large type, rotating pages, no dialogs.")});
    parser.addOption({QStringLiteral("pages"), tr("Kiosk pages, comma-separated: gpu, models, coldstarts, events."),
                      QStringLiteral("list")});
    parser.addOption({QStringLiteral("rotate"), tr("Kiosk: show each page this long (default 20s; 0 = no rotation)."),
                      QStringLiteral("duration")});
    parser.addOption({QStringLiteral("screen"), tr("Kiosk: the screen to fill, counting from 0."), QStringLiteral("n")});
    parser.addOption({QStringLiteral("config"), tr("Read these settings from a YAML file; options given here win."),
                      QStringLiteral("file")});
}

} // namespace

QStringList knownPageNames()
{
    return {QStringLiteral("gpu"), QStringLiteral("models"), QStringLiteral("coldstarts"), QStringLiteral("events")};
}

QString configFileArgument(const QStringList &arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--config") && i + 1 < arguments.size())
            return arguments.at(i + 1);
        if (argument.startsWith(QLatin1String("--config=")))
            return argument.mid(9);
    }
    return {};
}

CommandLineResult parseCommandLine(const QStringList &arguments, const CommandLineOptions &base)
{
    QCommandLineParser parser;
    describeOptions(parser);
    CommandLineResult result;
    result.options = base;
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
    CommandLineOptions &options = result.options;
    options.showHelp = parser.isSet(QStringLiteral("help"));
    options.showVersion = parser.isSet(QStringLiteral("version"));
    const auto take = [&parser](const char *name, QString &into) {
        if (parser.isSet(QLatin1String(name)))
            into = parser.value(QLatin1String(name));
    };
    take("kubeconfig", options.kubeconfig);
    take("context", options.context);
    take("namespace", options.namespaceName);
    take("prometheus", options.prometheusUrl);
    take("metrics-url", options.metricsUrl);
    take("config", options.configFile);
    options.readOnly = options.readOnly || parser.isSet(QStringLiteral("read-only"));
    options.demo = options.demo || demo;
    options.kiosk = options.kiosk || parser.isSet(QStringLiteral("kiosk"));
    const auto fail = [&result](const QString &error) {
        result.ok = false;
        result.error = error;
        return result;
    };
    if (parser.isSet(QStringLiteral("theme"))) {
        const QString theme = parser.value(QStringLiteral("theme"));
        if (theme != QLatin1String("dark") && theme != QLatin1String("light"))
            return fail(QCoreApplication::translate("gantry", "--theme wants dark or light, not '%1'.").arg(theme));
        options.theme = theme;
    }
    if (parser.isSet(QStringLiteral("pages"))) {
        QStringList pages = parser.value(QStringLiteral("pages")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &page : pages) {
            page = page.trimmed();
            if (!knownPageNames().contains(page))
                return fail(QCoreApplication::translate("gantry", "--pages: unknown page '%1' (use %2).")
                                .arg(page, knownPageNames().join(QStringLiteral(", "))));
        }
        options.kioskPages = pages;
    }
    if (parser.isSet(QStringLiteral("rotate"))) {
        const int seconds = parseRotateSeconds(parser.value(QStringLiteral("rotate")));
        if (seconds < 0)
            return fail(QCoreApplication::translate("gantry", "--rotate wants a duration such as 20s or 1m, not '%1'.")
                            .arg(parser.value(QStringLiteral("rotate"))));
        options.rotateSeconds = seconds;
    }
    if (parser.isSet(QStringLiteral("metrics-history"))) {
        const int seconds = parseMetricsHistorySeconds(parser.value(QStringLiteral("metrics-history")));
        if (seconds < 0)
            return fail(QCoreApplication::translate("gantry", "--metrics-history wants a duration from 30s to 24h, "
                                                              "such as 2h or 45m, not '%1'.")
                            .arg(parser.value(QStringLiteral("metrics-history"))));
        options.metricsHistorySeconds = seconds;
    }
    if (parser.isSet(QStringLiteral("screen"))) {
        bool ok = false;
        const int screen = parser.value(QStringLiteral("screen")).toInt(&ok);
        if (!ok || screen < 0)
            return fail(QCoreApplication::translate("gantry", "--screen wants a screen number (0, 1, …), not '%1'.")
                            .arg(parser.value(QStringLiteral("screen"))));
        options.screen = screen;
    }
    if (!options.kiosk && (parser.isSet(QStringLiteral("pages")) || parser.isSet(QStringLiteral("rotate"))
                           || parser.isSet(QStringLiteral("screen"))))
        return fail(QCoreApplication::translate("gantry", "--pages, --rotate and --screen apply to --kiosk only."));
    // A wall screen never writes, whatever the config says.
    if (options.kiosk)
        options.readOnly = true;
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

#include "app/dumpcommand.h"

#include "backend/fleet/fleetjson.h"
#include "backend/fleet/fleetsession.h"
#include "backend/fleet/metricsconnection.h"
#include "backend/kube/kubeconfigenvironment.h"
#include "backend/kube/kubeconfigresolver.h"
#include "backend/kube/kubeconfigsource.h"
#include "backend/kube/restclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

namespace gantry {

namespace {

// Exit codes scripts can tell apart.
constexpr int exitUsage = 2;
constexpr int exitConfiguration = 4; ///< kubeconfig, context or metrics settings unusable
constexpr int exitNotSynced = 5;     ///< printed, but the cluster did not sync in time

QString tr(const char *text)
{
    return QCoreApplication::translate("gantry dump", text);
}

void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        tr("Connects to a cluster, derives the GPU pools, deployments and cold starts, and prints them as JSON.\n"
           "Never writes to the cluster."));
    parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help and exit.")});
    parser.addOption({QStringLiteral("kubeconfig"), tr("Use this kubeconfig file only (default: $KUBECONFIG, then ~/.kube/config)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("context"), tr("Use this kubeconfig context."), QStringLiteral("name")});
    parser.addOption({{QStringLiteral("n"), QStringLiteral("namespace")},
                      tr("Only InferenceServices, pods, events and jobs of this namespace."), QStringLiteral("name")});
    parser.addOption({{QStringLiteral("A"), QStringLiteral("all-namespaces")}, tr("Every namespace (the default).")});
    parser.addOption({QStringLiteral("prometheus"), tr("Read GPU and serving metrics from this Prometheus."), QStringLiteral("url")});
    parser.addOption({QStringLiteral("metrics-url"),
                      tr("Without Prometheus: scrape this /metrics endpoint directly (the cluster's credentials are sent "
                         "only when it is on the API server's host and port)."),
                      QStringLiteral("url")});
    parser.addOption({QStringLiteral("queries"), tr("Read the PromQL from this file instead of the built-in queries.yaml."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("wait-synced"),
                      tr("Also wait for the first metrics reading and for the logs of every cold start before printing.")});
    parser.addOption({QStringLiteral("watch"),
                      tr("Keep running for this many seconds, printing one JSON line per change (at most one a second)."),
                      QStringLiteral("seconds")});
    parser.addOption({QStringLiteral("timeout"), tr("Give up waiting for the cluster after this many seconds (default 60)."),
                      QStringLiteral("seconds"), QStringLiteral("60")});
}

std::string whereAndWhat(const kube::KubeconfigError &error)
{
    std::string text;
    if (!error.file.empty()) {
        text = error.file;
        if (error.line > 0)
            text += ':' + std::to_string(error.line) + (error.column > 0 ? ':' + std::to_string(error.column) : "");
        text += ": ";
    }
    return text + error.message;
}

bool readSeconds(const QCommandLineParser &parser, const QString &name, int &seconds, QString &error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    seconds = parser.value(name).toInt(&ok);
    if (!ok || seconds < 0) {
        error = tr("--%1 wants a whole number of seconds, not '%2'.").arg(name, parser.value(name));
        return false;
    }
    return true;
}

} // namespace

int runDumpCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    describeOptions(parser);
    QStringList withoutVerb = arguments;
    withoutVerb.removeAt(1);
    if (!parser.parse(withoutVerb)) {
        std::cerr << "gantry dump: " << parser.errorText().toStdString() << "\n";
        return exitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::cout << parser.helpText().replace(QStringLiteral("[options]"), QStringLiteral("dump [options]")).toStdString();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        std::cerr << "gantry dump: unexpected argument '" << parser.positionalArguments().constFirst().toStdString() << "'\n";
        return exitUsage;
    }
    if (parser.isSet(QStringLiteral("namespace")) && parser.isSet(QStringLiteral("all-namespaces"))) {
        std::cerr << "gantry dump: --namespace and --all-namespaces exclude each other\n";
        return exitUsage;
    }
    int timeoutSeconds = 60;
    int watchSeconds = 0;
    QString error;
    if (!readSeconds(parser, QStringLiteral("timeout"), timeoutSeconds, error)
        || !readSeconds(parser, QStringLiteral("watch"), watchSeconds, error)) {
        std::cerr << "gantry dump: " << error.toStdString() << "\n";
        return exitUsage;
    }

    const auto environment = kube::KubeconfigEnvironment::fromProcess(parser.value(QStringLiteral("kubeconfig")).toStdString());
    const auto config = kube::loadKubeconfig(environment);
    if (!config) {
        std::cerr << "gantry dump: " << whereAndWhat(config.error()) << "\n";
        return exitConfiguration;
    }
    const std::string namespaceName = parser.value(QStringLiteral("namespace")).toStdString();
    const auto connection = kube::resolveContext(*config, parser.value(QStringLiteral("context")).toStdString(), namespaceName);
    if (!connection) {
        std::cerr << "gantry dump: " << whereAndWhat(connection.error()) << "\n";
        return exitConfiguration;
    }
    // A dump only reads: the transport refuses anything else before it is sent.
    const auto client = kube::RestClient::forConnection(*connection, /*readOnly=*/true);

    fleet::FleetSessionOptions options;
    options.informers.namespaceName = namespaceName;
    fleet::MetricsSettings metricsSettings;
    metricsSettings.prometheusUrl = parser.value(QStringLiteral("prometheus")).toStdString();
    metricsSettings.scrapeUrl = parser.value(QStringLiteral("metrics-url")).toStdString();
    metricsSettings.queriesFile = parser.value(QStringLiteral("queries")).toStdString();
    const fleet::MetricsConnection metrics = fleet::connectMetrics(metricsSettings, *connection);
    if (!metrics.error.empty()) {
        std::cerr << "gantry dump: " << metrics.error << "\n";
        return exitConfiguration;
    }
    options.readings = metrics.provider;
    options.metricsInterval = metrics.interval;
    fleet::FleetSession session(client, options);
    session.start();

    const auto timeout = std::chrono::seconds(timeoutSeconds);
    const bool settled = parser.isSet(QStringLiteral("wait-synced")) ? session.waitSettled(timeout) : session.waitSynced(timeout);

    fleet::DumpContext context;
    context.contextName = connection->contextName;
    context.clusterName = connection->clusterName;
    context.server = connection->server;
    context.namespaceName = namespaceName;
    context.insecureTls = connection->insecureSkipTlsVerify;
    const auto document = [&] {
        context.kinds = session.informers().status();
        context.synced = session.informers().synced();
        return fleet::dumpDocument(*session.fleet().flush(), context);
    };

    if (watchSeconds <= 0) {
        std::cout << document().dump(2) << "\n";
        session.stop();
        return settled ? 0 : exitNotSynced;
    }

    // --watch: one compact line per new snapshot, at most one a second.
    std::cout << document().dump() << "\n" << std::flush;
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(watchSeconds);
    std::uint64_t printed = session.fleet().latest()->generation;
    while (std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(std::chrono::seconds(1),
                                                                                  end - std::chrono::steady_clock::now()));
        const auto latest = session.fleet().latest();
        if (latest->generation == printed)
            continue;
        printed = latest->generation;
        context.kinds = session.informers().status();
        context.synced = session.informers().synced();
        std::cout << fleet::dumpDocument(*latest, context).dump() << "\n" << std::flush;
    }
    session.stop();
    return settled ? 0 : exitNotSynced;
}

} // namespace gantry

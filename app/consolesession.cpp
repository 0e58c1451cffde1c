#include "app/consolesession.h"

#include "backend/actions/auditlog.h"
#include "backend/fleet/fleetsession.h"
#include "backend/fleet/metricsconnection.h"
#include "backend/kube/kubeconfigenvironment.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigresolver.h"
#include "backend/kube/kubeconfigsource.h"
#include "backend/kube/restclient.h"
#include "sim/scenario/scenario.h"
#include "sim/simulator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QMetaObject>

namespace gantry {

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

QString describe(const kube::KubeconfigError &error)
{
    QString where = fromStd(error.file);
    if (!where.isEmpty() && error.line > 0)
        where += QLatin1Char(':') + QString::number(error.line);
    return where.isEmpty() ? fromStd(error.message) : where + QStringLiteral(": ") + fromStd(error.message);
}

// A shipped scenario by name (compiled in), else a file.
bool loadScenario(const QString &nameOrPath, sim::Scenario &scenario, QString &error)
{
    QFile shipped(QStringLiteral(":/gantry/scenarios/") + nameOrPath);
    QFile file(nameOrPath);
    QFile &source = shipped.exists() ? shipped : file;
    if (!source.open(QIODevice::ReadOnly)) {
        error = QObject::tr("Cannot read the scenario %1: %2").arg(nameOrPath, source.errorString());
        return false;
    }
    const auto loaded = sim::parseScenario(source.readAll().toStdString(), QFileInfo(nameOrPath).fileName().toStdString());
    if (!loaded.scenario) {
        error = QObject::tr("The scenario %1 is not valid:").arg(nameOrPath);
        for (const auto &problem : loaded.errors)
            error += QLatin1Char('\n') + fromStd(problem.toString());
        return false;
    }
    scenario = *loaded.scenario;
    return true;
}

} // namespace

ConsoleSession::ConsoleSession(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<std::shared_ptr<const fleet::FleetSnapshot>>();
    qRegisterMetaType<fleet::ConnectionHealth>();
    // Once a second: "reconnecting 12 s" counts up, and an idle console stays idle.
    m_healthTimer.setInterval(1000);
    connect(&m_healthTimer, &QTimer::timeout, this, &ConsoleSession::checkHealth);
}

ConsoleSession::~ConsoleSession()
{
    stop();
}

QString ConsoleSession::start(const ConsoleOptions &options)
{
    stop();
    kube::KubeconfigResult<kube::Kubeconfig> config = kube::KubeconfigError{};
    std::string context = options.context.toStdString();
    fleet::MetricsSettings metricsSettings;
    metricsSettings.prometheusUrl = options.prometheusUrl.toStdString();
    metricsSettings.scrapeUrl = options.metricsUrl.toStdString();
    if (options.metricsHistorySeconds > 0)
        metricsSettings.scrapeHistory = std::chrono::seconds(options.metricsHistorySeconds);
    if (options.demo) {
        sim::SimulatorOptions simulatorOptions;
        sim::Scenario scenario;
        QString error;
        if (!loadScenario(options.demoScenario, scenario, error))
            return error;
        simulatorOptions.scenario = scenario;
        simulatorOptions.speed = options.demoSpeed;
        m_simulator = std::make_unique<sim::Simulator>(simulatorOptions);
        std::string simulatorError;
        if (!m_simulator->start(&simulatorError)) {
            m_simulator.reset();
            return tr("The demo cluster did not start: %1").arg(fromStd(simulatorError));
        }
        // The demo goes through the same kubeconfig path as a real cluster.
        config = kube::parseKubeconfig(m_simulator->kubeconfig(), "<demo>");
        if (context.empty())
            context = options.readOnly ? "gantry-viewer" : "gantry-admin";
        if (metricsSettings.prometheusUrl.empty() && metricsSettings.scrapeUrl.empty())
            metricsSettings.scrapeUrl = m_simulator->server().url() + "/metrics";
    } else {
        config = kube::loadKubeconfig(kube::KubeconfigEnvironment::fromProcess(options.kubeconfig.toStdString()));
    }
    if (!config)
        return describe(config.error());
    const auto connection = kube::resolveContext(*config, context, options.namespaceName.toStdString());
    if (!connection)
        return describe(connection.error());
    const fleet::MetricsConnection metrics = fleet::connectMetrics(metricsSettings, *connection);
    if (!metrics.error.empty())
        return fromStd(metrics.error);

    m_readOnly = options.readOnly;
    m_metricsSource = metrics.source;
    m_contextName = fromStd(connection->contextName);
    fleet::FleetSessionOptions sessionOptions;
    sessionOptions.informers.namespaceName = options.namespaceName.toStdString();
    sessionOptions.readings = metrics.provider;
    sessionOptions.metricsInterval = metrics.interval;
    const auto client = kube::RestClient::forConnection(*connection, m_readOnly);
    m_session = std::make_unique<fleet::FleetSession>(client, sessionOptions);

    m_details = {};
    m_details.context = m_contextName;
    m_details.cluster = options.demo ? tr("demo: %1").arg(options.demoScenario) : fromStd(connection->server);
    m_details.namespaceName = options.namespaceName;
    m_details.readOnly = m_readOnly;
    m_details.insecureTls = connection->insecureSkipTlsVerify;
    if (!metricsSettings.prometheusUrl.empty())
        m_details.metricsSource = tr("Prometheus %1").arg(fromStd(metricsSettings.prometheusUrl));
    else if (!metricsSettings.scrapeUrl.empty())
        m_details.metricsSource = tr("scraping %1").arg(fromStd(metricsSettings.scrapeUrl));
    if (metrics.interval.count() > 0)
        m_refreshInterval = std::max(std::chrono::seconds(5),
                                     std::chrono::duration_cast<std::chrono::seconds>(metrics.interval));

    m_actionContext = {};
    m_actionContext.client = client;
    m_actionContext.contextName = connection->contextName;
    // The kubeconfig user names who acts; the audit log never sees its credentials.
    m_actionContext.user = connection->userName;
    const QString dataDirectory = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!dataDirectory.isEmpty() && QDir().mkpath(dataDirectory))
        m_actionContext.audit = std::make_shared<actions::AuditLog>(dataDirectory.toStdString());
    m_session->fleet().setSnapshotHandler([this](const std::shared_ptr<const fleet::FleetSnapshot> &snapshot) {
        bool schedule = false;
        {
            std::lock_guard lock(m_pendingMutex);
            schedule = !m_pending;
            m_pending = snapshot;
        }
        if (schedule)
            QMetaObject::invokeMethod(this, &ConsoleSession::deliver, Qt::QueuedConnection);
    });
    m_session->start();
    m_health = {};
    m_healthTimer.start();
    return {};
}

void ConsoleSession::checkHealth()
{
    if (!m_session)
        return;
    const fleet::ConnectionHealth health = fleet::assessConnection(
        m_session->informers().status(), std::chrono::system_clock::now(), m_refreshInterval);
    if (health == m_health)
        return;
    m_health = health;
    Q_EMIT healthChanged(m_health);
}

void ConsoleSession::stop()
{
    m_healthTimer.stop();
    if (m_session) {
        m_session->stop();
        m_session.reset();
    }
    m_metricsSource.reset();
    // The client's idle connections to an in-process server would hold its stop.
    m_actionContext = {};
    if (m_simulator) {
        m_simulator->stop();
        m_simulator.reset();
    }
}

void ConsoleSession::deliver()
{
    std::shared_ptr<const fleet::FleetSnapshot> snapshot;
    {
        std::lock_guard lock(m_pendingMutex);
        snapshot.swap(m_pending);
    }
    if (snapshot)
        Q_EMIT snapshotReady(snapshot);
}

QString ConsoleSession::readOnlyReason() const
{
    if (!m_readOnly)
        return {};
    return tr("Read-only connection (--read-only, --kiosk or a snapshot): no change can leave the console.");
}

} // namespace gantry

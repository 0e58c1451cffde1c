#pragma once

#include "backend/actions/actioncontext.h"
#include "backend/fleet/connectionhealth.h"
#include "backend/fleet/fleet.h"
#include "widgets/connectionbar.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <mutex>

namespace gantry::fleet {
class FleetSession;
}
namespace gantry::sim {
class Simulator;
}
namespace gantry::metrics {
class MetricsSource;
}

namespace gantry {

/// What the console connects to, from the command line.
struct ConsoleOptions
{
    QString kubeconfig;
    QString context;
    QString namespaceName;
    QString prometheusUrl;
    QString metricsUrl;
    int metricsHistorySeconds = 0; ///< scraped history; 0 = the default (2 h)
    bool readOnly = false;
    /// --demo: run gantry-sim in-process with this scenario (a shipped name such
    /// as "factory.yaml" or a file path) and connect to it over loopback.
    bool demo = false;
    QString demoScenario = QStringLiteral("factory.yaml");
    double demoSpeed = 20;
};

/// The console's one connection: the optional in-process simulator of the demo,
/// and the fleet session reading the cluster. Snapshots published on the
/// fleet's worker thread reach the UI thread as `snapshotReady`, coalesced so a
/// busy cluster never floods the event loop: only the newest one is delivered.
class ConsoleSession : public QObject
{
    Q_OBJECT

public:
    explicit ConsoleSession(QObject *parent = nullptr);
    ~ConsoleSession() override;

    /// Connects as `options` say; returns "" or what was wrong, in words.
    QString start(const ConsoleOptions &options);
    void stop();

    QString contextName() const { return m_contextName; }
    bool readOnly() const { return m_readOnly; }
    /// Why nothing can be changed, for disabled actions' tooltips; "" when writes are allowed.
    QString readOnlyReason() const;
    /// Context, cluster, namespace, badges and metrics source for the connection bar.
    ConnectionDetails details() const { return m_details; }
    /// What operator actions run with: this connection's client (read-only when the
    /// session is), the user and the audit log under the application data folder.
    actions::ActionContext actionContext() const { return m_actionContext; }
    /// The freshness last reported by healthChanged.
    fleet::ConnectionHealth health() const { return m_health; }
    sim::Simulator *simulator() const { return m_simulator.get(); }
    fleet::FleetSession *fleetSession() const { return m_session.get(); }
    /// Where charts read history from; null without metrics.
    std::shared_ptr<metrics::MetricsSource> metricsSource() const { return m_metricsSource; }

Q_SIGNALS:
    void snapshotReady(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);
    /// Once a second at most, and only when the words change.
    void healthChanged(const gantry::fleet::ConnectionHealth &health);

private:
    void deliver();
    void checkHealth();

    std::unique_ptr<sim::Simulator> m_simulator;
    std::unique_ptr<fleet::FleetSession> m_session;
    std::shared_ptr<metrics::MetricsSource> m_metricsSource;
    QString m_contextName;
    bool m_readOnly = false;
    ConnectionDetails m_details;
    actions::ActionContext m_actionContext;
    fleet::ConnectionHealth m_health;
    std::chrono::seconds m_refreshInterval{15};
    QTimer m_healthTimer;

    std::mutex m_pendingMutex;
    std::shared_ptr<const fleet::FleetSnapshot> m_pending;
};

} // namespace gantry

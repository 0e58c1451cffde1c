#pragma once

#include "backend/fleet/connectionhealth.h"

#include <QWidget>

class QLabel;
class QTimer;

namespace gantry {

/// What the console is connected to, for the connection bar.
struct ConnectionDetails
{
    QString context;       ///< kubeconfig context
    QString cluster;       ///< cluster name or API server address
    QString namespaceName; ///< "" = every namespace
    bool readOnly = false;
    bool insecureTls = false; ///< the kubeconfig turned TLS verification off
    QString metricsSource; ///< "Prometheus http://…", "scraping http://…", "" = none
};

/// The strip at the top of the main window: which cluster the console is talking
/// to and how fresh its picture is (live, syncing with progress, reconnecting,
/// stale since when), with badges for read-only and insecure TLS. Until a
/// connection exists it says so plainly.
class ConnectionBar : public QWidget
{
    Q_OBJECT

public:
    enum class State {
        NotConnected,
        Connecting,
        Syncing,
        Live,
        Reconnecting,
        Stale,
    };
    Q_ENUM(State)

    explicit ConnectionBar(QWidget *parent = nullptr);

    State state() const { return m_state; }
    /// The text an operator reads, e.g. "Not connected", "Reconnecting 12 s".
    QString stateText() const;

    /// Sets the state with its standard words; `context` replaces the details' context when given.
    void setState(State state, const QString &context = {});
    /// The informers' verdict: state, words ("Syncing pods 12,000 / 20,000") and the problem as tooltip.
    void setHealth(const fleet::ConnectionHealth &health);
    void setDetails(const ConnectionDetails &details);
    const ConnectionDetails &details() const { return m_details; }
    /// A wall clock at the right end (the wall screen shows one).
    void setClockVisible(bool visible);

private:
    void updateLabels();
    void updateClock();

    State m_state = State::NotConnected;
    QString m_stateText;
    QString m_problem;
    ConnectionDetails m_details;
    QLabel *m_stateDot = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_contextLabel = nullptr;
    QLabel *m_namespaceLabel = nullptr;
    QLabel *m_readOnlyBadge = nullptr;
    QLabel *m_insecureBadge = nullptr;
    QLabel *m_metricsLabel = nullptr;
    QLabel *m_clockLabel = nullptr;
    QTimer *m_clockTimer = nullptr;
};

} // namespace gantry

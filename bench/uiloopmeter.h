#pragma once

// How busy the UI thread is, measured from inside its event loop: every
// top-level event dispatch (queued snapshot deliveries, timers, layout, paint)
// is timed, so "busy" is the share of wall time the loop was not idle and a
// "stall" is the longest stretch it could not get back to idle. A 10 ms
// heartbeat timer cross-checks the stall: its worst lateness is how long input
// would have waited.

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdint>

namespace gantry::bench {

struct LoopFigures
{
    double wallSeconds = 0;
    double busySeconds = 0;      ///< summed top-level dispatch time
    double threadCpuSeconds = 0; ///< the UI thread's own CPU time (excludes waiting for a core)
    double longestStallMs = 0;   ///< longest run of dispatches with less than 1 ms idle between them
    double longestDispatchMs = 0;
    double heartbeatLateMs = 0; ///< worst lateness of the 10 ms heartbeat
    std::uint64_t dispatches = 0;

    double busyShare() const { return wallSeconds > 0 ? busySeconds / wallSeconds : 0; }
    double cpuShare() const { return wallSeconds > 0 ? threadCpuSeconds / wallSeconds : 0; }
};

class MeteredApplication : public QApplication
{
public:
    MeteredApplication(int &argc, char **argv);

    bool notify(QObject *receiver, QEvent *event) override;

    void startMetering();
    LoopFigures stopMetering();

private:
    void heartbeat();

    bool m_metering = false;
    int m_depth = 0;
    QElapsedTimer m_clock;
    qint64 m_startNs = 0;
    qint64 m_startCpuNs = 0;
    qint64 m_stretchStartNs = -1;
    qint64 m_lastEndNs = -1;
    qint64 m_lastBeatNs = -1;
    QTimer m_heartbeat;
    LoopFigures m_figures;
};

} // namespace gantry::bench

#include "uiloopmeter.h"

#include <algorithm>
#include <ctime>

namespace gantry::bench {

namespace {

constexpr int heartbeatMs = 10;
constexpr qint64 idleGapNs = 1000000; // less idle than this between dispatches: one stall

qint64 threadCpuNs()
{
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<qint64>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

} // namespace

MeteredApplication::MeteredApplication(int &argc, char **argv)
    : QApplication(argc, argv)
{
    m_clock.start();
    m_heartbeat.setTimerType(Qt::PreciseTimer);
    m_heartbeat.setInterval(heartbeatMs);
    QObject::connect(&m_heartbeat, &QTimer::timeout, &m_heartbeat, [this] { heartbeat(); });
}

bool MeteredApplication::notify(QObject *receiver, QEvent *event)
{
    if (!m_metering || m_depth > 0) {
        ++m_depth;
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        return handled;
    }
    const qint64 begin = m_clock.nsecsElapsed();
    ++m_depth;
    const bool handled = QApplication::notify(receiver, event);
    --m_depth;
    const qint64 end = m_clock.nsecsElapsed();
    m_figures.busySeconds += static_cast<double>(end - begin) / 1e9;
    m_figures.longestDispatchMs = std::max(m_figures.longestDispatchMs, static_cast<double>(end - begin) / 1e6);
    ++m_figures.dispatches;
    if (m_stretchStartNs < 0 || begin - m_lastEndNs > idleGapNs)
        m_stretchStartNs = begin;
    m_lastEndNs = end;
    m_figures.longestStallMs = std::max(m_figures.longestStallMs, static_cast<double>(end - m_stretchStartNs) / 1e6);
    return handled;
}

void MeteredApplication::startMetering()
{
    m_figures = {};
    m_stretchStartNs = m_lastEndNs = -1;
    m_startNs = m_clock.nsecsElapsed();
    m_startCpuNs = threadCpuNs();
    m_lastBeatNs = m_startNs;
    m_metering = true;
    m_heartbeat.start();
}

LoopFigures MeteredApplication::stopMetering()
{
    m_heartbeat.stop();
    m_metering = false;
    m_figures.wallSeconds = static_cast<double>(m_clock.nsecsElapsed() - m_startNs) / 1e9;
    m_figures.threadCpuSeconds = static_cast<double>(threadCpuNs() - m_startCpuNs) / 1e9;
    return m_figures;
}

void MeteredApplication::heartbeat()
{
    const qint64 now = m_clock.nsecsElapsed();
    const double lateMs = static_cast<double>(now - m_lastBeatNs) / 1e6 - heartbeatMs;
    m_figures.heartbeatLateMs = std::max(m_figures.heartbeatLateMs, lateMs);
    m_lastBeatNs = now;
}

} // namespace gantry::bench

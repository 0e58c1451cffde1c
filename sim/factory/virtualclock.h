#pragma once

#include "backend/core/rfc3339.h"

#include <atomic>
#include <chrono>

namespace gantry::sim {

/// Simulated time: seconds since the scenario started, mapped onto a calendar
/// time so objects carry plausible timestamps. Only the factory's tick loop
/// advances it, in fixed steps, so a run is the same whatever the machine's load.
class VirtualClock
{
public:
    explicit VirtualClock(SystemTime start = std::chrono::time_point_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now()))
        : m_start(start)
    {
    }

    double elapsedSeconds() const { return m_elapsed.load(std::memory_order_acquire); }
    SystemTime now() const
    {
        return m_start
            + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                   std::chrono::duration<double>(elapsedSeconds()));
    }
    SystemTime start() const { return m_start; }

    void advance(double seconds) { m_elapsed.store(elapsedSeconds() + seconds, std::memory_order_release); }
    void reset() { m_elapsed.store(0, std::memory_order_release); }

private:
    SystemTime m_start;
    std::atomic<double> m_elapsed{0};
};

} // namespace gantry::sim

#pragma once

// Resident memory of this process from /proc/self/status, for benchmarks that
// report what the client costs.

#include <fstream>
#include <string>

namespace gantry::bench {

/// A "VmRSS:" or "VmHWM:" (peak) line's value in KiB, or -1 when absent.
inline long residentKiB(const char *field)
{
    std::ifstream status("/proc/self/status");
    const std::string prefix(field);
    for (std::string line; std::getline(status, line);) {
        if (line.rfind(prefix, 0) == 0)
            return std::stol(line.substr(prefix.size()));
    }
    return -1;
}

} // namespace gantry::bench

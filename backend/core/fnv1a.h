#pragma once

#include <cstdint>
#include <string_view>

namespace gantry {

/// FNV-1a, 64 bits: a stable, fast hash for names and cache keys that must be the
/// same in every run and on every machine (std::hash promises neither).
inline std::uint64_t fnv1a64(std::string_view text)
{
    std::uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

} // namespace gantry

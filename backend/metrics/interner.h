#pragma once

#include "backend/metrics/arena.h"

#include <string_view>
#include <unordered_set>

namespace gantry::metrics {

/// Keeps one copy of each distinct string in an arena. A scrape repeats the same
/// few label names, host names and GPU models on thousands of lines; interning
/// stores each once and makes equal strings share one address.
class Interner
{
public:
    explicit Interner(Arena &arena);

    /// The arena's copy of `text`, made on first sight.
    std::string_view intern(std::string_view text);

    /// Number of distinct strings seen.
    std::size_t size() const { return m_strings.size(); }

private:
    Arena *m_arena;
    std::unordered_set<std::string_view> m_strings;
};

} // namespace gantry::metrics

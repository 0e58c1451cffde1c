#include "backend/metrics/interner.h"

namespace gantry::metrics {

Interner::Interner(Arena &arena)
    : m_arena(&arena)
{
    m_strings.reserve(1024);
}

std::string_view Interner::intern(std::string_view text)
{
    if (const auto it = m_strings.find(text); it != m_strings.end())
        return *it;
    const std::string_view stored = m_arena->copy(text);
    m_strings.insert(stored);
    return stored;
}

} // namespace gantry::metrics

#include "backend/metrics/arena.h"

#include <cstdint>
#include <cstring>

namespace gantry::metrics {

namespace {

// Large enough that a multi-megabyte scrape needs a few dozen system allocations,
// small enough that a tiny scrape does not hold on to much.
constexpr std::size_t blockSize = 64 * 1024;

} // namespace

std::string_view Arena::copy(std::string_view text)
{
    if (text.empty())
        return {};
    auto *out = static_cast<char *>(allocate(text.size(), 1));
    std::memcpy(out, text.data(), text.size());
    return { out, text.size() };
}

void *Arena::allocate(std::size_t bytes, std::size_t alignment)
{
    const auto misalignment = reinterpret_cast<std::uintptr_t>(m_cursor) % alignment;
    const std::size_t padding = misalignment == 0 ? 0 : alignment - misalignment;
    if (m_cursor != nullptr && padding + bytes <= m_left) {
        std::byte *out = m_cursor + padding;
        m_cursor = out + bytes;
        m_left -= padding + bytes;
        return out;
    }
    // An oversized request gets a block of its own, so the current block keeps
    // serving the small requests that follow.
    if (bytes + alignment > blockSize / 4) {
        m_blocks.push_back(std::make_unique_for_overwrite<std::byte[]>(bytes + alignment));
        m_reserved += bytes + alignment;
        void *start = m_blocks.back().get();
        std::size_t space = bytes + alignment;
        return std::align(alignment, bytes, start, space);
    }
    m_blocks.push_back(std::make_unique_for_overwrite<std::byte[]>(blockSize));
    m_reserved += blockSize;
    m_cursor = m_blocks.back().get();
    m_left = blockSize;
    return allocate(bytes, alignment);
}

} // namespace gantry::metrics

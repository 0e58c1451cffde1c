#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace gantry::metrics {

/// Bump allocator for the strings and label arrays of one parsed scrape. Everything
/// it hands out stays at the same address until the arena is destroyed, so parsed
/// samples can hold plain views into it instead of owning small strings.
class Arena
{
public:
    Arena() = default;
    Arena(const Arena &) = delete;
    Arena &operator=(const Arena &) = delete;

    /// Copies `text` into the arena and returns a view of the copy.
    std::string_view copy(std::string_view text);

    /// Copies an array of trivially copyable values into the arena.
    template<typename T>
    std::span<const T> copy(std::span<const T> items)
    {
        static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
        if (items.empty())
            return {};
        auto *out = static_cast<T *>(allocate(items.size_bytes(), alignof(T)));
        std::uninitialized_copy(items.begin(), items.end(), out);
        return { out, items.size() };
    }

    /// Bytes reserved from the system so far.
    std::size_t bytesReserved() const { return m_reserved; }

private:
    void *allocate(std::size_t bytes, std::size_t alignment);

    std::vector<std::unique_ptr<std::byte[]>> m_blocks;
    std::byte *m_cursor = nullptr;
    std::size_t m_left = 0;
    std::size_t m_reserved = 0;
};

} // namespace gantry::metrics

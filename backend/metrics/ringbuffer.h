#pragma once

#include <cstddef>
#include <vector>

namespace gantry::metrics {

/// A fixed-capacity FIFO: pushing onto a full buffer drops the oldest element,
/// so a series' history never grows past its capacity. Index 0 is the oldest.
template<typename T>
class RingBuffer {
public:
    explicit RingBuffer(std::size_t capacity)
        : m_capacity(capacity == 0 ? 1 : capacity)
    {
    }

    void push(const T &value)
    {
        if (m_items.size() < m_capacity) {
            m_items.push_back(value);
            return;
        }
        m_items[m_head] = value;
        m_head = (m_head + 1) % m_capacity;
    }

    std::size_t size() const { return m_items.size(); }
    bool empty() const { return m_items.empty(); }
    std::size_t capacity() const { return m_capacity; }
    const T &operator[](std::size_t index) const { return m_items[(m_head + index) % m_items.size()]; }
    const T &back() const { return (*this)[m_items.size() - 1]; }

private:
    std::size_t m_capacity;
    std::size_t m_head = 0; ///< the oldest element once the buffer is full
    std::vector<T> m_items;
};

} // namespace gantry::metrics

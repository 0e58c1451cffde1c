#include "sim/api/podlogs.h"

namespace gantry::sim {

PodLogStore::PodLogStore(std::size_t maxLinesPerContainer)
    : m_maxLines(maxLinesPerContainer)
{
}

void PodLogStore::append(const std::string &namespaceName, const std::string &pod, const std::string &container,
                         std::string line)
{
    {
        std::lock_guard lock(m_mutex);
        Buffer &buffer = m_buffers[{namespaceName, pod, container}];
        buffer.lines.push_back(std::move(line));
        while (buffer.lines.size() > m_maxLines) {
            buffer.lines.pop_front();
            ++buffer.firstIndex;
        }
    }
    m_changed.notify_all();
}

std::vector<std::string> PodLogStore::read(const std::string &namespaceName, const std::string &pod,
                                           const std::string &container, std::uint64_t from, std::uint64_t &next,
                                           std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    const Key key{namespaceName, pod, container};
    auto available = [&] {
        const auto it = m_buffers.find(key);
        return it != m_buffers.end() && it->second.firstIndex + it->second.lines.size() > from;
    };
    if (timeout.count() > 0 && !available())
        m_changed.wait_for(lock, timeout, available);

    std::vector<std::string> lines;
    next = from;
    const auto it = m_buffers.find(key);
    if (it == m_buffers.end())
        return lines;
    const Buffer &buffer = it->second;
    const std::uint64_t start = std::max(from, buffer.firstIndex);
    for (std::uint64_t i = start; i < buffer.firstIndex + buffer.lines.size(); ++i)
        lines.push_back(buffer.lines[i - buffer.firstIndex]);
    next = buffer.firstIndex + buffer.lines.size();
    return lines;
}

std::vector<std::string> PodLogStore::containers(const std::string &namespaceName, const std::string &pod) const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::string> names;
    for (auto it = m_buffers.lower_bound({namespaceName, pod, std::string()});
         it != m_buffers.end() && std::get<0>(it->first) == namespaceName && std::get<1>(it->first) == pod; ++it)
        names.push_back(std::get<2>(it->first));
    return names;
}

void PodLogStore::removePod(const std::string &namespaceName, const std::string &pod)
{
    std::lock_guard lock(m_mutex);
    auto it = m_buffers.lower_bound({namespaceName, pod, std::string()});
    while (it != m_buffers.end() && std::get<0>(it->first) == namespaceName && std::get<1>(it->first) == pod)
        it = m_buffers.erase(it);
}

void PodLogStore::wakeAll()
{
    m_changed.notify_all();
}

} // namespace gantry::sim

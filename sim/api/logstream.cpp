#include "sim/api/logstream.h"

#include "sim/api/objectstore.h"
#include "sim/api/podlogs.h"

namespace gantry::sim {

LogStream::LogStream(ObjectStore &store, PodLogStore &logs, const ResourceType &podType, std::string namespaceName,
                     std::string pod, std::string container, std::string backlog, std::uint64_t cursor)
    : m_store(store)
    , m_logs(logs)
    , m_podType(podType)
    , m_namespace(std::move(namespaceName))
    , m_pod(std::move(pod))
    , m_container(std::move(container))
    , m_backlog(std::move(backlog))
    , m_cursor(cursor)
{
}

bool LogStream::pump(const Writer &write)
{
    if (!m_backlog.empty()) {
        if (!write(m_backlog))
            return false;
        m_backlog.clear();
    }
    std::uint64_t next = m_cursor;
    const auto lines = m_logs.read(m_namespace, m_pod, m_container, m_cursor, next, std::chrono::milliseconds(200));
    m_cursor = next;
    std::string text;
    for (const std::string &line : lines)
        text += line + "\n";
    if (!text.empty() && !write(text))
        return false;
    return lines.empty() ? static_cast<bool>(m_store.get(m_podType, m_namespace, m_pod)) : true;
}

} // namespace gantry::sim

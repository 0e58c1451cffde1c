#pragma once

#include "sim/api/apirequest.h"

#include <cstdint>
#include <string>

namespace gantry::sim {

class ObjectStore;
class PodLogStore;
struct ResourceType;

/// `pods/log?follow=true`: what was logged so far, then new lines as they come,
/// until the pod is deleted, the client goes away or the server stops.
class LogStream : public ReplyStream
{
public:
    LogStream(ObjectStore &store, PodLogStore &logs, const ResourceType &podType, std::string namespaceName,
              std::string pod, std::string container, std::string backlog, std::uint64_t cursor);

    bool pump(const Writer &write) override;

private:
    ObjectStore &m_store;
    PodLogStore &m_logs;
    const ResourceType &m_podType;
    std::string m_namespace;
    std::string m_pod;
    std::string m_container;
    std::string m_backlog;
    std::uint64_t m_cursor;
};

} // namespace gantry::sim

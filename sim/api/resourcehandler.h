#pragma once

#include "sim/api/apirequest.h"
#include "sim/api/requestpath.h"

#include <chrono>

namespace gantry::sim {

class ObjectStore;
class PodLogStore;

/// The verbs on resources: get, list, watch, create, update, patch, delete,
/// deletecollection, the status and log subresources, and access reviews.
/// Failures are thrown as ApiError and rendered as Status by the caller.
class ResourceHandler
{
public:
    ResourceHandler(ObjectStore &store, PodLogStore &logs, std::chrono::milliseconds bookmarkInterval);

    /// The verb Kubernetes' authorizer would see for this request ("list", "patch", …).
    static std::string verbFor(const ApiRequest &request, const RequestPath &path);

    ApiReply handle(const ApiRequest &request, const RequestPath &path);

private:
    ApiReply get(const ApiRequest &request, const RequestPath &path);
    ApiReply list(const ApiRequest &request, const RequestPath &path);
    ApiReply watch(const ApiRequest &request, const RequestPath &path);
    ApiReply create(const ApiRequest &request, const RequestPath &path);
    ApiReply update(const ApiRequest &request, const RequestPath &path);
    ApiReply patch(const ApiRequest &request, const RequestPath &path);
    ApiReply remove(const ApiRequest &request, const RequestPath &path);
    ApiReply removeCollection(const ApiRequest &request, const RequestPath &path);
    ApiReply log(const ApiRequest &request, const RequestPath &path);
    ApiReply review(const ApiRequest &request, const RequestPath &path);

    ObjectStore &m_store;
    PodLogStore &m_logs;
    std::chrono::milliseconds m_bookmarkInterval;
};

} // namespace gantry::sim

#pragma once

#include "backend/kube/restclient.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

namespace gantry::kube {

/// The server's verdict on one action (a SelfSubjectAccessReview's status).
struct AccessDecision
{
    bool allowed = false;
    bool denied = false;       ///< explicitly denied, not merely not allowed
    std::string reason;        ///< the authorizer's reason, when it gave one
    std::string evaluationError;
};

/// Asks the server what the current user may do, as `kubectl auth can-i`
/// does, so the UI can grey out what would be refused. Answers are cached per
/// (context, namespace, verb, group, resource) for `ttl`. Thread-safe;
/// blocking. In read-only mode nothing is sent (a review is a POST): write
/// verbs are answered "not allowed" locally and read verbs fail with the
/// read-only refusal.
class AccessProbe
{
public:
    AccessProbe(std::shared_ptr<RestClient> client, std::string contextName,
                std::chrono::seconds ttl = std::chrono::minutes(5));

    ApiResult<AccessDecision> probeAccess(const std::string &verb, const std::string &group,
                                          const std::string &resource, const std::string &namespaceName,
                                          const Cancellation &cancellation = {});
    /// Forgets every cached answer (after a context or RBAC change).
    void clear();

private:
    using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
    struct Entry
    {
        AccessDecision decision;
        std::chrono::steady_clock::time_point expires;
    };

    const std::shared_ptr<RestClient> m_client;
    const std::string m_contextName;
    const std::chrono::seconds m_ttl;
    std::mutex m_mutex;
    std::map<Key, Entry> m_cache;
};

} // namespace gantry::kube

#include "backend/kube/accessprobe.h"

namespace gantry::kube {

namespace {

bool isReadVerb(const std::string &verb)
{
    return verb == "get" || verb == "list" || verb == "watch";
}

std::string stringOf(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool boolOf(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_boolean() && it->get<bool>();
}

} // namespace

AccessProbe::AccessProbe(std::shared_ptr<RestClient> client, std::string contextName, std::chrono::seconds ttl)
    : m_client(std::move(client))
    , m_contextName(std::move(contextName))
    , m_ttl(ttl)
{
}

ApiResult<AccessDecision> AccessProbe::probeAccess(const std::string &verb, const std::string &group,
                                                   const std::string &resource, const std::string &namespaceName,
                                                   const Cancellation &cancellation)
{
    if (m_client->readOnly() && !isReadVerb(verb)) {
        AccessDecision decision;
        decision.reason = "Gantry was started with --read-only";
        return decision;
    }
    const Key key{m_contextName, namespaceName, verb, group, resource};
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_cache.find(key);
        if (it != m_cache.end() && std::chrono::steady_clock::now() < it->second.expires)
            return it->second.decision;
    }

    nlohmann::json attributes = {{"verb", verb}, {"group", group}, {"resource", resource}};
    if (!namespaceName.empty())
        attributes["namespace"] = namespaceName;
    const nlohmann::json review = {{"apiVersion", "authorization.k8s.io/v1"},
                                   {"kind", "SelfSubjectAccessReview"},
                                   {"spec", {{"resourceAttributes", attributes}}}};
    WriteOptions options;
    options.cancellation = cancellation;
    const JsonResult answer =
        m_client->create({"authorization.k8s.io", "v1", "selfsubjectaccessreviews", {}, {}, {}}, review, options);
    if (!answer)
        return answer.error();

    AccessDecision decision;
    const auto status = answer->find("status");
    if (status != answer->end() && status->is_object()) {
        decision.allowed = boolOf(*status, "allowed");
        decision.denied = boolOf(*status, "denied");
        decision.reason = stringOf(*status, "reason");
        decision.evaluationError = stringOf(*status, "evaluationError");
    }
    std::lock_guard lock(m_mutex);
    m_cache[key] = {decision, std::chrono::steady_clock::now() + m_ttl};
    return decision;
}

void AccessProbe::clear()
{
    std::lock_guard lock(m_mutex);
    m_cache.clear();
}

} // namespace gantry::kube

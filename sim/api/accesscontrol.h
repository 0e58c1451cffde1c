#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>

namespace gantry::sim {

struct ResourceType;

/// Who a bearer token belongs to. gantry-sim knows two users: an admin who may do
/// everything and a viewer who may only read (get, list, watch).
struct Identity
{
    std::string userName;
    bool canWrite = false;
};

class AccessControl
{
public:
    AccessControl(std::string adminToken, std::string viewerToken);

    /// The identity behind an `Authorization` header value, or nullopt (401).
    std::optional<Identity> authenticate(const std::string &authorizationHeader) const;

    static bool allows(const Identity &identity, const std::string &verb);

    /// The 403 message, in the API server's words: `pods "x" is forbidden: User
    /// "gantry-viewer" cannot delete resource "pods" in API group "" in the namespace "ns"`.
    static std::string forbiddenMessage(const Identity &identity, const std::string &verb, const ResourceType &type,
                                        const std::string &subresource, const std::string &namespaceName,
                                        const std::string &name);

    /// Answers a SelfSubjectAccessReview/SelfSubjectRulesReview request body in place (fills status).
    static void reviewAccess(const Identity &identity, nlohmann::json &review);
    static void reviewRules(const Identity &identity, nlohmann::json &review);

    const std::string &adminToken() const { return m_adminToken; }
    const std::string &viewerToken() const { return m_viewerToken; }

private:
    std::string m_adminToken;
    std::string m_viewerToken;
};

} // namespace gantry::sim

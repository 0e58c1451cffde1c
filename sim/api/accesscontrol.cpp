#include "sim/api/accesscontrol.h"

#include "sim/api/resourcetype.h"

#include <nlohmann/json.hpp>

#include <openssl/crypto.h>

namespace gantry::sim {

namespace {

bool sameToken(const std::string &offered, const std::string &expected)
{
    // Constant-time comparison: token checks must not leak through timing.
    return offered.size() == expected.size() && !expected.empty()
        && CRYPTO_memcmp(offered.data(), expected.data(), expected.size()) == 0;
}

bool isReadVerb(const std::string &verb)
{
    return verb == "get" || verb == "list" || verb == "watch";
}

} // namespace

AccessControl::AccessControl(std::string adminToken, std::string viewerToken)
    : m_adminToken(std::move(adminToken))
    , m_viewerToken(std::move(viewerToken))
{
}

std::optional<Identity> AccessControl::authenticate(const std::string &authorizationHeader) const
{
    static const std::string bearer = "Bearer ";
    if (authorizationHeader.size() <= bearer.size() || authorizationHeader.compare(0, bearer.size(), bearer) != 0)
        return std::nullopt;
    const std::string token = authorizationHeader.substr(bearer.size());
    if (sameToken(token, m_adminToken))
        return Identity{"gantry-admin", true};
    if (sameToken(token, m_viewerToken))
        return Identity{"gantry-viewer", false};
    return std::nullopt;
}

bool AccessControl::allows(const Identity &identity, const std::string &verb)
{
    return identity.canWrite || isReadVerb(verb);
}

std::string AccessControl::forbiddenMessage(const Identity &identity, const std::string &verb,
                                            const ResourceType &type, const std::string &subresource,
                                            const std::string &namespaceName, const std::string &name)
{
    std::string message = type.qualifiedResource();
    if (!name.empty())
        message += " \"" + name + "\"";
    message += " is forbidden: User \"" + identity.userName + "\" cannot " + verb + " resource \"" + type.plural
        + (subresource.empty() ? "" : "/" + subresource) + "\" in API group \"" + type.group + "\"";
    if (type.namespaced && !namespaceName.empty())
        message += " in the namespace \"" + namespaceName + "\"";
    else
        message += " at the cluster scope";
    return message;
}

void AccessControl::reviewAccess(const Identity &identity, nlohmann::json &review)
{
    std::string verb;
    if (const auto spec = review.find("spec"); spec != review.end() && spec->is_object()) {
        if (const auto attributes = spec->find("resourceAttributes");
            attributes != spec->end() && attributes->is_object())
            verb = attributes->value("verb", std::string());
        else if (const auto nonResource = spec->find("nonResourceAttributes");
                 nonResource != spec->end() && nonResource->is_object())
            verb = nonResource->value("verb", std::string());
    }
    const bool allowed = verb == "*" ? identity.canWrite : allows(identity, verb);
    nlohmann::json status = {{"allowed", allowed}};
    if (allowed)
        status["reason"] = identity.canWrite ? "gantry-sim: the admin may do everything"
                                             : "gantry-sim: the viewer may get, list and watch";
    review["status"] = status;
}

void AccessControl::reviewRules(const Identity &identity, nlohmann::json &review)
{
    const nlohmann::json verbs = identity.canWrite ? nlohmann::json::array({"*"})
                                                   : nlohmann::json::array({"get", "list", "watch"});
    review["status"] = {
        {"resourceRules", nlohmann::json::array({{{"verbs", verbs},
                                                  {"apiGroups", nlohmann::json::array({"*"})},
                                                  {"resources", nlohmann::json::array({"*"})}}})},
        {"nonResourceRules", nlohmann::json::array({{{"verbs", nlohmann::json::array({"get"})},
                                                     {"nonResourceURLs", nlohmann::json::array({"*"})}}})},
        {"incomplete", false}};
}

} // namespace gantry::sim

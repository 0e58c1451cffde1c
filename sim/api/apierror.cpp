#include "sim/api/apierror.h"

namespace gantry::sim {

ApiError::ApiError(int code, std::string reason, std::string message, nlohmann::json details)
    : std::runtime_error(std::move(message))
    , m_code(code)
    , m_reason(std::move(reason))
    , m_details(std::move(details))
{
}

nlohmann::json ApiError::status() const
{
    return makeStatus(m_code, m_reason, what(), m_details);
}

namespace {

// details.group/kind as the real server fills them: "inferenceservices.serving.kserve.io"
// splits into kind "inferenceservices" and group "serving.kserve.io".
nlohmann::json resourceDetails(const std::string &qualifiedResource, const std::string &name)
{
    nlohmann::json details = nlohmann::json::object();
    const auto dot = qualifiedResource.find('.');
    if (!name.empty())
        details["name"] = name;
    if (dot != std::string::npos)
        details["group"] = qualifiedResource.substr(dot + 1);
    details["kind"] = qualifiedResource.substr(0, dot);
    return details;
}

} // namespace

ApiError ApiError::notFound(const std::string &qualifiedResource, const std::string &name)
{
    return ApiError(404, "NotFound", qualifiedResource + " \"" + name + "\" not found",
                    resourceDetails(qualifiedResource, name));
}

ApiError ApiError::alreadyExists(const std::string &qualifiedResource, const std::string &name)
{
    return ApiError(409, "AlreadyExists", qualifiedResource + " \"" + name + "\" already exists",
                    resourceDetails(qualifiedResource, name));
}

ApiError ApiError::conflict(const std::string &qualifiedResource, const std::string &name)
{
    return ApiError(409, "Conflict",
                    "Operation cannot be fulfilled on " + qualifiedResource + " \"" + name
                        + "\": the object has been modified; please apply your changes to the latest version and "
                          "try again",
                    resourceDetails(qualifiedResource, name));
}

ApiError ApiError::badRequest(const std::string &message)
{
    return ApiError(400, "BadRequest", message);
}

ApiError ApiError::unknownPath()
{
    return ApiError(404, "NotFound", "the server could not find the requested resource");
}

nlohmann::json makeStatus(int code, const std::string &reason, const std::string &message,
                          const nlohmann::json &details)
{
    nlohmann::json status = {{"kind", "Status"},
                             {"apiVersion", "v1"},
                             {"metadata", nlohmann::json::object()},
                             {"status", code >= 200 && code < 300 ? "Success" : "Failure"},
                             {"message", message},
                             {"reason", reason},
                             {"code", code}};
    if (!details.is_null())
        status["details"] = details;
    return status;
}

} // namespace gantry::sim

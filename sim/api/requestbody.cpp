#include "sim/api/requestbody.h"

#include "backend/core/yamljson.h"
#include "sim/api/apierror.h"
#include "sim/api/resourcetype.h"
#include "sim/apimachinery/validation.h"

namespace gantry::sim {

namespace {

std::string withoutLibraryPrefix(std::string message)
{
    // "[json.exception.parse_error.101] parse error at …" → "parse error at …"
    if (message.rfind("[json.exception.", 0) == 0) {
        const auto close = message.find("] ");
        if (close != std::string::npos)
            message.erase(0, close + 2);
    }
    return message;
}

std::string excerpt(const std::string &body)
{
    return body.size() <= 80 ? body : body.substr(0, 80) + "…";
}

} // namespace

nlohmann::json parseRequestBody(const ApiRequest &request)
{
    const std::string &type = request.contentType;
    if (type.empty() || type == "application/json" || type.ends_with("+json")) {
        try {
            return nlohmann::json::parse(request.body);
        } catch (const nlohmann::json::exception &error) {
            throw ApiError::badRequest("the request body is not valid JSON: " + withoutLibraryPrefix(error.what()));
        }
    }
    if (type == "application/yaml" || type.ends_with("+yaml")) {
        const YamlToJsonResult result = yamlToJson(request.body);
        if (!result.json)
            throw ApiError::badRequest("the request body is not valid YAML: line " + std::to_string(result.line)
                                       + ", column " + std::to_string(result.column) + ": " + result.error);
        return *result.json;
    }
    throw ApiError(415, "UnsupportedMediaType",
                   "the body of the request was in an unknown format - accepted media types include: "
                   "application/json, application/yaml");
}

void checkObjectIdentity(nlohmann::json &object, const ResourceType &type, const std::string &urlNamespace,
                         const std::string &urlName)
{
    if (!object.is_object())
        throw ApiError::badRequest("the request body must be a JSON object, got: " + excerpt(object.dump()));
    const auto kind = object.find("kind");
    if (kind == object.end() || !kind->is_string() || kind->get_ref<const std::string &>().empty())
        throw ApiError::badRequest("Object 'Kind' is missing in '" + excerpt(object.dump()) + "'");
    if (*kind != type.kind)
        throw ApiError::badRequest("the kind in the body (" + kind->get<std::string>()
                                   + ") does not match the resource it was sent to (" + type.kind + ")");
    const auto apiVersion = object.find("apiVersion");
    if (apiVersion == object.end() || !apiVersion->is_string())
        throw ApiError::badRequest("Object 'apiVersion' is missing in '" + excerpt(object.dump()) + "'");
    if (*apiVersion != type.groupVersion())
        throw ApiError::badRequest("the API version in the data (" + apiVersion->get<std::string>()
                                   + ") does not match the expected API version (" + type.groupVersion() + ")");

    nlohmann::json &metadata = object["metadata"];
    if (metadata.is_null())
        metadata = nlohmann::json::object();
    if (!metadata.is_object())
        throw ApiError::badRequest("metadata must be an object");
    if (type.namespaced) {
        const auto given = metadata.find("namespace");
        if (given != metadata.end() && given->is_string() && !given->get_ref<const std::string &>().empty()
            && *given != urlNamespace)
            throw ApiError::badRequest(
                "the namespace of the provided object does not match the namespace sent on the request");
        metadata["namespace"] = urlNamespace;
    }
    if (!urlName.empty()) {
        const auto given = metadata.find("name");
        if (given != metadata.end() && given->is_string() && *given != urlName)
            throw ApiError::badRequest("the name of the object (" + given->get<std::string>()
                                       + ") does not match the name on the URL (" + urlName + ")");
        metadata["name"] = urlName;
    }
}

void validateOrThrow(const nlohmann::json &object, const ResourceType &type)
{
    std::vector<FieldError> errors = validateObjectMeta(object, type.kind, type.namespaced);
    std::vector<FieldError> kindErrors = validateObject(object, type.kind);
    errors.insert(errors.end(), kindErrors.begin(), kindErrors.end());
    if (errors.empty())
        return;
    const nlohmann::json &metadata = object["metadata"];
    const std::string name = metadata.is_object() && metadata.contains("name") && metadata["name"].is_string()
        ? metadata["name"].get<std::string>()
        : std::string();
    nlohmann::json causes = nlohmann::json::array();
    for (const FieldError &error : errors)
        causes.push_back({{"reason", error.reason}, {"message", error.message}, {"field", error.field}});
    nlohmann::json details = {{"name", name}, {"kind", type.kind}, {"causes", causes}};
    if (!type.group.empty())
        details["group"] = type.group;
    throw ApiError(422, "Invalid", invalidMessage(type.kind, type.group, name, errors), details);
}

} // namespace gantry::sim

#include "sim/api/requestpath.h"

#include "sim/api/resourcetype.h"

#include <vector>

namespace gantry::sim {

namespace {

std::vector<std::string> splitPath(const std::string &path)
{
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string::npos ? path.size() : slash;
        if (end > start)
            segments.push_back(path.substr(start, end - start));
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    return segments;
}

// Segments after the group-version prefix: [namespaces/<ns>/]<plural>[/<name>[/<sub>]].
RequestPath resourcePath(const std::string &group, const std::string &version,
                         const std::vector<std::string> &rest)
{
    RequestPath result;
    result.group = group;
    result.version = version;
    std::size_t i = 0;
    std::string namespaceName;
    // "namespaces/<ns>/<plural>…" is a namespaced path; "namespaces/<ns>" alone, or
    // with "status"/"finalize", is the Namespace object itself.
    const bool namespaceItself = group.empty() && rest.size() == 3 && (rest[2] == "status" || rest[2] == "finalize");
    if (rest.size() >= 3 && rest[0] == "namespaces" && !namespaceItself) {
        namespaceName = rest[1];
        i = 2;
    }
    if (i >= rest.size() || rest.size() - i > 3)
        return result;
    const ResourceType *type = findResourceType(group, version, rest[i]);
    if (!type || (!namespaceName.empty() && !type->namespaced))
        return result;
    const std::string name = i + 1 < rest.size() ? rest[i + 1] : std::string();
    const std::string subresource = i + 2 < rest.size() ? rest[i + 2] : std::string();
    if (!subresource.empty() && !((subresource == "status" && type->hasStatus) || (subresource == "log" && type->hasLog)))
        return result;
    // A namespaced object is only reachable through its namespace.
    if (type->namespaced && namespaceName.empty() && !name.empty())
        return result;
    result.kind = RequestPath::Kind::Resource;
    result.type = type;
    result.namespaceName = namespaceName;
    result.name = name;
    result.subresource = subresource;
    return result;
}

} // namespace

RequestPath parseRequestPath(const std::string &path)
{
    const std::vector<std::string> segments = splitPath(path);
    RequestPath result;
    if (segments.empty())
        return result;
    const std::string &first = segments[0];
    if (segments.size() == 1) {
        if (first == "version")
            result.kind = RequestPath::Kind::Version;
        else if (first == "api")
            result.kind = RequestPath::Kind::CoreApi;
        else if (first == "apis")
            result.kind = RequestPath::Kind::Apis;
        else if (first == "healthz" || first == "livez" || first == "readyz")
            result.kind = RequestPath::Kind::Health;
        else if (first == "metrics")
            result.kind = RequestPath::Kind::Metrics;
        return result;
    }
    if (first == "openapi" && segments[1] == "v2" && segments.size() == 2) {
        result.kind = RequestPath::Kind::OpenApiV2;
        return result;
    }
    if (first == "openapi" && segments[1] == "v3") {
        if (segments.size() == 2) {
            result.kind = RequestPath::Kind::OpenApiIndex;
        } else {
            result.kind = RequestPath::Kind::OpenApiDocument;
            for (std::size_t i = 2; i < segments.size(); ++i)
                result.openApiPath += (i > 2 ? "/" : "") + segments[i];
        }
        return result;
    }
    if (first == "api") {
        if (segments[1] != "v1")
            return result;
        if (segments.size() == 2) {
            result.kind = RequestPath::Kind::GroupVersion;
            result.version = "v1";
            return result;
        }
        return resourcePath("", "v1", {segments.begin() + 2, segments.end()});
    }
    if (first == "apis") {
        result.group = segments[1];
        if (segments.size() == 2) {
            result.kind = RequestPath::Kind::ApiGroup;
            return result;
        }
        result.version = segments[2];
        if (segments.size() == 3) {
            result.kind = RequestPath::Kind::GroupVersion;
            return result;
        }
        return resourcePath(segments[1], segments[2], {segments.begin() + 3, segments.end()});
    }
    return result;
}

} // namespace gantry::sim

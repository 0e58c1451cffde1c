#pragma once

#include <string>

namespace gantry::sim {

struct ResourceType;

/// What a request URL addresses.
struct RequestPath
{
    enum class Kind {
        Version,        ///< /version
        CoreApi,        ///< /api
        Apis,           ///< /apis
        ApiGroup,       ///< /apis/<group>
        GroupVersion,   ///< /api/v1 or /apis/<group>/<version>
        OpenApiIndex,   ///< /openapi/v3
        OpenApiDocument,///< /openapi/v3/<api/v1 | apis/g/v>
        OpenApiV2,      ///< /openapi/v2, which kubectl before 1.24 validates with
        Health,         ///< /healthz, /livez, /readyz
        Metrics,        ///< /metrics
        Resource,       ///< a collection, an object or a subresource
        Unknown,
    };

    Kind kind = Kind::Unknown;
    std::string group;
    std::string version;
    std::string openApiPath;
    const ResourceType *type = nullptr;
    std::string namespaceName; ///< "" for cluster-scoped types and all-namespace collections
    std::string name;          ///< "" for a collection
    std::string subresource;   ///< "status", "log" or ""
};

/// Splits a URL path (without the query) into what it addresses. Paths under a
/// known group-version that name no served resource come back as Unknown.
RequestPath parseRequestPath(const std::string &path);

} // namespace gantry::sim

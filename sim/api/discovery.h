#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace gantry::sim {

/// The documents a client reads before anything else, built from the resource
/// catalog: /version, /api, /apis, /api/v1, /apis/<g>/<v> (legacy JSON discovery;
/// aggregated discovery is declined by answering plain JSON, which clients accept)
/// and the OpenAPI v3 index and per-group-version documents kubectl's default
/// validation looks for.
namespace discovery {

nlohmann::json version();
nlohmann::json coreApiVersions(const std::string &serverAddress);
nlohmann::json apiGroupList();
std::optional<nlohmann::json> apiGroup(const std::string &group);
/// "v1" or "serving.kserve.io/v1beta1"; nullopt when no such group-version.
std::optional<nlohmann::json> apiResourceList(const std::string &groupVersion);

nlohmann::json openApiIndex();

/// A minimal OpenAPI v2 document (no definitions), as JSON or as the gnostic
/// protobuf older kubectl asks for. Without definitions kubectl's client-side
/// validation finds no schema and accepts the object, leaving validation to
/// this server, as for a custom resource without a schema.
nlohmann::json openApiV2Json();
std::string openApiV2Protobuf();
/// For "api/v1" or "apis/serving.kserve.io/v1beta1"; nullopt when unknown.
std::optional<nlohmann::json> openApiDocument(const std::string &groupVersionPath);

} // namespace discovery
} // namespace gantry::sim

#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace gantry::sim {

/// The outcome of applying a patch: the new object, or why the patch could not apply.
struct PatchResult
{
    std::optional<nlohmann::json> object;
    std::string error; ///< e.g. "the server rejected our request due to an error in our request"-style text naming the bad op or path
};

/// RFC 7386 JSON merge patch (`application/merge-patch+json`).
PatchResult applyMergePatch(const nlohmann::json &target, const nlohmann::json &patch);

/// RFC 6902 JSON patch (`application/json-patch+json`), including `test`. A
/// failing op leaves nothing applied.
PatchResult applyJsonPatch(const nlohmann::json &target, const nlohmann::json &operations);

/// Kubernetes strategic merge patch for built-in kinds (`Pod`, `Node`, `Namespace`,
/// `Event`, `PersistentVolumeClaim`, `Job`, …): a merge patch in which lists with a
/// patch merge key (containers, initContainers, volumes, env, volumeMounts, ports,
/// conditions, tolerations …) merge by that key, and `$patch: delete|replace`,
/// `$retainKeys`, `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>`
/// directives are honoured.
PatchResult applyStrategicMergePatch(const nlohmann::json &target, const nlohmann::json &patch,
                                     std::string_view kind);

} // namespace gantry::sim

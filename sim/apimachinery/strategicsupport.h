#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::sim {

// Pieces of strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch)
// shared by the merge itself and its list ordering.

/// mergepatch.ErrNoMergeKey: "map: <map> does not contain declared merge key: <key>".
std::string noMergeKeyError(const nlohmann::json &map, std::string_view mergeKey);

/// Go's == between two values decoded from JSON, as a hashable key: equal keys
/// mean equal values of the same Go type (integral numbers count as int64).
std::string valueIdentity(const nlohmann::json &value);

/// The identity that orders and matches list elements: the merge key's value for
/// objects of a keyed list, the whole value otherwise.
std::string elementIdentity(const nlohmann::json &element, std::string_view mergeKey, bool keyed);

/// Patch content the server adopts without merging, as decoding it into the typed
/// object leaves it: null members dropped, objects carrying "$patch" dropped, other
/// directive keys removed. nullopt when the value itself is dropped.
std::optional<nlohmann::json> withoutDirectives(const nlohmann::json &value);

/// The merged list ordered as the server orders it: elements named by the patch
/// (or by $setElementOrder) in `patchOrder`'s order, the others in `serverOrder`'s,
/// interleaved where both orders know them.
nlohmann::json orderMergedList(const nlohmann::json &merged, const nlohmann::json &patchOrder,
                               const nlohmann::json &serverOrder, std::string_view mergeKey, bool keyed);

} // namespace gantry::sim

#pragma once

#include "backend/kube/compactobjects.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>

namespace gantry::kube::detail {

// Tolerant readers for API objects: a missing field or one of the wrong type
// reads as null, "" or 0, so a half-formed object from a newer or broken
// server never stops the informer.

/// The value at `path` (object keys), or a null when any step is missing or not an object.
const nlohmann::json &jsonAt(const nlohmann::json &object, std::initializer_list<const char *> path);
/// A string as is, a number as its text, anything else "".
std::string jsonText(const nlohmann::json &value);
/// An integer (numbers, truncated toward zero, or a string of digits), else
/// `fallback`; so is a number outside the range of int64.
std::int64_t jsonInteger(const nlohmann::json &value, std::int64_t fallback = 0);
/// A resource quantity such as 2, "4" or "500m" as a number; 0 when unreadable.
double jsonQuantity(const nlohmann::json &value);
/// An object of strings; values of other types are skipped.
std::map<std::string, std::string> jsonStringMap(const nlohmann::json &value);
/// status.conditions as type → status, lastTransitionTime, reason, message.
ConditionMap jsonConditions(const nlohmann::json &value);
/// metadata: uid, namespace, name, resourceVersion, creationTimestamp and the controlling owner.
CompactMeta jsonMeta(const nlohmann::json &object);

} // namespace gantry::kube::detail

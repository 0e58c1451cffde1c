#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace gantry::sim {

// Tolerant reads of untrusted objects for validation: a missing member, or one of
// the wrong type, reads as null, an empty string or an empty list, never throws.

/// `object[key]`, or null when `object` is not an object or lacks the key.
const nlohmann::json &memberOf(const nlohmann::json &object, std::string_view key);

/// The member at a dotted path ("spec.template.spec"), or null.
const nlohmann::json &memberAt(const nlohmann::json &object, std::string_view dottedPath);

/// The string value of `value`, or "" for anything that is not a string.
std::string textOf(const nlohmann::json &value);

} // namespace gantry::sim

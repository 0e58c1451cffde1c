#pragma once

#include "backend/actions/templateerror.h"
#include "backend/core/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gantry::actions {

/// A value for one placeholder. Strings are written as double-quoted YAML scalars
/// with every special character escaped, so a value can never add keys, lines or
/// documents; numbers and booleans are written bare; a list of strings becomes a
/// flow sequence; std::monostate ("not set") becomes null, which
/// pruneNullMembers() then removes so the server applies its default.
using TemplateValue = std::variant<std::monostate, std::string, std::int64_t, double, bool, std::vector<std::string>>;
using TemplateValues = std::map<std::string, TemplateValue>;

/// Replaces each `{{name}}` (a whole YAML scalar, optionally with spaces inside the
/// braces) with its value; whole-line comments are left alone. A placeholder without a value, or a malformed one, is an
/// error naming it and its line; no other template syntax exists.
Result<std::string, TemplateError> renderTemplate(std::string_view text, const TemplateValues &values);

/// `value` as a double-quoted YAML scalar: "a\"b\nc: d".
std::string yamlQuote(std::string_view value);

/// Removes null members from objects at every depth (arrays keep their elements),
/// then objects left empty by that, except the top level.
void pruneNullMembers(nlohmann::json &object);

} // namespace gantry::actions

#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace gantry::sim {

// The API server's messages are Go format strings; these reproduce the Go verbs
// they use so that our messages read the same, byte for byte where it matters.

/// Go's `%q` (strconv.Quote): a double-quoted string with Go escapes.
std::string goQuote(std::string_view text);

/// Go's `%v` of a value decoded from JSON into interface{}: objects print as
/// `map[k:v k2:v2]`, arrays as `[a b]`, null as `<nil>`, strings unquoted.
std::string goFormat(const nlohmann::json &value);

/// The Go type name reflect reports for such a value ("map[string]interface {}",
/// "[]interface {}", "string", "int64", "float64", "bool", "<nil>").
std::string goTypeName(const nlohmann::json &value);

/// The word encoding/json uses for a value's JSON type in "cannot unmarshal X into …"
/// ("object", "array", "string", "number", "bool"; "null" for null).
std::string goJsonTypeWord(const nlohmann::json &value);

} // namespace gantry::sim

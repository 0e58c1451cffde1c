#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry {

/// A YAML document converted to JSON, or the reason it could not be, with the
/// line and column (1-based) where the problem is.
struct YamlToJsonResult
{
    std::optional<nlohmann::json> json;
    std::string error;
    int line = 0;
    int column = 0;
};

/// Converts one YAML document to JSON with Kubernetes' typing: plain scalars
/// become null, booleans (true/false), integers or floats when they look like
/// them; quoted scalars always stay strings. Anchors and aliases resolve; the
/// nesting depth is bounded so hostile input cannot exhaust the stack.
YamlToJsonResult yamlToJson(std::string_view text);

/// The same for a multi-document stream ("---" separated); empty documents are skipped.
struct YamlDocumentsResult
{
    std::vector<nlohmann::json> documents;
    std::string error;
    int line = 0;
    int column = 0;
};
YamlDocumentsResult yamlDocumentsToJson(std::string_view text);

} // namespace gantry

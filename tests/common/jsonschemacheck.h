#pragma once

// Checks a JSON document against the subset of JSON Schema that Gantry's own
// schemas use (type, required, properties, additionalProperties, items, enum,
// const), so a test proves the documented schema and the output agree.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gantry::test {

inline bool jsonHasType(const nlohmann::json &value, const std::string &type)
{
    if (type == "null")
        return value.is_null();
    if (type == "object")
        return value.is_object();
    if (type == "array")
        return value.is_array();
    if (type == "string")
        return value.is_string();
    if (type == "boolean")
        return value.is_boolean();
    if (type == "integer")
        return value.is_number_integer() || value.is_number_unsigned();
    if (type == "number")
        return value.is_number();
    return false;
}

/// Appends "path: problem" for each violation.
inline void checkJsonSchema(const nlohmann::json &value, const nlohmann::json &schema, const std::string &path,
                            std::vector<std::string> &problems)
{
    if (schema.contains("type")) {
        bool matches = false;
        if (schema["type"].is_array()) {
            for (const auto &type : schema["type"])
                matches = matches || jsonHasType(value, type.get<std::string>());
        } else {
            matches = jsonHasType(value, schema["type"].get<std::string>());
        }
        if (!matches) {
            problems.push_back(path + ": expected " + schema["type"].dump() + ", got " + value.dump().substr(0, 80));
            return;
        }
    }
    if (schema.contains("const") && value != schema["const"])
        problems.push_back(path + ": expected " + schema["const"].dump() + ", got " + value.dump());
    if (schema.contains("enum")) {
        bool listed = false;
        for (const auto &allowed : schema["enum"])
            listed = listed || allowed == value;
        if (!listed)
            problems.push_back(path + ": " + value.dump() + " is not one of " + schema["enum"].dump());
    }
    if (value.is_object()) {
        if (schema.contains("required")) {
            for (const auto &key : schema["required"]) {
                if (!value.contains(key.get<std::string>()))
                    problems.push_back(path + ": missing \"" + key.get<std::string>() + "\"");
            }
        }
        for (const auto &[key, member] : value.items()) {
            if (schema.contains("properties") && schema["properties"].contains(key))
                checkJsonSchema(member, schema["properties"][key], path + "." + key, problems);
            else if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object())
                checkJsonSchema(member, schema["additionalProperties"], path + "." + key, problems);
            else if (schema.contains("properties"))
                problems.push_back(path + ": \"" + key + "\" is not in the schema");
        }
    }
    if (value.is_array() && schema.contains("items")) {
        for (std::size_t i = 0; i < value.size(); ++i)
            checkJsonSchema(value[i], schema["items"], path + "[" + std::to_string(i) + "]", problems);
    }
}

} // namespace gantry::test

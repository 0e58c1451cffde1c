#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>

namespace gantry::actions {

// Reading objects the cluster or a user sent, which may have any shape: these
// never throw and give null or "" for what is missing or of another type.

inline const nlohmann::json &jsonAt(const nlohmann::json &object, std::initializer_list<std::string> path)
{
    static const nlohmann::json null;
    const nlohmann::json *node = &object;
    for (const std::string &key : path) {
        if (!node->is_object())
            return null;
        const auto it = node->find(key);
        if (it == node->end())
            return null;
        node = &*it;
    }
    return *node;
}

inline std::string jsonString(const nlohmann::json &object, std::initializer_list<std::string> path)
{
    const nlohmann::json &value = jsonAt(object, path);
    return value.is_string() ? value.get<std::string>() : std::string();
}

} // namespace gantry::actions

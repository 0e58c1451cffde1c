#include "sim/apimachinery/jsonaccess.h"

namespace gantry::sim {

namespace {

const nlohmann::json kNull;

} // namespace

const nlohmann::json &memberOf(const nlohmann::json &object, std::string_view key)
{
    if (!object.is_object())
        return kNull;
    const auto it = object.find(key);
    return it == object.end() ? kNull : *it;
}

const nlohmann::json &memberAt(const nlohmann::json &object, std::string_view dottedPath)
{
    const nlohmann::json *node = &object;
    while (true) {
        const std::size_t dot = dottedPath.find('.');
        node = &memberOf(*node, dottedPath.substr(0, dot));
        if (dot == std::string_view::npos)
            return *node;
        dottedPath.remove_prefix(dot + 1);
    }
}

std::string textOf(const nlohmann::json &value)
{
    return value.is_string() ? value.get<std::string>() : std::string();
}

} // namespace gantry::sim

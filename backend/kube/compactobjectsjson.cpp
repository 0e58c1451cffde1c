#include "backend/kube/compactobjectsjson.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <cstdlib>

namespace gantry::kube::detail {

namespace {

const nlohmann::json &nullJson()
{
    static const nlohmann::json null;
    return null;
}

} // namespace

const nlohmann::json &jsonAt(const nlohmann::json &object, std::initializer_list<const char *> path)
{
    const nlohmann::json *current = &object;
    for (const char *key : path) {
        if (!current->is_object())
            return nullJson();
        const auto found = current->find(key);
        if (found == current->end())
            return nullJson();
        current = &*found;
    }
    return *current;
}

std::string jsonText(const nlohmann::json &value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number())
        return value.dump();
    return {};
}

std::int64_t jsonInteger(const nlohmann::json &value, std::int64_t fallback)
{
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    if (value.is_number_unsigned()) {
        const std::uint64_t number = value.get<std::uint64_t>();
        return number <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                   ? static_cast<std::int64_t>(number)
                   : fallback;
    }
    if (value.is_number_float()) {
        // Converting a double outside int64's range is undefined behaviour: a
        // hostile or broken server's 1e300 must read as unreadable, not as garbage.
        const double number = value.get<double>();
        constexpr double limit = 9223372036854775808.0; // 2^63
        return std::isfinite(number) && number >= -limit && number < limit ? static_cast<std::int64_t>(number)
                                                                            : fallback;
    }
    if (value.is_string()) {
        const std::string &text = value.get_ref<const std::string &>();
        std::int64_t parsed = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
        if (error == std::errc() && end == text.data() + text.size())
            return parsed;
    }
    return fallback;
}

double jsonQuantity(const nlohmann::json &value)
{
    if (value.is_number())
        return value.get<double>();
    if (!value.is_string())
        return 0;
    std::string text = value.get<std::string>();
    double scale = 1;
    // GPUs are whole devices in practice; milli-units are the only suffix worth reading here.
    if (!text.empty() && text.back() == 'm') {
        scale = 0.001;
        text.pop_back();
    }
    if (text.empty())
        return 0;
    char *end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() ? parsed * scale : 0;
}

std::map<std::string, std::string> jsonStringMap(const nlohmann::json &value)
{
    std::map<std::string, std::string> result;
    if (!value.is_object())
        return result;
    for (const auto &[key, item] : value.items()) {
        if (item.is_string())
            result.emplace(key, item.get<std::string>());
    }
    return result;
}

ConditionMap jsonConditions(const nlohmann::json &value)
{
    ConditionMap result;
    if (!value.is_array())
        return result;
    for (const nlohmann::json &condition : value) {
        const std::string type = jsonText(jsonAt(condition, {"type"}));
        if (type.empty())
            continue;
        result[type] = {jsonText(jsonAt(condition, {"status"})), jsonText(jsonAt(condition, {"lastTransitionTime"})),
                        jsonText(jsonAt(condition, {"reason"})), jsonText(jsonAt(condition, {"message"}))};
    }
    return result;
}

CompactMeta jsonMeta(const nlohmann::json &object)
{
    const nlohmann::json &metadata = jsonAt(object, {"metadata"});
    CompactMeta meta;
    meta.uid = jsonText(jsonAt(metadata, {"uid"}));
    meta.namespaceName = jsonText(jsonAt(metadata, {"namespace"}));
    meta.name = jsonText(jsonAt(metadata, {"name"}));
    meta.resourceVersion = jsonText(jsonAt(metadata, {"resourceVersion"}));
    meta.creationTimestamp = jsonText(jsonAt(metadata, {"creationTimestamp"}));
    const nlohmann::json &owners = jsonAt(metadata, {"ownerReferences"});
    if (owners.is_array() && !owners.empty()) {
        const nlohmann::json *chosen = &owners.front();
        for (const nlohmann::json &owner : owners) {
            if (jsonAt(owner, {"controller"}) == true) {
                chosen = &owner;
                break;
            }
        }
        meta.ownerUid = jsonText(jsonAt(*chosen, {"uid"}));
        meta.ownerKind = jsonText(jsonAt(*chosen, {"kind"}));
        meta.ownerName = jsonText(jsonAt(*chosen, {"name"}));
    }
    return meta;
}

} // namespace gantry::kube::detail

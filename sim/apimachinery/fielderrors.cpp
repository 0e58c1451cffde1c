#include "sim/apimachinery/fielderrors.h"

#include "sim/apimachinery/gotext.h"
#include "sim/apimachinery/jsonlimits.h"

#include <nlohmann/json.hpp>

#include <unordered_set>

namespace gantry::sim {

namespace {

FieldError makeError(std::string_view reason, std::string field, std::string body, std::string_view detail)
{
    if (!detail.empty()) {
        body += ": ";
        body += detail;
    }
    return FieldError{std::string(reason), std::move(field), std::move(body)};
}

} // namespace

std::string badValueText(const nlohmann::json &value)
{
    if (value.is_string())
        return goQuote(value.get_ref<const std::string &>());
    if (value.is_null())
        return "null";
    if (value.is_structured())
        return value.dump();
    return goFormat(value);
}

FieldError fieldInvalid(std::string field, const nlohmann::json &value, std::string_view detail)
{
    return fieldInvalidRendered(std::move(field), badValueText(value), detail);
}

FieldError fieldInvalidRendered(std::string field, std::string_view renderedValue, std::string_view detail)
{
    return makeError("FieldValueInvalid", std::move(field), "Invalid value: " + std::string(renderedValue), detail);
}

FieldError fieldRequired(std::string field, std::string_view detail)
{
    return makeError("FieldValueRequired", std::move(field), "Required value", detail);
}

FieldError fieldForbidden(std::string field, std::string_view detail)
{
    return makeError("FieldValueForbidden", std::move(field), "Forbidden", detail);
}

FieldError fieldTooLong(std::string field, std::size_t maxBytes)
{
    return makeError("FieldValueTooLong", std::move(field), "Too long",
                     "may not be more than " + std::to_string(maxBytes) + " bytes");
}

FieldError fieldDuplicate(std::string field, const nlohmann::json &value)
{
    return makeError("FieldValueDuplicate", std::move(field), "Duplicate value: " + badValueText(value), {});
}

FieldError fieldNotSupported(std::string field, const nlohmann::json &value,
                             std::initializer_list<std::string_view> supported)
{
    std::string detail;
    for (std::string_view option : supported) {
        detail += detail.empty() ? "supported values: " : ", ";
        detail += goQuote(option);
    }
    return makeError("FieldValueNotSupported", std::move(field), "Unsupported value: " + badValueText(value), detail);
}

FieldError fieldNestedTooDeep()
{
    return fieldInvalidRendered("<root>", "\"object\"",
                                "must not nest deeper than " + std::to_string(kMaxJsonDepth) + " levels");
}

std::string fieldErrorText(const FieldError &error)
{
    return error.field + ": " + error.message;
}

std::string aggregateText(const std::vector<std::string> &errors)
{
    std::unordered_set<std::string_view> seen;
    std::vector<std::string_view> unique;
    for (const std::string &error : errors) {
        if (seen.insert(error).second)
            unique.push_back(error);
    }
    if (unique.size() == 1)
        return std::string(unique.front());
    std::string out;
    for (std::size_t i = 0; i < unique.size(); ++i) {
        out += i == 0 ? "[" : ", ";
        out += unique[i];
    }
    return unique.empty() ? out : out + "]";
}

} // namespace gantry::sim

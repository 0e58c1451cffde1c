#include "sim/apimachinery/validation.h"

#include <nlohmann/json.hpp>

namespace gantry::sim {

namespace {

bool isLowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool isDns1123Label(std::string_view text)
{
    if (text.empty() || text.size() > 63 || !isLowerAlnum(text.front()) || !isLowerAlnum(text.back()))
        return false;
    for (char c : text) {
        if (!isLowerAlnum(c) && c != '-')
            return false;
    }
    return true;
}

} // namespace

std::string dns1123LabelError(std::string_view name)
{
    if (name.size() > 63)
        return "must be no more than 63 characters";
    if (isDns1123Label(name))
        return {};
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
           "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
           "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
}

std::string dns1123SubdomainError(std::string_view name)
{
    if (name.size() > 253)
        return "must be no more than 253 characters";
    bool valid = !name.empty();
    std::size_t start = 0;
    while (valid) {
        const std::size_t dot = name.find('.', start);
        valid = isDns1123Label(name.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    if (valid)
        return {};
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
           "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
           "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
}

} // namespace gantry::sim

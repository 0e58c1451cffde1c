#include "sim/apimachinery/validation.h"

#include "sim/apimachinery/names.h"

#include <nlohmann/json.hpp>

#include <initializer_list>

namespace gantry::sim {

namespace {

constexpr std::size_t kLabelMaxLength = 63;
constexpr std::size_t kSubdomainMaxLength = 253;

constexpr std::string_view kLabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kSubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kQualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kLabelValueFormat = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kQualifiedNameMessage =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    "character";

bool isLowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool isAlnum(char c)
{
    return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
}

// The label regex alone; the length limit is a separate rule with its own message.
bool matchesLabelFormat(std::string_view text)
{
    if (text.empty() || !isLowerAlnum(text.front()) || !isLowerAlnum(text.back()))
        return false;
    for (char c : text) {
        if (!isLowerAlnum(c) && c != '-')
            return false;
    }
    return true;
}

// Dot-separated labels; the regex puts no length limit on each part.
bool matchesSubdomainFormat(std::string_view text)
{
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        if (!matchesLabelFormat(text.substr(start, dot == std::string_view::npos ? dot : dot - start)))
            return false;
        if (dot == std::string_view::npos)
            return true;
        start = dot + 1;
    }
}

bool matchesQualifiedNameFormat(std::string_view text)
{
    if (text.empty() || !isAlnum(text.front()) || !isAlnum(text.back()))
        return false;
    for (char c : text) {
        if (!isAlnum(c) && c != '-' && c != '_' && c != '.')
            return false;
    }
    return true;
}

// validation.RegexError: "<message> (e.g. 'a',  or 'b', regex used for validation is '<format>')".
std::string regexError(std::string_view message, std::string_view format,
                       std::initializer_list<std::string_view> examples)
{
    std::string out(message);
    out += " (e.g. ";
    bool first = true;
    for (std::string_view example : examples) {
        if (!first)
            out += " or ";
        first = false;
        out += "'";
        out += example;
        out += "', ";
    }
    out += "regex used for validation is '";
    out += format;
    out += "')";
    return out;
}

std::string maxLengthError(std::size_t length)
{
    return "must be no more than " + std::to_string(length) + " characters";
}

std::string qualifiedNameRegexError()
{
    return regexError(kQualifiedNameMessage, kQualifiedNameFormat, {"MyName", "my.name", "123-abc"});
}

std::string firstOrEmpty(const std::vector<std::string> &messages)
{
    return messages.empty() ? std::string() : messages.front();
}

} // namespace

std::vector<std::string> dns1123LabelErrors(std::string_view value)
{
    std::vector<std::string> errors;
    if (value.size() > kLabelMaxLength)
        errors.push_back(maxLengthError(kLabelMaxLength));
    if (!matchesLabelFormat(value)) {
        errors.push_back(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
                                    "or '-', and must start and end with an alphanumeric character",
                                    kLabelFormat, {"my-name", "123-abc"}));
    }
    return errors;
}

std::vector<std::string> dns1123SubdomainErrors(std::string_view value)
{
    std::vector<std::string> errors;
    if (value.size() > kSubdomainMaxLength)
        errors.push_back(maxLengthError(kSubdomainMaxLength));
    if (!matchesSubdomainFormat(value)) {
        errors.push_back(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                                    "characters, '-' or '.', and must start and end with an alphanumeric character",
                                    kSubdomainFormat, {"example.com"}));
    }
    return errors;
}

std::vector<std::string> qualifiedNameErrors(std::string_view value)
{
    std::vector<std::string> errors;
    std::string_view name = value;
    const std::size_t slash = value.find('/');
    if (slash != std::string_view::npos) {
        if (value.find('/', slash + 1) != std::string_view::npos) {
            errors.push_back("a qualified name " + qualifiedNameRegexError()
                             + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errors;
        }
        const std::string_view prefix = value.substr(0, slash);
        name = value.substr(slash + 1);
        if (prefix.empty()) {
            errors.emplace_back("prefix part must be non-empty");
        } else {
            for (const std::string &message : dns1123SubdomainErrors(prefix))
                errors.push_back("prefix part " + message);
        }
    }
    if (name.empty())
        errors.emplace_back("name part must be non-empty");
    else if (name.size() > kLabelMaxLength)
        errors.push_back("name part " + maxLengthError(kLabelMaxLength));
    if (!matchesQualifiedNameFormat(name))
        errors.push_back("name part " + qualifiedNameRegexError());
    return errors;
}

std::vector<std::string> labelValueErrors(std::string_view value)
{
    std::vector<std::string> errors;
    if (value.size() > kLabelMaxLength)
        errors.push_back(maxLengthError(kLabelMaxLength));
    if (!value.empty() && !matchesQualifiedNameFormat(value)) {
        errors.push_back(regexError("a valid label must be an empty string or consist of alphanumeric characters, "
                                    "'-', '_' or '.', and must start and end with an alphanumeric character",
                                    kLabelValueFormat, {"MyValue", "my_value", "12345"}));
    }
    return errors;
}

std::string joinMessages(const std::vector<std::string> &messages)
{
    std::string out;
    for (std::size_t i = 0; i < messages.size(); ++i)
        out += (i > 0 ? "; " : "") + messages[i];
    return out;
}

std::string dns1123LabelError(std::string_view name)
{
    return firstOrEmpty(dns1123LabelErrors(name));
}

std::string dns1123SubdomainError(std::string_view name)
{
    return firstOrEmpty(dns1123SubdomainErrors(name));
}

} // namespace gantry::sim

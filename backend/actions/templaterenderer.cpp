#include "backend/actions/templaterenderer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gantry::actions {

namespace {

std::string render(const TemplateValue &value)
{
    struct Visitor {
        std::string operator()(std::monostate) const { return "null"; }
        std::string operator()(const std::string &text) const { return yamlQuote(text); }
        std::string operator()(std::int64_t number) const { return std::to_string(number); }
        std::string operator()(double number) const
        {
            if (!std::isfinite(number))
                return "null";
            char buffer[40];
            std::snprintf(buffer, sizeof buffer, "%.17g", number);
            return buffer;
        }
        std::string operator()(bool flag) const { return flag ? "true" : "false"; }
        std::string operator()(const std::vector<std::string> &items) const
        {
            std::string out = "[";
            for (std::size_t i = 0; i < items.size(); ++i)
                out += (i ? ", " : "") + yamlQuote(items[i]);
            return out + "]";
        }
    };
    return std::visit(Visitor {}, value);
}

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
        || c == '.';
}

// True when `node` is an object that pruning emptied (one that was empty to begin
// with, like `emptyDir: {}`, means something and stays).
bool pruneInside(nlohmann::json &node)
{
    if (node.is_object()) {
        if (node.empty())
            return false;
        for (auto it = node.begin(); it != node.end();) {
            if (it->is_null() || pruneInside(*it))
                it = node.erase(it);
            else
                ++it;
        }
        return node.empty();
    }
    if (node.is_array()) {
        for (auto &item : node)
            pruneInside(item);
    }
    return false;
}

} // namespace

std::string yamlQuote(std::string_view value)
{
    std::string out = "\"";
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20 || u == 0x7f) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\x%02x", u);
                out += buffer;
            } else {
                out += c; // UTF-8 passes through: YAML double-quoted scalars are Unicode
            }
        }
    }
    return out + "\"";
}

Result<std::string, TemplateError> renderTemplate(std::string_view text, const TemplateValues &values)
{
    std::string out;
    out.reserve(text.size() + 256);
    int line = 1;
    std::size_t i = 0;
    bool lineStart = true;
    while (i < text.size()) {
        if (lineStart) {
            lineStart = false;
            // Whole-line comments are copied as they are: they may show a {{placeholder}}.
            const std::size_t first = text.find_first_not_of(' ', i);
            if (first != std::string_view::npos && text[first] == '#') {
                const std::size_t end = std::min(text.find('\n', first), text.size());
                out.append(text.substr(i, end - i));
                i = end;
                continue;
            }
        }
        if (text[i] == '\n') {
            ++line;
            lineStart = true;
        }
        if (text.compare(i, 2, "{{") != 0) {
            out += text[i++];
            continue;
        }
        const std::size_t close = text.find("}}", i + 2);
        const std::size_t newline = text.find('\n', i);
        if (close == std::string_view::npos || (newline != std::string_view::npos && newline < close))
            return TemplateError { "line " + std::to_string(line) + ": a placeholder '{{' is not closed with '}}'" };
        std::string_view name = text.substr(i + 2, close - i - 2);
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        bool valid = !name.empty();
        for (const char c : name)
            valid = valid && isNameChar(c);
        if (!valid)
            return TemplateError { "line " + std::to_string(line) + ": malformed placeholder {{"
                + std::string(text.substr(i + 2, close - i - 2)) + "}}" };
        const auto value = values.find(std::string(name));
        if (value == values.end())
            return TemplateError { "line " + std::to_string(line) + ": no value for placeholder {{" + std::string(name)
                + "}}" };
        out += render(value->second);
        i = close + 2;
    }
    return out;
}

void pruneNullMembers(nlohmann::json &object)
{
    pruneInside(object);
}

} // namespace gantry::actions

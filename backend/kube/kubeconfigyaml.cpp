#include "backend/kube/kubeconfigyaml.h"

#include "backend/kube/base64.h"

#include <algorithm>
#include <array>
#include <regex>
#include <string_view>

namespace gantry::kube::detail {

namespace {

constexpr std::string_view tagPrefix = "tag:yaml.org,2002:";

// go-yaml v2's resolve table for plain scalars.
constexpr std::array<std::string_view, 11> trueWords = {"y", "Y", "yes", "Yes", "YES", "true",
                                                        "True", "TRUE", "on", "On", "ON"};
constexpr std::array<std::string_view, 11> falseWords = {"n", "N", "no", "No", "NO", "false",
                                                         "False", "FALSE", "off", "Off", "OFF"};
constexpr std::array<std::string_view, 12> specialFloats = {".nan",  ".NaN",  ".NAN",  ".inf", ".Inf", ".INF",
                                                            "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};

bool contains(const auto &words, std::string_view text)
{
    return std::find(words.begin(), words.end(), text) != words.end();
}

// go-yaml v2 tries ParseInt(base 0) and a float pattern on plain scalars that
// start like a number, after dropping '_' digit separators.
bool looksNumeric(std::string text)
{
    if (text.empty() || std::string_view("+-.0123456789").find(text.front()) == std::string_view::npos)
        return false;
    std::erase(text, '_');
    static const std::regex integer("[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|[0-9]+)");
    static const std::regex floating(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    return std::regex_match(text, integer) || std::regex_match(text, floating);
}

std::optional<bool> plainBool(std::string_view text)
{
    if (contains(trueWords, text))
        return true;
    if (contains(falseWords, text))
        return false;
    return std::nullopt;
}

const char *kindName(YamlKind kind)
{
    switch (kind) {
    case YamlKind::Null: return "null";
    case YamlKind::Boolean: return "a boolean";
    case YamlKind::Number: return "a number";
    case YamlKind::String: return "a string";
    case YamlKind::List: return "a list";
    case YamlKind::Mapping: return "a mapping";
    }
    return "an unknown value";
}

// "a number (quote it if it is meant as text)" – what turns up most in hand-edited files.
std::string gotWhat(YamlKind kind)
{
    std::string text = kindName(kind);
    if (kind == YamlKind::Number || kind == YamlKind::Boolean)
        text += " (quote it if it is meant as text)";
    return text;
}

} // namespace

YamlKind yamlKind(const YAML::Node &node)
{
    if (!node.IsDefined() || node.IsNull())
        return YamlKind::Null;
    if (node.IsSequence())
        return YamlKind::List;
    if (node.IsMap())
        return YamlKind::Mapping;

    const std::string &tag = node.Tag();
    if (tag == "!") // quoted or block scalar: always text
        return YamlKind::String;
    if (tag.starts_with(tagPrefix)) {
        const std::string_view type = std::string_view(tag).substr(tagPrefix.size());
        if (type == "bool")
            return YamlKind::Boolean;
        if (type == "int" || type == "float")
            return YamlKind::Number;
        if (type == "null")
            return YamlKind::Null;
        return YamlKind::String;
    }
    const std::string &text = node.Scalar();
    if (plainBool(text))
        return YamlKind::Boolean;
    if (contains(specialFloats, text) || looksNumeric(text))
        return YamlKind::Number;
    return YamlKind::String;
}

nlohmann::json yamlToJson(const YAML::Node &node)
{
    switch (yamlKind(node)) {
    case YamlKind::Null:
        return nullptr;
    case YamlKind::Boolean:
        return plainBool(node.Scalar()).value_or(false);
    case YamlKind::Number: {
        std::string text = node.Scalar();
        std::erase(text, '_');
        // Integers stay exact; anything else JSON cannot hold (0x…, .inf) stays text.
        const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        return parsed.is_number() ? parsed : nlohmann::json(node.Scalar());
    }
    case YamlKind::String:
        return node.Scalar();
    case YamlKind::List: {
        nlohmann::json array = nlohmann::json::array();
        for (const YAML::Node &item : node)
            array.push_back(yamlToJson(item));
        return array;
    }
    case YamlKind::Mapping: {
        nlohmann::json object = nlohmann::json::object();
        for (const auto &entry : node)
            object[entry.first.Scalar()] = yamlToJson(entry.second);
        return object;
    }
    }
    return nullptr;
}

KubeconfigError loadError(const std::string &file, const std::string &problem, int line, int column)
{
    KubeconfigError error;
    error.file = file;
    error.line = line;
    error.column = column;
    error.message = "error loading config file \"" + file + "\": ";
    if (line > 0)
        error.message += "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
    error.message += problem;
    return error;
}

YamlFieldReader::YamlFieldReader(std::string file)
    : m_file(std::move(file))
{
}

void YamlFieldReader::fail(const YAML::Node &at, const std::string &problem)
{
    if (m_failed)
        return;
    m_failed = true;
    const YAML::Mark mark = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
    if (mark.is_null())
        m_error = loadError(m_file, problem);
    else
        m_error = loadError(m_file, problem, mark.line + 1, mark.column + 1);
}

bool YamlFieldReader::expectKind(const YAML::Node &key, const YAML::Node &value, const std::string &field,
                                 YamlKind wanted)
{
    const YamlKind actual = yamlKind(value);
    if (actual == wanted || actual == YamlKind::Null)
        return !m_failed;
    fail(actual == YamlKind::Null ? key : value,
         field + " must be " + kindName(wanted) + ", got " + gotWhat(actual));
    return false;
}

bool YamlFieldReader::expectMapping(const YAML::Node &key, const YAML::Node &value, const std::string &field)
{
    return expectKind(key, value, field, YamlKind::Mapping);
}

bool YamlFieldReader::expectList(const YAML::Node &key, const YAML::Node &value, const std::string &field)
{
    return expectKind(key, value, field, YamlKind::List);
}

bool YamlFieldReader::readString(const YAML::Node &key, const YAML::Node &value, const std::string &field,
                                 std::string &out)
{
    if (!expectKind(key, value, field, YamlKind::String))
        return false;
    out = yamlKind(value) == YamlKind::Null ? std::string() : value.Scalar();
    return true;
}

bool YamlFieldReader::readBool(const YAML::Node & /*key*/, const YAML::Node &value, const std::string &field,
                               bool &out)
{
    const YamlKind kind = yamlKind(value);
    if (kind == YamlKind::Null) {
        out = false;
        return !m_failed;
    }
    const std::optional<bool> parsed = kind == YamlKind::Boolean ? plainBool(value.Scalar()) : std::nullopt;
    if (!parsed) {
        // A boolean's text is never a secret, and seeing it ("maybe", "\"true\"") is the fix.
        std::string got = kindName(kind);
        if (kind == YamlKind::String)
            got = "the string \"" + value.Scalar() + "\"" + (value.Tag() == "!" ? " (remove the quotes)" : "");
        else if (kind == YamlKind::Number)
            got = "the number " + value.Scalar();
        fail(value, field + " must be a boolean (true or false), got " + got);
        return false;
    }
    out = *parsed;
    return !m_failed;
}

bool YamlFieldReader::readStringList(const YAML::Node &key, const YAML::Node &value, const std::string &field,
                                     std::vector<std::string> &out)
{
    if (!expectList(key, value, field))
        return false;
    out.clear();
    if (!value.IsSequence())
        return true;
    std::size_t index = 0;
    for (const YAML::Node &item : value) {
        std::string text;
        if (!readString(item, item, field + '[' + std::to_string(index++) + ']', text))
            return false;
        out.push_back(std::move(text));
    }
    return true;
}

bool YamlFieldReader::readStringListMap(const YAML::Node &key, const YAML::Node &value, const std::string &field,
                                        std::map<std::string, std::vector<std::string>> &out)
{
    if (!expectMapping(key, value, field))
        return false;
    out.clear();
    if (!value.IsMap())
        return true;
    for (const auto &entry : value) {
        const std::string name = entry.first.Scalar();
        if (!readStringList(entry.first, entry.second, field + '.' + name, out[name]))
            return false;
    }
    return true;
}

bool YamlFieldReader::readBase64(const YAML::Node &key, const YAML::Node &value, const std::string &field,
                                 std::string &out)
{
    std::string encoded;
    if (!readString(key, value, field, encoded))
        return false;
    std::size_t offset = 0;
    std::optional<std::string> decoded = decodeBase64(encoded, &offset);
    if (!decoded) {
        fail(value, field + " is not valid base64 (illegal base64 data at input byte " + std::to_string(offset)
                        + "); it must hold the base64 encoding of the PEM file");
        return false;
    }
    out = std::move(*decoded);
    return true;
}

} // namespace gantry::kube::detail

#include "backend/core/yamljson.h"

#include "backend/core/utf8.h"
#include "backend/core/yamlloadall.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <regex>

namespace gantry {

namespace {

constexpr int maxDepth = 200;

// A document yaml-cpp read but JSON cannot hold, and where.
struct ConversionError
{
    std::string message;
    YAML::Mark mark;
};

// yaml-cpp passes the bytes of a UTF-8 stream through unchecked; JSON text is
// Unicode, and nlohmann::json refuses to write a string that is not (it
// throws), so bad bytes are reported here, where their place is still known.
const std::string &checkedText(const YAML::Node &node)
{
    const std::string &text = node.Scalar();
    if (firstInvalidUtf8(text) != std::string_view::npos)
        throw ConversionError{"a value is not valid UTF-8 text", node.Mark()};
    return text;
}

bool isOneOf(const std::string &text, std::initializer_list<const char *> words)
{
    for (const char *word : words) {
        if (text == word)
            return true;
    }
    return false;
}

// The typing kubectl and the API server apply: sigs.k8s.io/yaml resolves plain
// scalars with go-yaml v2, i.e. YAML 1.1, where yes/no/on/off are booleans too
// (the kubeconfig loader follows the same rule).
nlohmann::json plainScalar(const std::string &text)
{
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return nullptr;
    if (isOneOf(text, {"true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"}))
        return true;
    if (isOneOf(text, {"false", "False", "FALSE", "no", "No", "NO", "n", "N", "off", "Off", "OFF"}))
        return false;
    static const std::regex integer(R"([-+]?[0-9]+)");
    static const std::regex floating(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    if (std::regex_match(text, integer)) {
        std::int64_t value = 0;
        const char *begin = text.data() + (text[0] == '+' ? 1 : 0);
        const auto result = std::from_chars(begin, text.data() + text.size(), value);
        if (result.ec == std::errc() && result.ptr == text.data() + text.size())
            return value;
    }
    if (std::regex_match(text, floating)) {
        double value = 0;
        const char *begin = text.data() + (text[0] == '+' ? 1 : 0);
        const auto result = std::from_chars(begin, text.data() + text.size(), value);
        if (result.ec == std::errc() && std::isfinite(value))
            return value;
    }
    if (text == ".inf" || text == "+.inf" || text == ".Inf")
        return std::numeric_limits<double>::infinity();
    if (text == "-.inf" || text == "-.Inf")
        return -std::numeric_limits<double>::infinity();
    return text;
}

nlohmann::json convert(const YAML::Node &node, int depth)
{
    if (depth > maxDepth)
        throw ConversionError{"nesting is deeper than " + std::to_string(maxDepth) + " levels", node.Mark()};
    switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return nullptr;
    case YAML::NodeType::Scalar:
        // yaml-cpp tags quoted scalars "!" and plain ones "?".
        if (node.Tag() == "!")
            return checkedText(node);
        if (node.Tag() == "tag:yaml.org,2002:str")
            return checkedText(node);
        return plainScalar(checkedText(node));
    case YAML::NodeType::Sequence: {
        nlohmann::json array = nlohmann::json::array();
        for (const auto &item : node)
            array.push_back(convert(item, depth + 1));
        return array;
    }
    case YAML::NodeType::Map: {
        nlohmann::json object = nlohmann::json::object();
        for (const auto &entry : node) {
            const nlohmann::json key = convert(entry.first, depth + 1);
            const std::string keyText = key.is_string() ? key.get<std::string>() : key.dump();
            object[keyText] = convert(entry.second, depth + 1);
        }
        return object;
    }
    }
    return nullptr;
}

template<typename Result>
void setError(Result &result, const std::string &message, const YAML::Mark &mark)
{
    result.error = message;
    result.line = mark.line >= 0 ? mark.line + 1 : 0;
    result.column = mark.column >= 0 ? mark.column + 1 : 0;
}

} // namespace

YamlToJsonResult yamlToJson(std::string_view text)
{
    YamlToJsonResult result;
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        result.json = convert(root, 0);
    } catch (const YAML::DeepRecursion &error) {
        // yaml-cpp's own guard; its message is only "bad file".
        setError(result, "nesting is too deep", error.mark);
    } catch (const YAML::Exception &error) {
        setError(result, error.msg, error.mark);
    } catch (const ConversionError &error) {
        setError(result, error.message, error.mark);
    }
    return result;
}

YamlDocumentsResult yamlDocumentsToJson(std::string_view text)
{
    YamlDocumentsResult result;
    try {
        for (const YAML::Node &document : loadAllYaml(std::string(text))) {
            if (document.IsNull())
                continue;
            result.documents.push_back(convert(document, 0));
        }
    } catch (const YAML::DeepRecursion &error) {
        result.documents.clear();
        setError(result, "nesting is too deep", error.mark);
    } catch (const YAML::Exception &error) {
        result.documents.clear();
        setError(result, error.msg, error.mark);
    } catch (const ConversionError &error) {
        result.documents.clear();
        setError(result, error.message, error.mark);
    }
    return result;
}

} // namespace gantry

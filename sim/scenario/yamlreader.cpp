#include "sim/scenario/yamlreader.h"

#include "sim/scenario/quantities.h"
#include "sim/scenario/suggestions.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>

namespace gantry::sim {

namespace {

constexpr std::size_t kMaxShownLength = 60;

std::string childPath(const std::string &base, std::string_view key)
{
    return base.empty() ? std::string(key) : base + "." + std::string(key);
}

std::string describeValue(const YAML::Node &node)
{
    if (node.IsScalar())
        return "\"" + printable(node.Scalar()) + "\"";
    return describeNode(node);
}

} // namespace

std::string printable(std::string_view text)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (const char c : text) {
        if (out.size() >= kMaxShownLength) {
            out += "…";
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

std::string describeNode(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return "a map";
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Scalar:
        return "a string";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    }
    return "nothing";
}

ScenarioDiagnostics::ScenarioDiagnostics(std::string fileName)
    : m_fileName(std::move(fileName))
{
}

void ScenarioDiagnostics::add(const YAML::Mark &mark, const std::string &path, const std::string &message)
{
    ScenarioError error;
    error.file = m_fileName;
    error.line = mark.line >= 0 ? mark.line + 1 : 0;
    error.column = mark.line >= 0 && mark.column >= 0 ? mark.column + 1 : 0;
    error.message = path.empty() ? message : path + ": " + message;
    m_errors.push_back(std::move(error));
}

std::vector<ScenarioError> ScenarioDiagnostics::takeSorted()
{
    // Unplaced problems (line 0) go last; equal places keep their discovery order.
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const ScenarioError &a, const ScenarioError &b) {
        const int lineA = a.line > 0 ? a.line : INT_MAX;
        const int lineB = b.line > 0 ? b.line : INT_MAX;
        return lineA != lineB ? lineA < lineB : a.column < b.column;
    });
    return std::move(m_errors);
}

YamlValue::YamlValue(ScenarioDiagnostics &diagnostics, YAML::Node node, YAML::Mark mark, std::string path)
    : m_diagnostics(&diagnostics)
    , m_node(std::move(node))
    , m_mark(mark)
    , m_path(std::move(path))
{
}

bool YamlValue::present() const
{
    return m_node.IsDefined() && !m_node.IsNull();
}

void YamlValue::error(const std::string &message) const
{
    m_diagnostics->add(m_mark, m_path, message);
}

bool YamlValue::require() const
{
    if (!present())
        error("is required");
    return present();
}

std::string YamlValue::quoted() const
{
    return describeValue(m_node);
}

std::string YamlValue::written() const
{
    return m_node.IsScalar() ? printable(m_node.Scalar()) : describeNode(m_node);
}

bool YamlValue::expectScalar(std::string_view what) const
{
    if (m_node.IsScalar())
        return true;
    error("expected " + std::string(what) + ", got " + describeNode(m_node));
    return false;
}

std::optional<std::string> YamlValue::text() const
{
    if (!present() || !expectScalar("a string"))
        return std::nullopt;
    return m_node.Scalar();
}

std::optional<double> YamlValue::checkSign(double value, Sign sign) const
{
    if (sign == Sign::NonNegative && value < 0) {
        error("must not be negative, got " + written());
        return std::nullopt;
    }
    if (sign == Sign::Positive && value <= 0) {
        error("must be greater than 0, got " + written());
        return std::nullopt;
    }
    return value;
}

std::optional<double> YamlValue::number(Sign sign) const
{
    if (!present() || !expectScalar("a number"))
        return std::nullopt;
    const ParsedQuantity parsed = parseNumber(m_node.Scalar());
    if (parsed.status == QuantityStatus::OutOfRange) {
        error(quoted() + " is out of range");
        return std::nullopt;
    }
    if (!parsed.ok()) {
        error("expected a number, got " + quoted());
        return std::nullopt;
    }
    return checkSign(parsed.value, sign);
}

std::optional<int> YamlValue::integer(int min, int max) const
{
    if (!present() || !expectScalar("a whole number"))
        return std::nullopt;
    const ParsedQuantity parsed = parseNumber(m_node.Scalar());
    const bool whole = parsed.ok() && std::floor(parsed.value) == parsed.value
        && m_node.Scalar().find_first_of(".eE") == std::string::npos;
    if (!whole) {
        error("expected a whole number, got " + quoted());
        return std::nullopt;
    }
    if (parsed.value < min || parsed.value > max) {
        if (max == INT_MAX)
            error("must be at least " + std::to_string(min) + ", got " + written());
        else
            error("must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + written());
        return std::nullopt;
    }
    return static_cast<int>(parsed.value);
}

std::optional<bool> YamlValue::boolean() const
{
    if (!present() || !expectScalar("true or false"))
        return std::nullopt;
    std::string lowered = m_node.Scalar();
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lowered == "true")
        return true;
    if (lowered == "false")
        return false;
    error("expected true or false, got " + quoted());
    return std::nullopt;
}

namespace {

// The one shape of "<value> is not a <kind> (write e.g. …)" shared by all units.
template<typename Parse>
std::optional<double> parseWithUnits(const YamlValue &value, Parse parse, std::string_view kind,
                                     std::string_view examples)
{
    const ParsedQuantity parsed = parse(value.node().Scalar());
    if (parsed.status == QuantityStatus::OutOfRange) {
        value.error(value.quoted() + " is out of range");
        return std::nullopt;
    }
    if (!parsed.ok()) {
        value.error(value.quoted() + " is not " + std::string(kind) + " (write e.g. " + std::string(examples) + ")");
        return std::nullopt;
    }
    return parsed.value;
}

constexpr std::string_view kDurationExamples = "90s, 5m, 1h30m or a number of seconds";

} // namespace

std::optional<double> YamlValue::size(Sign sign) const
{
    if (!present() || !expectScalar("a size"))
        return std::nullopt;
    const auto bytes = parseWithUnits(*this, parseSize, "a size", "16GiB, 16.5GB or a number of bytes");
    return bytes ? checkSign(*bytes, sign) : std::nullopt;
}

std::optional<double> YamlValue::bandwidth(Sign sign) const
{
    if (!present() || !expectScalar("a bandwidth"))
        return std::nullopt;
    const auto rate = parseWithUnits(*this, parseBandwidth, "a bandwidth",
                                     "1Gbit/s, 450MB/s, 2GiB/s or a number of bytes per second");
    return rate ? checkSign(*rate, sign) : std::nullopt;
}

std::optional<double> YamlValue::duration(Sign sign) const
{
    if (!present() || !expectScalar("a duration"))
        return std::nullopt;
    const auto seconds = parseWithUnits(
        *this, [](std::string_view text) { return parseDuration(text); }, "a duration", kDurationExamples);
    return seconds ? checkSign(*seconds, sign) : std::nullopt;
}

std::optional<Scenario::Range> YamlValue::durationRange() const
{
    if (!present())
        return std::nullopt;
    std::optional<double> min;
    std::optional<double> max;
    std::string minText;
    std::string maxText;
    if (m_node.IsMap()) {
        const YamlMap map(*this, {"min", "max"});
        if (!map["min"].require() || !map["max"].require())
            return std::nullopt;
        min = map["min"].duration(Sign::NonNegative);
        max = map["max"].duration(Sign::NonNegative);
        minText = map["min"].written();
        maxText = map["max"].written();
    } else if (!expectScalar("a duration range")) {
        return std::nullopt;
    } else if (const auto ends = splitRange(m_node.Scalar())) {
        minText = ends->first;
        maxText = ends->second;
        for (auto [text, out] : {std::pair{&minText, &min}, std::pair{&maxText, &max}}) {
            const ParsedQuantity parsed = parseDuration(*text);
            if (parsed.status == QuantityStatus::OutOfRange)
                error("\"" + printable(*text) + "\" is out of range");
            else if (!parsed.ok())
                error("\"" + printable(*text) + "\" is not a duration (write e.g. " + std::string(kDurationExamples)
                      + "; a range as 3m-7m)");
            else if (parsed.value < 0)
                error("must not be negative, got " + printable(*text));
            else
                *out = parsed.value;
        }
    } else {
        min = max = duration(Sign::NonNegative);
        minText = maxText = written();
    }
    if (!min || !max)
        return std::nullopt;
    if (*min > *max) {
        error("min (" + printable(minText) + ") must not exceed max (" + printable(maxText) + ")");
        return std::nullopt;
    }
    return Scenario::Range{*min, *max};
}

std::vector<YamlValue> YamlValue::items() const
{
    std::vector<YamlValue> out;
    if (!present())
        return out;
    if (!m_node.IsSequence()) {
        error("expected a list, got " + describeValue(m_node));
        return out;
    }
    out.reserve(m_node.size());
    std::size_t index = 0;
    for (const YAML::Node &item : m_node) {
        YamlValue value(*m_diagnostics, item, item.IsNull() ? m_mark : item.Mark(),
                        m_path + "[" + std::to_string(index) + "]");
        ++index;
        if (!value.present()) {
            value.error("is empty");
            continue;
        }
        out.push_back(std::move(value));
    }
    return out;
}

std::vector<YamlValue::Entry> YamlValue::entries() const
{
    std::vector<Entry> out;
    if (!present())
        return out;
    if (!m_node.IsMap()) {
        error("expected a map, got " + describeValue(m_node));
        return out;
    }
    std::map<std::string, int> seen;
    for (const auto &pair : m_node) {
        const YAML::Node &keyNode = pair.first;
        const YAML::Node &valueNode = pair.second;
        const std::string key = keyNode.IsScalar() ? keyNode.Scalar() : std::string();
        const std::string path = m_path + "[\"" + printable(key) + "\"]";
        YamlValue keyPlace(*m_diagnostics, keyNode, keyNode.Mark(), path);
        YamlValue valuePlace(*m_diagnostics, valueNode, valueNode.IsNull() ? keyNode.Mark() : valueNode.Mark(), path);
        if (!keyNode.IsScalar()) {
            YamlValue(*m_diagnostics, keyNode, keyNode.Mark(), m_path).error("keys must be strings, got "
                                                                           + describeNode(keyNode));
            continue;
        }
        if (const auto [it, inserted] = seen.emplace(key, keyNode.Mark().line + 1); !inserted) {
            keyPlace.error("duplicate key (first at line " + std::to_string(it->second) + ")");
            continue;
        }
        // An empty value is an empty string, as in a Kubernetes manifest.
        if (!valueNode.IsNull() && !valuePlace.expectScalar("a string"))
            continue;
        out.push_back({key, valueNode.IsNull() ? std::string() : valueNode.Scalar(), keyPlace, valuePlace});
    }
    return out;
}

std::vector<std::string> YamlValue::stringList() const
{
    std::vector<std::string> out;
    for (const YamlValue &item : items()) {
        if (auto value = item.text())
            out.push_back(*value);
    }
    return out;
}

YamlMap::YamlMap(const YamlValue &value, const std::vector<std::string_view> &keys)
    : m_self(value)
{
    if (!value.present())
        return;
    if (!value.node().IsMap()) {
        value.error("expected a map, got " + describeValue(value.node()));
        return;
    }
    m_valid = true;
    const std::vector<std::string> allowed(keys.begin(), keys.end());
    std::map<std::string, int> seen;
    for (const auto &pair : value.node()) {
        const YAML::Node &keyNode = pair.first;
        if (!keyNode.IsScalar()) {
            YamlValue(value.diagnostics(), keyNode, keyNode.Mark(), value.path())
                .error("keys must be strings, got " + describeNode(keyNode));
            continue;
        }
        const std::string &key = keyNode.Scalar();
        const YamlValue place(value.diagnostics(), keyNode, keyNode.Mark(), childPath(value.path(), printable(key)));
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            const std::string suggestion = didYouMean(key, allowed);
            place.error(suggestion.empty() ? "unknown key (expected " + joinAlternatives(allowed) + ")"
                                           : "unknown key" + suggestion);
            continue;
        }
        if (const auto [it, inserted] = seen.emplace(key, keyNode.Mark().line + 1); !inserted)
            place.error("duplicate key (first at line " + std::to_string(it->second) + ")");
    }
}

YamlValue YamlMap::operator[](std::string_view key) const
{
    const std::string path = childPath(m_self.path(), key);
    if (m_valid) {
        for (const auto &pair : m_self.node()) {
            if (pair.first.IsScalar() && pair.first.Scalar() == key) {
                const YAML::Node &value = pair.second;
                return YamlValue(m_self.diagnostics(), value, value.IsNull() ? pair.first.Mark() : value.Mark(), path);
            }
        }
    }
    return YamlValue(m_self.diagnostics(), YAML::Node(), m_self.mark(), path);
}

} // namespace gantry::sim

#include "backend/metrics/expositionparser.h"

#include "backend/metrics/arena.h"
#include "backend/metrics/interner.h"
#include "backend/metrics/linescanning.h"
#include "backend/metrics/samplevalue.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace gantry::metrics {

namespace {

// A garbage body (an HTML error page, a binary blob) could otherwise produce one
// issue per line; past this many the rest are only counted.
constexpr std::size_t maxListedIssues = 1000;
constexpr std::size_t noFamily = static_cast<std::size_t>(-1);

std::optional<MetricType> parseMetricType(std::string_view text)
{
    if (text == "counter")
        return MetricType::Counter;
    if (text == "gauge")
        return MetricType::Gauge;
    if (text == "histogram")
        return MetricType::Histogram;
    if (text == "summary")
        return MetricType::Summary;
    if (text == "untyped")
        return MetricType::Untyped;
    return std::nullopt;
}

std::string quoted(std::string_view text)
{
    return "'" + printable(text) + "'";
}

// What the parser knows about a family beyond what MetricFamily shows.
struct FamilyState
{
    bool typed = false;
    bool helped = false;
    bool sampled = false;
};

} // namespace

// Buffers reused from one parse to the next.
struct ExpositionParser::Scratch
{
    std::vector<Label> labels;
    std::string unescaped;
    // Interned label names and values of the previous sample, by position:
    // consecutive lines nearly always repeat the same names and many values, and
    // comparing with these is cheaper than hashing.
    std::vector<std::string_view> recentNames;
    std::vector<std::string_view> recentValues;
};

// The state of one parse.
class ExpositionParser::Run
{
public:
    explicit Run(Scratch &scratch)
        : m_scratch(scratch)
        , m_arena(std::make_shared<Arena>())
        , m_interner(*m_arena)
    {
        // The recent names and values point into the previous parse's arena.
        m_scratch.recentNames.clear();
        m_scratch.recentValues.clear();
    }

    MetricFamilies parse(std::string_view text)
    {
        std::size_t lineNumber = 0;
        std::size_t start = 0;
        while (start < text.size()) {
            const auto *newline =
                static_cast<const char *>(std::memchr(text.data() + start, '\n', text.size() - start));
            const std::size_t end = newline ? static_cast<std::size_t>(newline - text.data()) : text.size();
            std::string_view line = text.substr(start, end - start);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            ++lineNumber;
            if (!parseLine(line))
                addIssue(lineNumber, m_errorPos + 1, std::move(m_errorMessage));
            else if (!newline && skipBlanks(line, 0) < line.size())
                addIssue(lineNumber, line.size() + 1, "no newline at end of input; the last line may be truncated");
            start = end + 1;
        }
        if (m_unlistedIssues > 0) {
            m_issues.push_back(
                { m_firstUnlistedLine, 1, std::to_string(m_unlistedIssues) + " more malformed lines not listed" });
        }
        return MetricFamilies(std::move(m_families), std::move(m_issues), std::move(m_arena));
    }

private:
    bool parseLine(std::string_view line)
    {
        const std::size_t pos = skipBlanks(line, 0);
        if (pos == line.size())
            return true;
        if (line[pos] == '#')
            return parseComment(line, pos + 1);
        return parseSample(line, pos);
    }

    // `# HELP name text`, `# TYPE name type`, or any other comment.
    bool parseComment(std::string_view line, std::size_t pos)
    {
        pos = skipBlanks(line, pos);
        const std::size_t keywordStart = pos;
        pos = skipToken(line, pos);
        const std::string_view keyword = line.substr(keywordStart, pos - keywordStart);
        if (keyword != "HELP" && keyword != "TYPE")
            return true;
        pos = skipBlanks(line, pos);
        const std::size_t nameStart = pos;
        if (pos == line.size() || !isMetricNameStart(line[pos]))
            return fail(pos, "expected metric name after " + std::string(keyword) + ", found " + describeAt(line, pos));
        pos = skipMetricName(line, pos);
        if (pos < line.size() && !isBlank(line[pos]))
            return fail(pos, "invalid character " + describeAt(line, pos) + " in metric name");
        const std::string_view name = line.substr(nameStart, pos - nameStart);
        return keyword == "HELP" ? parseHelp(line, pos, name, nameStart) : parseType(line, pos, name, nameStart);
    }

    bool parseHelp(std::string_view line, std::size_t pos, std::string_view name, std::size_t nameStart)
    {
        // Client libraries always write a blank after the name, even for empty
        // help; a line ending right at the name is a cut-off scrape.
        if (pos == line.size())
            return fail(pos, "expected help text after metric name " + quoted(name) + ", found end of line");
        pos = skipBlanks(line, pos);
        const std::string_view raw = line.substr(pos);
        std::string_view help = raw;
        if (raw.find('\\') != std::string_view::npos) {
            std::string &text = m_scratch.unescaped;
            text.clear();
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] != '\\') {
                    text.push_back(raw[i]);
                    continue;
                }
                const char next = i + 1 < raw.size() ? raw[i + 1] : '\0';
                if (next != '\\' && next != 'n') {
                    return fail(pos + i,
                        i + 1 < raw.size()
                            ? "invalid escape sequence '\\" + printable(raw.substr(i + 1, 1)) + "' in HELP text"
                            : std::string("invalid escape sequence at end of HELP text"));
                }
                text.push_back(next == 'n' ? '\n' : '\\');
                ++i;
            }
            help = text;
        }
        std::size_t index = findFamily(name);
        if (index != noFamily && m_states[index].helped)
            return fail(nameStart, "second HELP line for " + quoted(name));
        if (index == noFamily)
            index = addFamily(name);
        m_families[index].help = m_arena->copy(help);
        m_states[index].helped = true;
        m_current = index;
        return true;
    }

    bool parseType(std::string_view line, std::size_t pos, std::string_view name, std::size_t nameStart)
    {
        pos = skipBlanks(line, pos);
        const std::size_t typeStart = pos;
        pos = skipToken(line, pos);
        const std::string_view typeName = line.substr(typeStart, pos - typeStart);
        if (typeName.empty())
            return fail(typeStart, "expected a metric type after " + quoted(name) + ", found end of line");
        const std::optional<MetricType> type = parseMetricType(typeName);
        if (!type)
            return fail(typeStart, "unknown metric type " + quoted(typeName));
        pos = skipBlanks(line, pos);
        if (pos < line.size())
            return fail(pos, "expected end of line after metric type, found " + describeAt(line, pos));
        std::size_t index = findFamily(name);
        if (index != noFamily && m_states[index].typed)
            return fail(nameStart, "second TYPE line for " + quoted(name));
        if (index != noFamily && m_states[index].sampled)
            return fail(nameStart, "TYPE line for " + quoted(name) + " after its samples");
        if (index == noFamily)
            index = addFamily(name);
        m_families[index].type = *type;
        m_states[index].typed = true;
        m_current = index;
        return true;
    }

    // `name{label="value",...} value [timestamp]`
    bool parseSample(std::string_view line, std::size_t pos)
    {
        const std::size_t nameStart = pos;
        if (!isMetricNameStart(line[pos]))
            return fail(pos, "expected metric name, found " + describeAt(line, pos));
        pos = skipMetricName(line, pos);
        const std::string_view rawName = line.substr(nameStart, pos - nameStart);
        if (pos < line.size() && !isBlank(line[pos]) && line[pos] != '{')
            return fail(pos, "invalid character " + describeAt(line, pos) + " in metric name");
        pos = skipBlanks(line, pos);
        const std::size_t labelsStart = pos;
        m_scratch.labels.clear();
        if (pos < line.size() && line[pos] == '{') {
            if (!parseLabels(line, pos))
                return false;
            pos = skipBlanks(line, pos);
        }
        const std::size_t valueStart = pos;
        pos = skipToken(line, pos);
        if (pos == valueStart)
            return fail(pos, "expected a value, found end of line");
        const std::string_view valueText = line.substr(valueStart, pos - valueStart);
        const std::optional<double> value = parseSampleValue(valueText);
        if (!value)
            return fail(valueStart, "invalid value " + quoted(valueText));
        std::optional<std::int64_t> timestamp;
        pos = skipBlanks(line, pos);
        if (pos < line.size()) {
            const std::size_t timestampStart = pos;
            pos = skipToken(line, pos);
            const std::string_view timestampText = line.substr(timestampStart, pos - timestampStart);
            timestamp = parseTimestamp(timestampText);
            if (!timestamp)
                return fail(timestampStart, "invalid timestamp " + quoted(timestampText));
            pos = skipBlanks(line, pos);
            if (pos < line.size())
                return fail(pos, "expected end of line after timestamp, found " + describeAt(line, pos));
        }
        return addSample(rawName, nameStart, labelsStart, *value, timestamp);
    }

    // Reads `{...}` starting at the brace into m_scratch.labels; leaves `pos` after `}`.
    bool parseLabels(std::string_view line, std::size_t &pos)
    {
        ++pos;
        for (std::size_t index = 0;; ++index) {
            pos = skipBlanks(line, pos);
            // Also accepts the trailing comma some clients write.
            if (pos < line.size() && line[pos] == '}') {
                ++pos;
                return true;
            }
            const std::size_t nameStart = pos;
            if (pos == line.size() || !isLabelNameStart(line[pos]))
                return fail(pos, "expected label name, found " + describeAt(line, pos));
            pos = skipLabelName(line, pos);
            const std::string_view name = line.substr(nameStart, pos - nameStart);
            pos = skipBlanks(line, pos);
            if (pos == line.size() || line[pos] != '=')
                return fail(pos, "expected '=' after label name " + quoted(name) + ", found " + describeAt(line, pos));
            pos = skipBlanks(line, pos + 1);
            if (pos == line.size() || line[pos] != '"') {
                return fail(pos,
                    "expected '\"' to open the value of label " + quoted(name) + ", found " + describeAt(line, pos));
            }
            std::string_view value;
            if (!parseLabelValue(line, pos, name, value))
                return false;
            m_scratch.labels.push_back({ internRecent(m_scratch.recentNames, index, name),
                internRecent(m_scratch.recentValues, index, value) });
            pos = skipBlanks(line, pos);
            if (pos < line.size() && line[pos] == ',') {
                ++pos;
                continue;
            }
            if (pos < line.size() && line[pos] == '}') {
                ++pos;
                return true;
            }
            return fail(
                pos, "expected ',' or '}' after value of label " + quoted(name) + ", found " + describeAt(line, pos));
        }
    }

    // Reads a quoted value starting at its opening quote; leaves `pos` after the
    // closing quote. `value` views the line, or the scratch buffer when unescaped.
    bool parseLabelValue(std::string_view line, std::size_t &pos, std::string_view name, std::string_view &value)
    {
        const std::size_t quote = pos++;
        const std::size_t start = pos;
        bool escaped = false;
        while (pos < line.size()) {
            const auto c = static_cast<unsigned char>(line[pos]);
            if (c == '"')
                break;
            if (c == '\\') {
                if (pos + 1 == line.size())
                    break;
                const char next = line[pos + 1];
                if (next != '\\' && next != '"' && next != 'n') {
                    return fail(pos,
                        "invalid escape sequence '\\" + printable(line.substr(pos + 1, 1)) + "' in value of label "
                            + quoted(name));
                }
                escaped = true;
                pos += 2;
            } else if (c >= 0x80) {
                const std::size_t length = utf8SequenceLength(line, pos);
                if (length == 0)
                    return fail(pos, "invalid UTF-8 in value of label " + quoted(name));
                pos += length;
            } else {
                ++pos;
            }
        }
        if (pos >= line.size())
            return fail(quote, "unterminated value of label " + quoted(name));
        value = line.substr(start, pos - start);
        ++pos;
        if (escaped) {
            std::string &text = m_scratch.unescaped;
            text.clear();
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (value[i] == '\\') {
                    ++i;
                    text.push_back(value[i] == 'n' ? '\n' : value[i]);
                } else {
                    text.push_back(value[i]);
                }
            }
            value = text;
        }
        return true;
    }

    bool addSample(std::string_view rawName, std::size_t nameStart, std::size_t labelsStart, double value,
        std::optional<std::int64_t> timestamp)
    {
        std::vector<Label> &labels = m_scratch.labels;
        std::sort(labels.begin(), labels.end(), [](const Label &a, const Label &b) { return a.name < b.name; });
        const auto duplicate = std::adjacent_find(
            labels.begin(), labels.end(), [](const Label &a, const Label &b) { return a.name == b.name; });
        if (duplicate != labels.end())
            return fail(labelsStart, "duplicate label " + quoted(duplicate->name));

        const std::string_view name = rawName == m_lastSampleName ? m_lastSampleName : m_interner.intern(rawName);
        m_lastSampleName = name;
        const std::size_t index = familyForSample(name, nameStart);
        if (index == noFamily)
            return false;

        Sample sample { name, {}, value, timestamp };
        sample.labels = std::span<const Label>(labels);
        const MetricFamily &family = m_families[index];
        const std::string_view suffix = name.substr(family.name.size());
        if (family.type == MetricType::Histogram && suffix == "_bucket" && !checkBound(sample, "le", labelsStart))
            return false;
        if (family.type == MetricType::Summary && suffix.empty() && !checkBound(sample, "quantile", labelsStart))
            return false;

        sample.labels = m_arena->copy(std::span<const Label>(labels));
        m_families[index].samples.push_back(sample);
        m_states[index].sampled = true;
        m_current = index;
        return true;
    }

    // A bucket needs a numeric `le`, a summary quantile a numeric `quantile`.
    bool checkBound(const Sample &sample, std::string_view labelName, std::size_t labelsStart)
    {
        const std::string_view bound = sample.label(labelName);
        if (bound.empty()) {
            const char *what = labelName == "le" ? "histogram bucket" : "summary quantile";
            return fail(labelsStart, std::string(what) + " without " + quoted(labelName) + " label");
        }
        if (!parseSampleValue(bound))
            return fail(labelsStart, "invalid " + quoted(labelName) + " value " + quoted(bound));
        return true;
    }

    // The family a sample joins: the current one when the name fits (the usual
    // case, since a family's lines are contiguous), else an earlier one, else a
    // new untyped family.
    std::size_t familyForSample(std::string_view name, std::size_t nameStart)
    {
        if (m_current != noFamily && sampleBelongsTo(m_families[m_current], name))
            return m_current;
        const std::size_t exact = findFamily(name);
        if (exact != noFamily && sampleBelongsTo(m_families[exact], name))
            return exact;
        static constexpr std::array<std::string_view, 5> suffixes = { "_bucket", "_sum", "_count", "_total",
            "_created" };
        for (std::string_view suffix : suffixes) {
            if (!name.ends_with(suffix))
                continue;
            const std::size_t base = findFamily(name.substr(0, name.size() - suffix.size()));
            if (base != noFamily && sampleBelongsTo(m_families[base], name))
                return base;
        }
        if (exact != noFamily) {
            fail(nameStart,
                "sample " + quoted(name) + " does not fit the " + std::string(metricTypeName(m_families[exact].type))
                    + " " + quoted(name));
            return noFamily;
        }
        return addFamily(name);
    }

    std::size_t findFamily(std::string_view name) const
    {
        const auto it = m_familyIndex.find(name);
        return it == m_familyIndex.end() ? noFamily : it->second;
    }

    std::size_t addFamily(std::string_view name)
    {
        MetricFamily family;
        family.name = m_interner.intern(name);
        m_families.push_back(std::move(family));
        m_states.emplace_back();
        m_familyIndex.emplace(m_families.back().name, m_families.size() - 1);
        return m_families.size() - 1;
    }

    std::string_view internRecent(std::vector<std::string_view> &recent, std::size_t index, std::string_view text)
    {
        if (index < recent.size()) {
            if (recent[index] != text)
                recent[index] = m_interner.intern(text);
            return recent[index];
        }
        recent.push_back(m_interner.intern(text));
        return recent.back();
    }

    bool fail(std::size_t pos, std::string message)
    {
        m_errorPos = pos;
        m_errorMessage = std::move(message);
        return false;
    }

    void addIssue(std::size_t line, std::size_t column, std::string message)
    {
        if (m_issues.size() < maxListedIssues) {
            m_issues.push_back({ line, column, std::move(message) });
            return;
        }
        if (m_unlistedIssues++ == 0)
            m_firstUnlistedLine = line;
    }

    Scratch &m_scratch;
    std::shared_ptr<Arena> m_arena;
    Interner m_interner;
    std::vector<MetricFamily> m_families;
    std::vector<FamilyState> m_states;
    std::unordered_map<std::string_view, std::size_t> m_familyIndex;
    std::size_t m_current = noFamily;
    std::string_view m_lastSampleName;
    std::vector<ParseIssue> m_issues;
    std::size_t m_unlistedIssues = 0;
    std::size_t m_firstUnlistedLine = 0;
    std::size_t m_errorPos = 0;
    std::string m_errorMessage;
};

ExpositionParser::ExpositionParser()
    : m_scratch(std::make_unique<Scratch>())
{
}

ExpositionParser::~ExpositionParser() = default;

MetricFamilies ExpositionParser::parse(std::string_view text)
{
    return Run(*m_scratch).parse(text);
}

MetricFamilies parseExposition(std::string_view text)
{
    return ExpositionParser().parse(text);
}

} // namespace gantry::metrics

#pragma once

#include "backend/core/utf8.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

// Character-level helpers of the exposition parser.
namespace gantry::metrics {

namespace detail {

enum CharClass : unsigned char {
    MetricNameStart = 1, // [a-zA-Z_:]
    MetricNameChar = 2, // [a-zA-Z0-9_:]
    LabelNameStart = 4, // [a-zA-Z_]
    LabelNameChar = 8, // [a-zA-Z0-9_]
};

inline constexpr std::array<unsigned char, 256> charClasses = [] {
    std::array<unsigned char, 256> classes {};
    for (int c = 0; c < 256; ++c) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        classes[c] = static_cast<unsigned char>((letter || c == ':' ? MetricNameStart : 0)
            | (letter || digit || c == ':' ? MetricNameChar : 0) | (letter ? LabelNameStart : 0)
            | (letter || digit ? LabelNameChar : 0));
    }
    return classes;
}();

inline bool hasClass(char c, CharClass charClass)
{
    return (charClasses[static_cast<unsigned char>(c)] & charClass) != 0;
}

inline std::size_t skipClass(std::string_view line, std::size_t pos, CharClass charClass)
{
    while (pos < line.size() && hasClass(line[pos], charClass))
        ++pos;
    return pos;
}

} // namespace detail

inline bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

inline bool isMetricNameStart(char c)
{
    return detail::hasClass(c, detail::MetricNameStart);
}

inline bool isLabelNameStart(char c)
{
    return detail::hasClass(c, detail::LabelNameStart);
}

// Position of the first non-blank at or after `pos`.
inline std::size_t skipBlanks(std::string_view line, std::size_t pos)
{
    while (pos < line.size() && isBlank(line[pos]))
        ++pos;
    return pos;
}

// Position of the first blank at or after `pos`.
inline std::size_t skipToken(std::string_view line, std::size_t pos)
{
    while (pos < line.size() && !isBlank(line[pos]))
        ++pos;
    return pos;
}

// End of the metric name starting at `pos` (whose first character is valid).
inline std::size_t skipMetricName(std::string_view line, std::size_t pos)
{
    return detail::skipClass(line, pos + 1, detail::MetricNameChar);
}

// End of the label name starting at `pos` (whose first character is valid).
inline std::size_t skipLabelName(std::string_view line, std::size_t pos)
{
    return detail::skipClass(line, pos + 1, detail::LabelNameChar);
}

using gantry::utf8SequenceLength;

// For messages: "end of line", "'x'" or "byte 0xC3".
std::string describeAt(std::string_view line, std::size_t pos);

// For messages: `text` cut to a readable length, non-printable bytes as '?'.
std::string printable(std::string_view text);

} // namespace gantry::metrics

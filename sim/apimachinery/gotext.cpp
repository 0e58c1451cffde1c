#include "sim/apimachinery/gotext.h"

#include "sim/apimachinery/jsonlimits.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace gantry::sim {

namespace {

// Decodes one UTF-8 sequence at `text[pos]`; returns its length and sets `rune`,
// or returns 0 for a byte that does not start a valid sequence (Go then prints
// that byte as \x..).
std::size_t decodeRune(std::string_view text, std::size_t pos, char32_t &rune)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    char32_t minimum = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        rune = lead & 0x1F;
        minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        rune = lead & 0x0F;
        minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        rune = lead & 0x07;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (pos + length > text.size())
        return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80)
            return 0;
        rune = (rune << 6) | (byte(i) & 0x3F);
    }
    if (rune < minimum || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF))
        return 0;
    return length;
}

// Go's unicode.IsPrint for the runes a Kubernetes message is likely to carry;
// the rarer non-printing code points are treated as printable.
bool isPrintableRune(char32_t rune)
{
    const bool control = rune <= 0xA0 || rune == 0xAD;
    const bool space = rune == 0x1680 || (rune >= 0x2000 && rune <= 0x200A) || rune == 0x202F || rune == 0x205F
                       || rune == 0x3000 || rune == 0x2028 || rune == 0x2029;
    const bool format = (rune >= 0x200B && rune <= 0x200F) || (rune >= 0x202A && rune <= 0x202E)
                        || (rune >= 0x2060 && rune <= 0x2064) || rune == 0xFEFF;
    return !control && !space && !format;
}

void appendHex(std::string &out, const char *prefix, unsigned value, int digits)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%s%0*x", prefix, digits, value);
    out += buffer;
}

std::string formatGoFloat(double value)
{
    // %v prints the shortest round-trip digits, switching to e-notation when the
    // decimal exponent is below -4 or at least 6 (Go's %g rule for shortest output).
    char buffer[64];
    const auto scientific = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const std::string_view text(buffer, static_cast<std::size_t>(scientific.ptr - buffer));
    int exponent = 0;
    const auto e = text.find('e');
    if (e != std::string_view::npos)
        std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), text.data() + text.size(), exponent);
    if (exponent < -4 || exponent >= 6)
        return std::string(text);
    const auto fixed = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    return std::string(buffer, fixed.ptr);
}

// Go decodes JSON numbers through k8s.io/apimachinery/pkg/util/json, which turns
// integral floats into int64; this mirrors that so 80 and 80.0 print alike.
bool integralValue(const nlohmann::json &value, std::int64_t &out)
{
    if (value.is_number_integer()) {
        out = value.get<std::int64_t>();
        return true;
    }
    if (value.is_number_unsigned()) {
        const auto unsignedValue = value.get<std::uint64_t>();
        if (unsignedValue > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return false;
        out = static_cast<std::int64_t>(unsignedValue);
        return true;
    }
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (std::trunc(d) != d || std::fabs(d) >= 9.2e18)
            return false;
        out = static_cast<std::int64_t>(d);
        return true;
    }
    return false;
}

void appendGoFormat(std::string &out, const nlohmann::json &value, std::size_t depth)
{
    if (depth > kMaxJsonDepth) {
        out += "...";
        return;
    }
    std::int64_t integer = 0;
    switch (value.type()) {
    case nlohmann::json::value_t::object: {
        out += "map[";
        bool first = true;
        for (const auto &[key, child] : value.items()) {
            if (!first)
                out += ' ';
            first = false;
            out += key;
            out += ':';
            appendGoFormat(out, child, depth + 1);
        }
        out += ']';
        return;
    }
    case nlohmann::json::value_t::array: {
        out += '[';
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (i > 0)
                out += ' ';
            appendGoFormat(out, value[i], depth + 1);
        }
        out += ']';
        return;
    }
    case nlohmann::json::value_t::string:
        out += value.get_ref<const std::string &>();
        return;
    case nlohmann::json::value_t::boolean:
        out += value.get<bool>() ? "true" : "false";
        return;
    case nlohmann::json::value_t::null:
        out += "<nil>";
        return;
    default:
        if (integralValue(value, integer))
            out += std::to_string(integer);
        else if (value.is_number())
            out += formatGoFloat(value.get<double>());
        else
            out += value.dump();
        return;
    }
}

} // namespace

std::string goQuote(std::string_view text)
{
    std::string out = "\"";
    for (std::size_t pos = 0; pos < text.size();) {
        const auto c = static_cast<unsigned char>(text[pos]);
        if (c < 0x80) {
            ++pos;
            switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\a': out += "\\a"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\v': out += "\\v"; break;
            default:
                if (c < 0x20 || c == 0x7F)
                    appendHex(out, "\\x", c, 2);
                else
                    out += static_cast<char>(c);
            }
            continue;
        }
        char32_t rune = 0;
        const std::size_t length = decodeRune(text, pos, rune);
        if (length == 0) {
            appendHex(out, "\\x", c, 2);
            ++pos;
        } else if (isPrintableRune(rune)) {
            out.append(text.substr(pos, length));
            pos += length;
        } else {
            appendHex(out, rune < 0x10000 ? "\\u" : "\\U", static_cast<unsigned>(rune), rune < 0x10000 ? 4 : 8);
            pos += length;
        }
    }
    out += '"';
    return out;
}

std::string goFormat(const nlohmann::json &value)
{
    std::string out;
    appendGoFormat(out, value, 0);
    return out;
}

std::string goTypeName(const nlohmann::json &value)
{
    std::int64_t integer = 0;
    switch (value.type()) {
    case nlohmann::json::value_t::object: return "map[string]interface {}";
    case nlohmann::json::value_t::array: return "[]interface {}";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::boolean: return "bool";
    case nlohmann::json::value_t::null: return "<nil>";
    default: return integralValue(value, integer) ? "int64" : "float64";
    }
}

std::string goJsonTypeWord(const nlohmann::json &value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::object: return "object";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::boolean: return "bool";
    case nlohmann::json::value_t::null: return "null";
    default: return "number";
    }
}

} // namespace gantry::sim

#include "sim/scenario/quantities.h"

#include <array>
#include <charconv>
#include <cmath>

namespace gantry::sim {

namespace {

struct Unit
{
    std::string_view name;
    double factor;
};

constexpr double kKilo = 1e3;
constexpr double kKibi = 1024.0;

// Sizes: SI and IEC spellings, plus the Kubernetes quantity suffixes people paste
// from manifests ("16Gi"). Bits are deliberately absent: "Gb" is not a size.
constexpr std::array kSizeUnits{
    Unit{"B", 1},
    Unit{"k", kKilo}, Unit{"K", kKilo}, Unit{"kB", kKilo}, Unit{"KB", kKilo},
    Unit{"M", 1e6}, Unit{"MB", 1e6},
    Unit{"G", 1e9}, Unit{"GB", 1e9},
    Unit{"T", 1e12}, Unit{"TB", 1e12},
    Unit{"P", 1e15}, Unit{"PB", 1e15},
    Unit{"Ki", kKibi}, Unit{"KiB", kKibi},
    Unit{"Mi", kKibi * kKibi}, Unit{"MiB", kKibi * kKibi},
    Unit{"Gi", kKibi * kKibi * kKibi}, Unit{"GiB", kKibi * kKibi * kKibi},
    Unit{"Ti", kKibi * kKibi * kKibi * kKibi}, Unit{"TiB", kKibi * kKibi * kKibi * kKibi},
    Unit{"Pi", kKibi * kKibi * kKibi * kKibi * kKibi}, Unit{"PiB", kKibi * kKibi * kKibi * kKibi * kKibi},
};

// Bit rates over "/s", in bytes per second.
constexpr std::array kBitUnits{
    Unit{"bit", 1 / 8.0}, Unit{"b", 1 / 8.0},
    Unit{"kbit", kKilo / 8}, Unit{"Kbit", kKilo / 8}, Unit{"kb", kKilo / 8}, Unit{"Kb", kKilo / 8},
    Unit{"Mbit", 1e6 / 8}, Unit{"Mb", 1e6 / 8},
    Unit{"Gbit", 1e9 / 8}, Unit{"Gb", 1e9 / 8},
    Unit{"Tbit", 1e12 / 8}, Unit{"Tb", 1e12 / 8},
    Unit{"Kibit", kKibi / 8},
    Unit{"Mibit", kKibi * kKibi / 8},
    Unit{"Gibit", kKibi * kKibi * kKibi / 8},
    Unit{"Tibit", kKibi * kKibi * kKibi * kKibi / 8},
};

// The network engineer's spelling, without a slash.
constexpr std::array kBpsUnits{
    Unit{"bps", 1 / 8.0}, Unit{"kbps", kKilo / 8}, Unit{"Kbps", kKilo / 8},
    Unit{"Mbps", 1e6 / 8}, Unit{"Gbps", 1e9 / 8}, Unit{"Tbps", 1e12 / 8},
};

constexpr std::array kGoDurationUnits{
    Unit{"ns", 1e-9}, Unit{"us", 1e-6}, Unit{"\xC2\xB5s", 1e-6}, Unit{"\xCE\xBCs", 1e-6},
    Unit{"ms", 1e-3}, Unit{"s", 1}, Unit{"m", 60}, Unit{"h", 3600},
};

constexpr std::array kScenarioOnlyDurationUnits{
    Unit{"min", 60},
    Unit{"d", 86400},
};

template<std::size_t N>
std::optional<double> lookup(const std::array<Unit, N> &units, std::string_view name)
{
    for (const Unit &unit : units) {
        if (unit.name == name)
            return unit.factor;
    }
    return std::nullopt;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

// Length of the decimal number at the start of `text` ([+-]digits[.digits][e[+-]digits]),
// or 0 when there is none.
std::size_t scanNumber(std::string_view text)
{
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
        ++i;
    std::size_t digits = 0;
    while (i < text.size() && isDigit(text[i])) {
        ++i;
        ++digits;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && isDigit(text[i])) {
            ++i;
            ++digits;
        }
    }
    if (digits == 0)
        return 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < text.size() && (text[j] == '+' || text[j] == '-'))
            ++j;
        const std::size_t exponentStart = j;
        while (j < text.size() && isDigit(text[j]))
            ++j;
        if (j > exponentStart)
            i = j;
    }
    return i;
}

ParsedQuantity convertNumber(std::string_view number)
{
    if (!number.empty() && number.front() == '+')
        number.remove_prefix(1);
    double value = 0;
    const auto result = std::from_chars(number.data(), number.data() + number.size(), value);
    if (result.ec == std::errc::result_out_of_range)
        return {QuantityStatus::OutOfRange, 0};
    if (result.ec != std::errc() || result.ptr != number.data() + number.size())
        return {QuantityStatus::Malformed, 0};
    if (!std::isfinite(value))
        return {QuantityStatus::OutOfRange, 0};
    return {QuantityStatus::Ok, value};
}

ParsedQuantity scaled(ParsedQuantity number, double factor)
{
    if (!number.ok())
        return number;
    const double value = number.value * factor;
    if (!std::isfinite(value))
        return {QuantityStatus::OutOfRange, 0};
    return {QuantityStatus::Ok, value};
}

// Splits "16.5 GiB" into its number and its unit text.
std::optional<std::pair<std::string_view, std::string_view>> numberAndUnit(std::string_view text)
{
    text = trim(text);
    const std::size_t length = scanNumber(text);
    if (length == 0)
        return std::nullopt;
    return std::make_pair(text.substr(0, length), trim(text.substr(length)));
}

std::string formatNumber(double value)
{
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return std::string(buffer.data(), result.ptr);
}

} // namespace

ParsedQuantity parseNumber(std::string_view text)
{
    text = trim(text);
    if (text.empty() || scanNumber(text) != text.size())
        return {QuantityStatus::Malformed, 0};
    return convertNumber(text);
}

ParsedQuantity parseSize(std::string_view text)
{
    const auto parts = numberAndUnit(text);
    if (!parts)
        return {QuantityStatus::Malformed, 0};
    const auto &[number, unit] = *parts;
    const std::optional<double> factor = unit.empty() ? std::optional<double>(1.0) : lookup(kSizeUnits, unit);
    if (!factor)
        return {QuantityStatus::Malformed, 0};
    return scaled(convertNumber(number), *factor);
}

ParsedQuantity parseBandwidth(std::string_view text)
{
    const auto parts = numberAndUnit(text);
    if (!parts)
        return {QuantityStatus::Malformed, 0};
    const auto &[number, unit] = *parts;
    std::optional<double> factor;
    if (unit.empty()) {
        factor = 1.0;
    } else if (unit.size() > 2 && unit.substr(unit.size() - 2) == "/s") {
        const std::string_view perSecond = trim(unit.substr(0, unit.size() - 2));
        factor = lookup(kSizeUnits, perSecond);
        if (!factor)
            factor = lookup(kBitUnits, perSecond);
    } else {
        factor = lookup(kBpsUnits, unit);
    }
    if (!factor)
        return {QuantityStatus::Malformed, 0};
    return scaled(convertNumber(number), *factor);
}

ParsedQuantity parseDuration(std::string_view text, DurationSyntax syntax)
{
    text = trim(text);
    const bool scenario = syntax == DurationSyntax::Scenario;
    if (scenario || text == "0") {
        if (const ParsedQuantity plain = parseNumber(text); plain.status != QuantityStatus::Malformed)
            return plain;
    }
    double sign = 1;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        sign = text.front() == '-' ? -1 : 1;
        text.remove_prefix(1);
    }
    if (text.empty())
        return {QuantityStatus::Malformed, 0};
    double total = 0;
    while (!text.empty()) {
        // Components carry no sign of their own ("1h-30m" is malformed).
        if (text.front() == '+' || text.front() == '-')
            return {QuantityStatus::Malformed, 0};
        const std::size_t length = scanNumber(text);
        if (length == 0)
            return {QuantityStatus::Malformed, 0};
        const ParsedQuantity number = convertNumber(text.substr(0, length));
        text.remove_prefix(length);
        if (scenario)
            text = trim(text);
        std::size_t unitLength = 0;
        while (unitLength < text.size() && !isDigit(text[unitLength]) && text[unitLength] != '.'
               && !isSpace(text[unitLength]))
            ++unitLength;
        const std::string_view unitName = text.substr(0, unitLength);
        std::optional<double> factor = lookup(kGoDurationUnits, unitName);
        if (!factor && scenario)
            factor = lookup(kScenarioOnlyDurationUnits, unitName);
        if (!factor)
            return {QuantityStatus::Malformed, 0};
        const ParsedQuantity part = scaled(number, *factor);
        if (!part.ok())
            return part;
        total += part.value;
        if (!std::isfinite(total))
            return {QuantityStatus::OutOfRange, 0};
        text.remove_prefix(unitLength);
        if (scenario)
            text = trim(text);
    }
    return {QuantityStatus::Ok, sign * total};
}

std::optional<std::pair<std::string, std::string>> splitRange(std::string_view text)
{
    text = trim(text);
    constexpr std::string_view enDash = "\xE2\x80\x93";
    std::size_t separator = text.find(enDash);
    std::size_t separatorLength = enDash.size();
    if (separator == std::string_view::npos) {
        // Skip a leading sign, and the '-' of an exponent ("1e-3").
        separatorLength = 1;
        separator = text.find('-', 1);
        while (separator != std::string_view::npos && (text[separator - 1] == 'e' || text[separator - 1] == 'E')
               && isDigit(separator >= 2 ? text[separator - 2] : ' '))
            separator = text.find('-', separator + 1);
    }
    if (separator == std::string_view::npos)
        return std::nullopt;
    std::string lower(trim(text.substr(0, separator)));
    const std::string upper(trim(text.substr(separator + separatorLength)));
    if (lower.empty() || upper.empty())
        return std::nullopt;
    if (parseNumber(lower).ok() && !parseNumber(upper).ok()) {
        const std::size_t numberLength = scanNumber(upper);
        const std::string_view unit = trim(std::string_view(upper).substr(numberLength));
        bool unitHasDigits = false;
        for (char c : unit)
            unitHasDigits = unitHasDigits || isDigit(c);
        if (numberLength > 0 && !unitHasDigits)
            lower += unit;
    }
    return std::make_pair(lower, upper);
}

std::string formatBytes(double bytes)
{
    constexpr std::array<std::string_view, 6> units{"B", "kB", "MB", "GB", "TB", "PB"};
    std::size_t index = 0;
    double value = bytes;
    while (std::fabs(value) >= 1000 && index + 1 < units.size()) {
        value /= 1000;
        ++index;
    }
    value = std::round(value * 10) / 10;
    return formatNumber(value) + " " + std::string(units[index]);
}

std::string formatDuration(double seconds)
{
    if (!std::isfinite(seconds))
        return formatNumber(seconds);
    if (seconds < 0)
        return "-" + formatDuration(-seconds);
    if (seconds > 0 && seconds < 1)
        return formatNumber(std::round(seconds * 1e6) / 1e3) + "ms";
    // Whole hours and minutes, the rest as (possibly fractional) seconds.
    const double hours = std::floor(seconds / 3600);
    const double minutes = std::floor((seconds - hours * 3600) / 60);
    const double rest = seconds - hours * 3600 - minutes * 60;
    std::string out;
    if (hours > 0)
        out += formatNumber(hours) + "h";
    if (minutes > 0)
        out += formatNumber(minutes) + "m";
    if (rest > 0 || out.empty())
        out += formatNumber(std::round(rest * 1000) / 1000) + "s";
    return out;
}

} // namespace gantry::sim

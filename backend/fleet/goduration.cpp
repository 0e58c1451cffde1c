#include "backend/fleet/goduration.h"

#include <cmath>

namespace gantry::fleet {

namespace {

// Seconds per unit, or 0 for an unknown unit. Longer names first: "ms" before "m".
double unitScale(std::string_view text, std::size_t &length)
{
    struct Unit
    {
        std::string_view name;
        double seconds;
    };
    static constexpr Unit units[] = {{"ns", 1e-9}, {"us", 1e-6}, {"\xC2\xB5s", 1e-6}, {"\xCE\xBCs", 1e-6},
                                     {"ms", 1e-3}, {"s", 1},     {"m", 60},           {"h", 3600}};
    for (const Unit &unit : units) {
        if (text.starts_with(unit.name)) {
            length = unit.name.size();
            return unit.seconds;
        }
    }
    return 0;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

std::optional<double> parseGoDuration(std::string_view text)
{
    double sign = 1;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        sign = text.front() == '-' ? -1 : 1;
        text.remove_prefix(1);
    }
    if (text == "0")
        return 0.0;
    if (text.empty())
        return std::nullopt;
    double total = 0;
    while (!text.empty()) {
        // A number: digits, optionally a fraction; at least one digit overall.
        double value = 0;
        std::size_t digits = 0;
        std::size_t i = 0;
        for (; i < text.size() && isDigit(text[i]); ++i, ++digits)
            value = value * 10 + (text[i] - '0');
        if (i < text.size() && text[i] == '.') {
            double scale = 0.1;
            for (++i; i < text.size() && isDigit(text[i]); ++i, ++digits, scale /= 10)
                value += (text[i] - '0') * scale;
        }
        if (digits == 0)
            return std::nullopt;
        text.remove_prefix(i);
        std::size_t unitLength = 0;
        const double scale = unitScale(text, unitLength);
        if (scale == 0)
            return std::nullopt;
        text.remove_prefix(unitLength);
        total += value * scale;
    }
    if (!std::isfinite(total))
        return std::nullopt;
    return sign * total;
}

} // namespace gantry::fleet

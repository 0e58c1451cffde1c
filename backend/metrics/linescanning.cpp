#include "backend/metrics/linescanning.h"

#include <cstdio>

namespace gantry::metrics {

namespace {

bool isPrintableAscii(unsigned char c)
{
    return c >= 0x20 && c < 0x7f;
}

} // namespace

std::string describeAt(std::string_view line, std::size_t pos)
{
    if (pos >= line.size())
        return "end of line";
    const auto c = static_cast<unsigned char>(line[pos]);
    if (isPrintableAscii(c))
        return std::string("'") + line[pos] + "'";
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "byte 0x%02X", c);
    return buffer;
}

std::string printable(std::string_view text)
{
    constexpr std::size_t maxLength = 60;
    std::string out;
    for (std::size_t i = 0; i < text.size() && i < maxLength; ++i)
        out.push_back(isPrintableAscii(static_cast<unsigned char>(text[i])) ? text[i] : '?');
    if (text.size() > maxLength)
        out += "...";
    return out;
}

} // namespace gantry::metrics

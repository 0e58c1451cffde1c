#include "backend/metrics/linescanning.h"

#include <cstdio>

namespace gantry::metrics {

namespace {

bool isPrintableAscii(unsigned char c)
{
    return c >= 0x20 && c < 0x7f;
}

} // namespace

std::size_t utf8SequenceLength(std::string_view text, std::size_t pos)
{
    const auto byteAt = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byteAt(pos);
    std::size_t length = 0;
    // The second byte's range excludes overlong forms, surrogates and code
    // points above U+10FFFF.
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (text.size() - pos < length)
        return 0;
    if (byteAt(pos + 1) < low || byteAt(pos + 1) > high)
        return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (byteAt(pos + i) < 0x80 || byteAt(pos + i) > 0xBF)
            return 0;
    }
    return length;
}

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

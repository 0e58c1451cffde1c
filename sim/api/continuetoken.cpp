#include "sim/api/continuetoken.h"

#include <charconv>

namespace gantry::sim {

namespace {
constexpr char hexDigits[] = "0123456789abcdef";
}

std::string encodeContinueToken(const ContinueToken &token)
{
    // "<version>-<hex of key>": hex keeps it URL-safe without an encoder.
    std::string text = std::to_string(token.resourceVersion) + "-";
    for (unsigned char c : token.lastKey) {
        text.push_back(hexDigits[c >> 4]);
        text.push_back(hexDigits[c & 0xf]);
    }
    return text;
}

std::optional<ContinueToken> decodeContinueToken(const std::string &text)
{
    const auto dash = text.find('-');
    if (dash == std::string::npos || dash == 0 || (text.size() - dash - 1) % 2 != 0)
        return std::nullopt;
    ContinueToken token;
    const auto result = std::from_chars(text.data(), text.data() + dash, token.resourceVersion);
    if (result.ec != std::errc() || result.ptr != text.data() + dash)
        return std::nullopt;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = dash + 1; i < text.size(); i += 2) {
        const int high = nibble(text[i]);
        const int low = nibble(text[i + 1]);
        if (high < 0 || low < 0)
            return std::nullopt;
        token.lastKey.push_back(static_cast<char>(high << 4 | low));
    }
    return token;
}

} // namespace gantry::sim

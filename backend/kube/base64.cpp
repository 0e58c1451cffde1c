#include "backend/kube/base64.h"

#include <array>

namespace gantry::kube {

namespace {

constexpr int invalidSextet = -1;

constexpr std::array<int, 256> makeDecodeTable()
{
    std::array<int, 256> table{};
    table.fill(invalidSextet);
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    return table;
}

constexpr std::array<int, 256> decodeTable = makeDecodeTable();

bool isLineBreak(char c)
{
    return c == '\r' || c == '\n';
}

} // namespace

std::optional<std::string> decodeBase64(std::string_view encoded, std::size_t *errorOffset)
{
    const auto fail = [errorOffset](std::size_t offset) -> std::optional<std::string> {
        if (errorOffset)
            *errorOffset = offset;
        return std::nullopt;
    };

    std::string decoded;
    decoded.reserve(encoded.size() / 4 * 3);

    // Four sextets make three bytes. `filled` counts the sextets of the current
    // group; '=' may only close the last group ("xx==" or "xxx="), after which
    // nothing but line breaks may follow.
    unsigned int group = 0;
    int filled = 0;
    int padding = 0;
    bool finished = false;
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (isLineBreak(c))
            continue;
        if (finished)
            return fail(i);
        if (c == '=') {
            if (filled < 2)
                return fail(i);
            ++padding;
            if (filled + padding < 4)
                continue;
            group <<= 6 * padding;
            decoded.push_back(static_cast<char>((group >> 16) & 0xFF));
            if (filled == 3)
                decoded.push_back(static_cast<char>((group >> 8) & 0xFF));
            finished = true;
            continue;
        }
        const int sextet = decodeTable[static_cast<unsigned char>(c)];
        if (sextet == invalidSextet || padding > 0)
            return fail(i);
        group = (group << 6) | static_cast<unsigned int>(sextet);
        if (++filled == 4) {
            decoded.push_back(static_cast<char>((group >> 16) & 0xFF));
            decoded.push_back(static_cast<char>((group >> 8) & 0xFF));
            decoded.push_back(static_cast<char>(group & 0xFF));
            filled = 0;
            group = 0;
        }
    }
    // A group cut short ("QUJDRA" without "==") is missing its padding.
    if (!finished && filled != 0)
        return fail(encoded.size());
    return decoded;
}

} // namespace gantry::kube

#include "backend/kube/base64encode.h"

#include <cstdint>

namespace gantry::kube {

std::string encodeBase64(std::string_view bytes)
{
    static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t group = (std::uint32_t(static_cast<unsigned char>(bytes[i])) << 16)
            | (std::uint32_t(static_cast<unsigned char>(bytes[i + 1])) << 8)
            | std::uint32_t(static_cast<unsigned char>(bytes[i + 2]));
        out += digits[(group >> 18) & 63];
        out += digits[(group >> 12) & 63];
        out += digits[(group >> 6) & 63];
        out += digits[group & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 0)
        return out;
    std::uint32_t group = std::uint32_t(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2)
        group |= std::uint32_t(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += digits[(group >> 18) & 63];
    out += digits[(group >> 12) & 63];
    out += rest == 2 ? digits[(group >> 6) & 63] : '=';
    out += '=';
    return out;
}

} // namespace gantry::kube

#include "sim/security/tlsmaterial.h"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace gantry::sim {

std::string randomToken()
{
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("the system's random number generator failed");
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string token;
    token.reserve(43);
    // base64url without padding: 6 bits per character.
    unsigned int buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            token.push_back(alphabet[(buffer >> bits) & 0x3f]);
        }
    }
    if (bits > 0)
        token.push_back(alphabet[(buffer << (6 - bits)) & 0x3f]);
    return token;
}

} // namespace gantry::sim

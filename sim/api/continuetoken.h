#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gantry::sim {

/// Where a paged list stopped: the version of its first page and the last key sent.
struct ContinueToken
{
    std::uint64_t resourceVersion = 0;
    std::string lastKey;
};

/// Opaque to clients (URL-safe text); only this server reads it back.
std::string encodeContinueToken(const ContinueToken &token);
std::optional<ContinueToken> decodeContinueToken(const std::string &text);

} // namespace gantry::sim

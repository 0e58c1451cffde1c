#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>

namespace gantry::sim {

/// How deeply objects and arrays may nest in anything the apimachinery functions
/// walk. Deeper input is refused up front, so the recursive merges below stay
/// bounded whatever a client sends.
inline constexpr std::size_t kMaxJsonDepth = 100;

/// The deepest nesting of objects and arrays in `value` (a scalar is 0, `{}` is 1).
/// Counted without recursion, so hostile depth cannot exhaust the stack; counting
/// stops once `limit` is exceeded, so the result is then `limit + 1`.
std::size_t jsonDepth(const nlohmann::json &value, std::size_t limit = kMaxJsonDepth);

/// Refuses (throws ApiFailure) an object or patch nesting deeper than kMaxJsonDepth.
void requirePatchDepth(const nlohmann::json &object, const nlohmann::json &patch);

} // namespace gantry::sim

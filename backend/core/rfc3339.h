#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gantry {

using SystemTime = std::chrono::system_clock::time_point;

/// "2026-11-23T15:20:07Z": Kubernetes' metav1.Time, whole seconds, UTC.
std::string formatRfc3339(SystemTime time);

/// "2026-11-23T15:20:07.123456Z": Kubernetes' MicroTime (event eventTime).
std::string formatRfc3339Micro(SystemTime time);

/// Parses RFC 3339 with optional fractional seconds and a `Z` or ±hh:mm offset.
/// Returns nullopt for anything else (including out-of-range fields).
std::optional<SystemTime> parseRfc3339(std::string_view text);

} // namespace gantry

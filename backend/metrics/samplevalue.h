#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gantry::metrics {

/// Reads a sample value, `le` bound or quantile the way Prometheus does (Go's
/// ParseFloat): decimal and exponent forms, an optional sign, and `NaN`, `Inf`,
/// `+Inf`, `-Inf`, `Infinity` in any case. Returns nothing for anything else,
/// including surrounding blanks and values beyond the range of a double.
std::optional<double> parseSampleValue(std::string_view text);

/// Reads a sample timestamp: a decimal int64 of milliseconds, optionally signed.
std::optional<std::int64_t> parseTimestamp(std::string_view text);

} // namespace gantry::metrics

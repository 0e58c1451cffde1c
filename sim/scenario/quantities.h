#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace gantry::sim {

// The human units scenario files are written in, turned into the SI base units
// the simulator computes with (bytes, bytes per second, seconds). Parsers never
// throw: a value either parses, is malformed, or is too large for a double
// ("1e400GiB"), and callers word the message.

enum class QuantityStatus {
    Ok,
    Malformed,
    OutOfRange,
};

struct ParsedQuantity
{
    QuantityStatus status = QuantityStatus::Malformed;
    double value = 0;

    bool ok() const { return status == QuantityStatus::Ok; }
};

/// A plain decimal number: "8", "-1", "0.5", "1e3". No units, no hex, no inf/nan.
ParsedQuantity parseNumber(std::string_view text);

/// Bytes: a number, or a number with a decimal (kB, MB, GB, TB, PB; also k, M, G, T, P)
/// or binary (KiB, MiB, GiB, TiB, PiB; also Ki, Mi, Gi, Ti, Pi) unit, e.g. "16.5GB", "16 GiB".
ParsedQuantity parseSize(std::string_view text);

/// Bytes per second: a number, a size unit over "/s" ("450MB/s", "2GiB/s") or a bit
/// rate ("1Gbit/s", "1Gb/s", "10Gbps", "100Mibit/s").
ParsedQuantity parseBandwidth(std::string_view text);

enum class DurationSyntax {
    Scenario, ///< also a bare number of seconds, and days ("2d")
    Go,       ///< Go's time.ParseDuration, as Knative annotations use: a unit on every part, "0" alone
};

/// Seconds: "90s", "5m", "1h30m", "1.5h", "100ms", "2d"; a bare number is seconds
/// unless `syntax` is Go. A leading '-' makes it negative (callers reject that).
ParsedQuantity parseDuration(std::string_view text, DurationSyntax syntax = DurationSyntax::Scenario);

/// Splits a range written "3m-7m", "3m - 7m", "3m–7m" (en dash) or "180-420" into its
/// two ends. When only the upper end has a unit ("3-7m") the lower end borrows it.
/// Returns nothing when the text has no separator between two non-empty ends.
std::optional<std::pair<std::string, std::string>> splitRange(std::string_view text);

/// "16 GB", "140.5 GB", "512 B": decimal units, as the messages show sizes.
std::string formatBytes(double bytes);

/// "90s", "5m", "1h30m", "250ms": the shortest exact form for messages.
std::string formatDuration(double seconds);

} // namespace gantry::sim

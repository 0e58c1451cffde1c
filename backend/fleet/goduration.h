#pragma once

#include <optional>
#include <string_view>

namespace gantry::fleet {

/// Parses Go's time.Duration text as kubelet prints it ("850ms", "12.345s",
/// "1m2.345s", "4m47.129s", "1h2m", "0") into seconds. Accepts every unit Go
/// does (ns, us, µs, μs, ms, s, m, h) and a leading sign; nullopt for anything
/// else, including a number without a unit.
std::optional<double> parseGoDuration(std::string_view text);

} // namespace gantry::fleet

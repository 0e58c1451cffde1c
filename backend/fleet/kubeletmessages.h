#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::fleet {

/// What a kubelet `Pulled` event says (REFERENCE.md §7).
struct PulledMessage
{
    bool recognized = false;    ///< one of the known formats
    bool alreadyPresent = false; ///< "Container image … already present on machine"
    std::string image;
    std::optional<double> seconds;                ///< "in 12.345s"
    std::optional<double> secondsIncludingWaiting; ///< "(12.345s including waiting)"
    std::optional<std::int64_t> imageBytes;        ///< "Image size: 123 bytes."
};

/// Reads `Successfully pulled image "x" in 4m47.129s (5m3.623s including waiting).
/// Image size: 16525161745 bytes.`, its older forms without the size or the
/// waiting part, and `Container image "x" already present on machine`.
PulledMessage parsePulledMessage(std::string_view message);

/// One node group of a cluster-autoscaler `TriggeredScaleUp` message.
struct ScaleUpGroup
{
    std::string group;
    int from = 0, to = 0, max = 0;
};

/// Reads "pod triggered scale-up: [{h100 1->2 (max: 5)} {…}]"; groups it cannot read are skipped.
std::vector<ScaleUpGroup> parseScaleUpMessage(std::string_view message);

} // namespace gantry::fleet

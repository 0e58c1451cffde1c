#pragma once

#include "backend/kube/informerset.h"

#include <chrono>
#include <string>
#include <vector>

namespace gantry::fleet {

/// How fresh the console's picture of the cluster is, in the words the
/// connection bar and the wall screen show.
struct ConnectionHealth
{
    enum class State {
        Connecting,   ///< nothing listed yet
        Syncing,      ///< the first list of some kind is under way
        Live,         ///< every kind is watched (or known to be absent or forbidden)
        Reconnecting, ///< a watch failed a moment ago; retrying
        Stale,        ///< retrying for longer than twice the refresh interval
    };

    State state = State::Connecting;
    /// Live: since when; Reconnecting and Stale: since when the data stopped following the cluster.
    std::chrono::system_clock::time_point since;
    /// "Live", "Syncing pods 12,000 / 20,000", "Reconnecting 12 s", "Stale 3 min".
    std::string summary;
    /// The last failure of a kind in trouble ("Pod: connection refused"), or "".
    std::string problem;
    /// Kinds the user may not list, or the cluster does not serve ("InferenceService not installed").
    std::vector<std::string> absent;

    bool operator==(const ConnectionHealth &other) const;
};

/// Reads the informers' states at `now`. `refreshInterval` is how often the
/// console expects news (the metrics interval); data older than twice that is stale.
ConnectionHealth assessConnection(const std::vector<kube::KindStatus> &kinds,
                                  std::chrono::system_clock::time_point now,
                                  std::chrono::seconds refreshInterval = std::chrono::seconds(15));

/// "12 s", "3 min", "2 h 5 min": how long, for people.
std::string describeAge(std::chrono::seconds age);

/// "12,000": thousands separated, for progress counts.
std::string groupThousands(std::uint64_t value);

} // namespace gantry::fleet

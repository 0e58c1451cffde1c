#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace gantry::sim {

/// What each simulated container has printed, for `pods/log`. Bounded per
/// container (old lines fall off, as kubelet rotates logs); followers wait on it.
class PodLogStore
{
public:
    explicit PodLogStore(std::size_t maxLinesPerContainer = 5000);

    void append(const std::string &namespaceName, const std::string &pod, const std::string &container,
                std::string line);
    /// Lines from index `from` on (a follower's cursor), waiting up to `timeout`
    /// for new ones. `next` receives the cursor to pass next time.
    std::vector<std::string> read(const std::string &namespaceName, const std::string &pod,
                                  const std::string &container, std::uint64_t from, std::uint64_t &next,
                                  std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
    /// Containers that have logged, for the default-container choice.
    std::vector<std::string> containers(const std::string &namespaceName, const std::string &pod) const;
    void removePod(const std::string &namespaceName, const std::string &pod);
    /// Wakes every follower, e.g. when the server stops.
    void wakeAll();

private:
    struct Buffer
    {
        std::deque<std::string> lines;
        std::uint64_t firstIndex = 0; ///< the absolute index of lines.front()
    };
    using Key = std::tuple<std::string, std::string, std::string>;

    const std::size_t m_maxLines;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<Key, Buffer> m_buffers;
};

} // namespace gantry::sim

#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace gantry::kube {

/// Reassembles '\n'-terminated lines from chunks that may split them anywhere
/// (watch events, log lines). Lines are handed over without the '\n'.
class LineBuffer
{
public:
    /// Return false to stop; feed() and finish() then return false too.
    using LineHandler = std::function<bool(std::string_view line)>;

    /// Hands every line completed by `chunk` to `onLine`.
    bool feed(std::string_view chunk, const LineHandler &onLine);
    /// At the end of the stream: hands over a last line that had no '\n'.
    bool finish(const LineHandler &onLine);
    /// Bytes held back waiting for their '\n'.
    std::size_t pending() const { return m_partial.size(); }

private:
    std::string m_partial;
};

} // namespace gantry::kube

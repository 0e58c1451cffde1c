#include "backend/kube/linebuffer.h"

namespace gantry::kube {

bool LineBuffer::feed(std::string_view chunk, const LineHandler &onLine)
{
    std::size_t start = 0;
    while (start < chunk.size()) {
        const std::size_t end = chunk.find('\n', start);
        if (end == std::string_view::npos) {
            m_partial.append(chunk.substr(start));
            return true;
        }
        const std::string_view piece = chunk.substr(start, end - start);
        start = end + 1;
        // Only a line split across chunks needs copying.
        bool go = true;
        if (m_partial.empty()) {
            go = onLine(piece);
        } else {
            m_partial.append(piece);
            const std::string line = std::move(m_partial);
            m_partial.clear();
            go = onLine(line);
        }
        if (!go)
            return false;
    }
    return true;
}

bool LineBuffer::finish(const LineHandler &onLine)
{
    if (m_partial.empty())
        return true;
    const std::string line = std::move(m_partial);
    m_partial.clear();
    return onLine(line);
}

} // namespace gantry::kube

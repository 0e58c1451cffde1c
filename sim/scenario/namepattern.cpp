#include "sim/scenario/namepattern.h"

namespace gantry::sim {

std::optional<NamePattern> NamePattern::parse(std::string_view text, std::string &problem)
{
    NamePattern pattern;
    std::size_t position = 0;
    while (position < text.size()) {
        const std::size_t open = text.find('{', position);
        const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
        if (close == std::string_view::npos) {
            pattern.m_parts.push_back({std::string(text.substr(position)), 0});
            break;
        }
        if (open > position)
            pattern.m_parts.push_back({std::string(text.substr(position, open - position)), 0});
        const std::string_view placeholder = text.substr(open + 1, close - open - 1);
        if (placeholder == "index") {
            pattern.m_parts.push_back({{}, 1});
        } else if (placeholder.size() == 7 && placeholder.substr(0, 6) == "index:" && placeholder[6] >= '1'
                   && placeholder[6] <= '9') {
            pattern.m_parts.push_back({{}, placeholder[6] - '0'});
        } else {
            problem = "unknown placeholder \"{" + std::string(placeholder.substr(0, 40))
                + "}\" (use {index}, or {index:4} for 0000, 0001, …)";
            return std::nullopt;
        }
        position = close + 1;
    }
    return pattern;
}

bool NamePattern::hasIndex() const
{
    for (const Part &part : m_parts) {
        if (part.width > 0)
            return true;
    }
    return false;
}

std::string NamePattern::expand(int index) const
{
    std::string out;
    for (const Part &part : m_parts) {
        if (part.width == 0) {
            out += part.literal;
            continue;
        }
        const std::string digits = std::to_string(index);
        if (digits.size() < static_cast<std::size_t>(part.width))
            out.append(static_cast<std::size_t>(part.width) - digits.size(), '0');
        out += digits;
    }
    return out;
}

} // namespace gantry::sim

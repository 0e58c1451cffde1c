#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::sim {

/// The `namePattern` of a service generator: text with `{index}` (0, 1, 2, …) or
/// `{index:N}` (zero-padded to N digits) placeholders.
class NamePattern
{
public:
    /// The pattern, or nothing with `problem` set (an unknown placeholder, a bad width).
    static std::optional<NamePattern> parse(std::string_view text, std::string &problem);

    bool hasIndex() const;
    std::string expand(int index) const;

private:
    struct Part
    {
        std::string literal; ///< text, when width is 0
        int width = 0;       ///< an {index} placeholder when > 0 (1 for plain {index})
    };
    std::vector<Part> m_parts;
};

} // namespace gantry::sim

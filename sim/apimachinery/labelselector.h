#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::sim {

/// A Kubernetes label selector as sent in `?labelSelector=`: comma-separated
/// requirements `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, and,
/// as labels.Parse also accepts them, `k>n` and `k<n` on integer label values.
/// Requirements are kept sorted by key and each requirement's values sorted and
/// de-duplicated, as the server keeps them.
class LabelSelector
{
public:
    enum class Operator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan };
    struct Requirement
    {
        std::string key;
        Operator op = Operator::Exists;
        std::vector<std::string> values;
    };

    /// Parses `text`; on failure returns nullopt and sets `error` to a message
    /// shaped like the API server's (e.g. "unable to parse requirement: …").
    static std::optional<LabelSelector> parse(std::string_view text, std::string *error);

    /// True when `labels` (an object of string values, or null) satisfies every requirement.
    bool matches(const nlohmann::json &labels) const;
    bool empty() const { return m_requirements.empty(); }
    const std::vector<Requirement> &requirements() const { return m_requirements; }

private:
    std::vector<Requirement> m_requirements;
};

} // namespace gantry::sim

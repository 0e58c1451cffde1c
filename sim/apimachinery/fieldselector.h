#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::sim {

/// A Kubernetes field selector (`?fieldSelector=`): comma-separated `f=v`, `f==v`,
/// `f!=v`. Which fields are allowed depends on the kind, as on the real server:
/// `metadata.name` and `metadata.namespace` for all; Pod adds `spec.nodeName`,
/// `status.phase` (and the rest of the real pod set); Event adds
/// `involvedObject.{kind,namespace,name,uid,apiVersion,resourceVersion,fieldPath}`,
/// `reason`, `type`, `source`, `reportingComponent`; Node adds `spec.unschedulable`.
class FieldSelector
{
public:
    struct Requirement
    {
        std::string field;
        bool equals = true; ///< false for !=
        std::string value;
    };

    /// Parses `text` for objects of `kind` (e.g. "Pod"). An unsupported field fails
    /// with the server's message: `field label not supported: <field>`.
    static std::optional<FieldSelector> parse(std::string_view text, std::string_view kind, std::string *error);

    bool matches(const nlohmann::json &object) const;
    bool empty() const { return m_requirements.empty(); }
    const std::vector<Requirement> &requirements() const { return m_requirements; }

    /// The value of a selectable `field` of `object` as the server compares it
    /// (missing fields compare as ""; booleans as "true"/"false").
    static std::string fieldValue(const nlohmann::json &object, std::string_view field);

private:
    std::vector<Requirement> m_requirements;
};

} // namespace gantry::sim

#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::sim {

/// A Kubernetes field selector (`?fieldSelector=`): comma-separated `f=v`, `f==v`,
/// `f!=v`, values escaping `\`, `,` and `=` with a backslash. Which fields are allowed
/// depends on the kind, as on the real server: `metadata.name` and
/// `metadata.namespace` for most; Pod adds `spec.nodeName` (alias `spec.host`),
/// `spec.restartPolicy`, `spec.schedulerName`, `spec.serviceAccountName`,
/// `spec.hostNetwork`, `status.phase`, `status.podIP`, `status.podIPs`,
/// `status.nominatedNodeName`; Event adds
/// `involvedObject.{kind,namespace,name,uid,apiVersion,resourceVersion,fieldPath}`,
/// `reason`, `type`, `source`, `reportingComponent`; Node allows only `metadata.name`
/// and `spec.unschedulable`; Namespace only `metadata.name` and `status.phase`;
/// Job adds `status.successful`; Secret `type`; Service `spec.clusterIP`, `spec.type`;
/// ReplicationController `status.replicas`. Requirements are kept sorted, as parsed.
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
    /// with the server's message: `field label not supported: <field>` (built-in
    /// kinds without their own field list, such as PersistentVolumeClaim, say
    /// `"<field>" is not a known field selector: only "metadata.name", "metadata.namespace"`).
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

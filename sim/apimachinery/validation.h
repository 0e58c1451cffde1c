#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace gantry::sim {

/// One invalid field, shaped like a Kubernetes StatusCause.
struct FieldError
{
    std::string reason;  ///< "FieldValueInvalid", "FieldValueRequired", "FieldValueTooLong", …
    std::string field;   ///< e.g. "metadata.name"
    std::string message; ///< e.g. "Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must …"
};

/// RFC 1123 subdomain (most object names, at most 253 characters). Returns "" when
/// valid, else the server's explanation ("a lowercase RFC 1123 subdomain must consist of …").
std::string dns1123SubdomainError(std::string_view name);

/// RFC 1123 label (namespaces, InferenceService names; at most 63 characters).
std::string dns1123LabelError(std::string_view name);

/// Validates the metadata every object shares (name or generateName, namespace,
/// label keys and values, annotation keys) for `kind`. InferenceService and
/// Namespace names must be labels; others subdomains.
std::vector<FieldError> validateObjectMeta(const nlohmann::json &object, std::string_view kind, bool namespaced);

/// Kind-specific checks: Pod needs spec.containers with names and images;
/// InferenceService needs spec.predictor; Job needs spec.template; Node,
/// Namespace, Event, PVC, LocalModelCache (spec.sourceModelUri, nodeGroups ≥1)
/// and MachineSet get their real required fields.
std::vector<FieldError> validateObject(const nlohmann::json &object, std::string_view kind);

/// The message the API server gives for an Invalid status:
/// `<Kind>.<group> "<name>" is invalid: [field: message, field: message]`
/// (group omitted for core kinds; brackets only when there are several errors).
std::string invalidMessage(std::string_view kind, std::string_view group, std::string_view name,
                           const std::vector<FieldError> &errors);

} // namespace gantry::sim

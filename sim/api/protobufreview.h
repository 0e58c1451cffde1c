#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace gantry::sim {

/// kubectl's typed clients send access reviews as Kubernetes protobuf
/// (`application/vnd.kubernetes.protobuf`): the "k8s\0" envelope around a
/// runtime.Unknown holding the review. This reads a SelfSubjectAccessReview or
/// SelfSubjectRulesReview from it into the equivalent JSON object (replies go
/// back as JSON, which those clients accept). nullopt for anything malformed.
std::optional<nlohmann::json> decodeProtobufReview(std::string_view body);

} // namespace gantry::sim

#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gantry::sim {

// Kubernetes' name rules (k8s.io/apimachinery/pkg/util/validation) as lists of
// messages, one per broken rule, in the server's order; empty means valid. The
// label selector parser and object validation share them.

/// RFC 1123 label: at most 63 characters of [a-z0-9-], alphanumeric at both ends.
std::vector<std::string> dns1123LabelErrors(std::string_view value);

/// RFC 1123 subdomain: at most 253 characters, dot-separated RFC 1123 labels.
std::vector<std::string> dns1123SubdomainErrors(std::string_view value);

/// A qualified name, i.e. a label key: optional subdomain prefix and '/', then a
/// name of at most 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends.
std::vector<std::string> qualifiedNameErrors(std::string_view value);

/// A label value: empty, or a name part as in a qualified name.
std::vector<std::string> labelValueErrors(std::string_view value);

/// The messages joined as the server joins them in one field error ("; ").
std::string joinMessages(const std::vector<std::string> &messages);

} // namespace gantry::sim

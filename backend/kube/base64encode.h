#pragma once

#include <string>
#include <string_view>

namespace gantry::kube {

/// Encodes bytes as standard, padded base64 (RFC 4648 §4), the form Go's
/// encoding/json gives a []byte, e.g. certificate-authority-data in
/// KUBERNETES_EXEC_INFO.
std::string encodeBase64(std::string_view bytes);

} // namespace gantry::kube

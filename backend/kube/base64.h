#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gantry::kube {

/// Decodes standard, padded base64 (RFC 4648 §4) the way Go's
/// `base64.StdEncoding` does, which is what client-go applies to every
/// `*-data` field: line breaks (CR, LF) are skipped, anything else outside the
/// alphabet, missing padding or data after padding is an error. On failure
/// returns nullopt and, if `errorOffset` is given, the offset of the first
/// offending input byte (never the data itself, which may be a private key).
std::optional<std::string> decodeBase64(std::string_view encoded, std::size_t *errorOffset = nullptr);

} // namespace gantry::kube

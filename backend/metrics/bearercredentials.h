#pragma once

#include "backend/kube/credentials.h"

#include <memory>
#include <string>

namespace gantry::metrics {

/// A credential provider that presents one fixed bearer token (a Prometheus
/// behind an authenticating proxy, a scrape target that wants a service account
/// token); null for an empty token, which the transport reads as "no credential".
std::shared_ptr<kube::CredentialProvider> bearerTokenCredentials(std::string token);

} // namespace gantry::metrics

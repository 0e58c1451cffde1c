#pragma once

#include "backend/core/rfc3339.h"
#include "backend/kube/kubeconfigresolver.h"

#include <optional>
#include <string>
#include <string_view>

namespace gantry::kube {

/// The `status` of an ExecCredential a credential plugin printed.
struct ExecCredentialStatus
{
    std::string token;                 ///< secret
    std::string clientCertificatePem;
    std::string clientKeyPem;          ///< secret
    std::optional<SystemTime> expiration; ///< none: valid until a 401
};

/// A parsed ExecCredential, or a message saying precisely what is wrong with
/// it (the JSON position, the missing or mistyped field); never its content.
struct ExecCredentialParse
{
    std::optional<ExecCredentialStatus> status;
    std::string error;
};

/// The KUBERNETES_EXEC_INFO value client-go gives a plugin: apiVersion, kind
/// ExecCredential and spec.interactive (always false: Gantry has no terminal),
/// plus spec.cluster when the plugin asked for provideClusterInfo.
std::string execInfoJson(const ExecAuth &plugin, const ResolvedConnection &connection);

/// Reads a plugin's standard output as client-go does: an ExecCredential of the
/// configured apiVersion with a token or a certificate/key pair in `status`.
ExecCredentialParse parseExecCredential(std::string_view output, const std::string &expectedApiVersion);

} // namespace gantry::kube

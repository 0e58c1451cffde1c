#pragma once

#include "backend/kube/kubeconfigresolver.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace gantry::kube {

/// What to present on one request. At most one of a bearer token and basic
/// credentials is set; an exec plugin may add a client certificate.
struct Credential
{
    std::string bearerToken; ///< secret
    std::string username;
    std::string password; ///< secret
    std::optional<ClientCertificate> clientCertificate; ///< from an exec plugin

    bool hasBasic() const { return !username.empty() || !password.empty(); }
};

/// A credential or why none could be had. The message never contains a secret.
struct CredentialResult
{
    std::optional<Credential> credential;
    std::string error;

    bool ok() const { return credential.has_value(); }
};

/// Supplies the request credential for one context: a static token or basic
/// credentials, a token file re-read as it rotates, or an exec plugin run on
/// demand and cached until its credential expires. Thread-safe; current() may
/// block (it reads files and runs processes), so call it from worker threads only.
class CredentialProvider
{
public:
    virtual ~CredentialProvider() = default;

    /// The credential to send now.
    virtual CredentialResult current() = 0;
    /// Drops any cached credential after the server answered 401, so the next
    /// current() fetches a fresh one (re-runs the plugin, re-reads the file).
    virtual void invalidate() {}
    /// Whether invalidate() can yield a different credential, so a 401 is worth one retry.
    virtual bool refreshable() const { return false; }
    /// What kind of credential this is, for logs: "bearer token", "exec plugin \"aws\"".
    virtual std::string describe() const = 0;
};

struct CredentialOptions
{
    /// How long an exec plugin may run before it is killed.
    std::chrono::milliseconds execTimeout{std::chrono::seconds(60)};
    /// How often a token file is re-read even when its modification time is unchanged.
    std::chrono::milliseconds tokenFileRecheck{std::chrono::minutes(1)};
};

/// The provider for a resolved context's AuthMethod.
std::shared_ptr<CredentialProvider> makeCredentialProvider(const ResolvedConnection &connection,
                                                           const CredentialOptions &options = {});

} // namespace gantry::kube

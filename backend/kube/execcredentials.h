#pragma once

#include "backend/core/rfc3339.h"
#include "backend/kube/credentials.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace gantry::kube {

/// A client-go credential plugin (`user.exec`). Runs the command without a
/// shell, with the configured args and env plus KUBERNETES_EXEC_INFO, caches
/// the credential until its expirationTimestamp (or until invalidate() after a
/// 401) and runs it again then. Concurrent callers wait for one run. Gantry
/// has no terminal to offer, so a plugin with interactiveMode Always is
/// refused and the others are told spec.interactive=false.
class ExecCredentialProvider : public CredentialProvider
{
public:
    ExecCredentialProvider(ExecAuth plugin, const ResolvedConnection &connection, std::chrono::milliseconds timeout);

    CredentialResult current() override;
    void invalidate() override;
    bool refreshable() const override { return true; }
    std::string describe() const override;

    /// How many times the plugin was started, for diagnostics and tests.
    int runs() const;

private:
    CredentialResult run();
    std::string failure(const std::string &what) const;

    const ExecAuth m_plugin;
    const std::string m_userName;
    const std::string m_execInfo;
    const std::chrono::milliseconds m_timeout;
    mutable std::mutex m_mutex;
    std::optional<Credential> m_cached;
    std::optional<SystemTime> m_expiration;
    int m_runs = 0;
};

} // namespace gantry::kube

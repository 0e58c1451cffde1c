#pragma once

#include "backend/kube/credentials.h"

#include <chrono>
#include <ctime>
#include <mutex>
#include <string>

namespace gantry::kube {

/// A bearer token read from a file (kubeconfig `tokenFile`, a service account's
/// projected token). The file is re-read when its modification time changes,
/// at least every `recheck` otherwise (as client-go's caching token source
/// does), and after invalidate().
class TokenFileCredentialProvider : public CredentialProvider
{
public:
    TokenFileCredentialProvider(std::string path, std::chrono::milliseconds recheck);

    CredentialResult current() override;
    void invalidate() override;
    bool refreshable() const override { return true; }
    std::string describe() const override;

private:
    const std::string m_path;
    const std::chrono::milliseconds m_recheck;
    std::mutex m_mutex;
    std::string m_token;
    std::timespec m_modified{};
    std::chrono::steady_clock::time_point m_readAt;
    bool m_valid = false;
};

} // namespace gantry::kube

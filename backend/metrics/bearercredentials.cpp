#include "backend/metrics/bearercredentials.h"

namespace gantry::metrics {

namespace {

class BearerToken : public kube::CredentialProvider {
public:
    explicit BearerToken(std::string token) { m_credential.bearerToken = std::move(token); }

    kube::CredentialResult current() override { return { m_credential, {} }; }
    std::string describe() const override { return "bearer token"; }

private:
    kube::Credential m_credential;
};

} // namespace

std::shared_ptr<kube::CredentialProvider> bearerTokenCredentials(std::string token)
{
    if (token.empty())
        return nullptr;
    return std::make_shared<BearerToken>(std::move(token));
}

} // namespace gantry::metrics

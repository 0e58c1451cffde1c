#include "backend/kube/credentials.h"

#include "backend/kube/execcredentials.h"
#include "backend/kube/tokenfilecredentials.h"

namespace gantry::kube {

namespace {

// A credential fixed in the kubeconfig: nothing, a token or basic credentials.
class StaticCredentialProvider : public CredentialProvider
{
public:
    StaticCredentialProvider(Credential credential, std::string description)
        : m_credential(std::move(credential))
        , m_description(std::move(description))
    {
    }

    CredentialResult current() override { return {m_credential, {}}; }
    std::string describe() const override { return m_description; }

private:
    const Credential m_credential;
    const std::string m_description;
};

} // namespace

std::shared_ptr<CredentialProvider> makeCredentialProvider(const ResolvedConnection &connection,
                                                           const CredentialOptions &options)
{
    struct Factory
    {
        const ResolvedConnection &connection;
        const CredentialOptions &options;

        std::shared_ptr<CredentialProvider> operator()(const NoAuth &) const
        {
            return std::make_shared<StaticCredentialProvider>(Credential{},
                                                              connection.clientCertificate ? "client certificate"
                                                                                           : "anonymous");
        }
        std::shared_ptr<CredentialProvider> operator()(const TokenAuth &auth) const
        {
            Credential credential;
            credential.bearerToken = auth.token;
            return std::make_shared<StaticCredentialProvider>(std::move(credential), "bearer token");
        }
        std::shared_ptr<CredentialProvider> operator()(const TokenFileAuth &auth) const
        {
            return std::make_shared<TokenFileCredentialProvider>(auth.path, options.tokenFileRecheck);
        }
        std::shared_ptr<CredentialProvider> operator()(const BasicAuth &auth) const
        {
            Credential credential;
            credential.username = auth.username;
            credential.password = auth.password;
            return std::make_shared<StaticCredentialProvider>(std::move(credential),
                                                              "basic auth as \"" + auth.username + "\"");
        }
        std::shared_ptr<CredentialProvider> operator()(const ExecAuth &auth) const
        {
            return std::make_shared<ExecCredentialProvider>(auth, connection, options.execTimeout);
        }
    };
    return std::visit(Factory{connection, options}, connection.auth);
}

} // namespace gantry::kube

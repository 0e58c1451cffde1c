#include "sim/security/tlsmaterial.h"

#include "sim/security/certificatebuilder.h"
#include "sim/security/opensslsupport.h"

namespace gantry::sim {

std::optional<TlsMaterial> generateTlsMaterial(const std::vector<std::string> &dnsNames,
                                               const std::vector<std::string> &ipAddresses, std::string *error)
{
    using detail::CertificateRole;
    const detail::CertificateRequest authorityRequest{CertificateRole::Authority, {{"CN", "gantry-sim CA"}}, {}, {}};
    const auto authority = detail::issueCertificate(authorityRequest, nullptr, nullptr, error);
    if (!authority)
        return std::nullopt;
    const detail::CertificateRequest serverRequest{CertificateRole::Server, {{"CN", "gantry-sim"}}, dnsNames,
                                                   ipAddresses};
    const auto server =
        detail::issueCertificate(serverRequest, authority->certificate.get(), authority->key.get(), error);
    if (!server)
        return std::nullopt;

    auto caCertificate = detail::certificateToPem(authority->certificate.get(), error);
    auto caKey = caCertificate ? detail::privateKeyToPem(authority->key.get(), error) : std::nullopt;
    auto serverCertificate = caKey ? detail::certificateToPem(server->certificate.get(), error) : std::nullopt;
    auto serverKey = serverCertificate ? detail::privateKeyToPem(server->key.get(), error) : std::nullopt;
    if (!serverKey)
        return std::nullopt;
    return TlsMaterial{std::move(*caCertificate), std::move(*serverCertificate), std::move(*serverKey),
                       std::move(*caKey)};
}

} // namespace gantry::sim

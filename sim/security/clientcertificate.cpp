#include "sim/security/tlsmaterial.h"

#include "sim/security/certificatebuilder.h"
#include "sim/security/opensslsupport.h"

#include <openssl/err.h>

namespace gantry::sim {

std::optional<ClientCertificate> issueClientCertificate(const TlsMaterial &ca, const std::string &caKeyPem,
                                                        const std::string &commonName,
                                                        const std::vector<std::string> &organizations,
                                                        std::string *error)
{
    const X509Ptr caCertificate = certificateFromPem(ca.caCertificatePem);
    if (!caCertificate) {
        detail::fail(error, "the CA certificate is not valid PEM");
        return std::nullopt;
    }
    const EvpPkeyPtr caKey = privateKeyFromPem(caKeyPem);
    if (!caKey) {
        detail::fail(error, "the CA key is not valid PEM");
        return std::nullopt;
    }
    ERR_set_mark();
    const bool keyMatches = X509_check_private_key(caCertificate.get(), caKey.get()) == 1;
    ERR_pop_to_mark();
    if (!keyMatches) {
        detail::fail(error, "the CA key does not belong to the CA certificate");
        return std::nullopt;
    }
    if (commonName.empty()) {
        detail::fail(error, "a client certificate needs a common name");
        return std::nullopt;
    }

    // Kubernetes reads the user from CN and the groups from O.
    detail::CertificateRequest request{detail::CertificateRole::Client, {}, {}, {}};
    for (const std::string &organization : organizations)
        request.subject.emplace_back("O", organization);
    request.subject.emplace_back("CN", commonName);
    const auto issued = detail::issueCertificate(request, caCertificate.get(), caKey.get(), error);
    if (!issued)
        return std::nullopt;
    auto certificate = detail::certificateToPem(issued->certificate.get(), error);
    auto key = certificate ? detail::privateKeyToPem(issued->key.get(), error) : std::nullopt;
    if (!key)
        return std::nullopt;
    return ClientCertificate{std::move(*certificate), std::move(*key)};
}

std::optional<ClientCertificate> issueClientCertificate(const TlsMaterial &ca, const std::string &commonName,
                                                        const std::vector<std::string> &organizations,
                                                        std::string *error)
{
    return issueClientCertificate(ca, ca.caKeyPem, commonName, organizations, error);
}

} // namespace gantry::sim

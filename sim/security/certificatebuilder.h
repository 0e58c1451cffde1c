#pragma once

// Internal to gantry_sim_security: issues one key pair and its certificate.

#include "sim/security/tlsmaterial.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gantry::sim::detail {

enum class CertificateRole
{
    Authority, ///< may sign other certificates, nothing else
    Server,    ///< TLS server, needs subjectAltName entries
    Client,    ///< TLS client
};

struct CertificateRequest
{
    CertificateRole role = CertificateRole::Server;
    /// Name attributes in order, by short name: {"O", "system:masters"}, {"CN", "admin"}.
    std::vector<std::pair<std::string, std::string>> subject;
    std::vector<std::string> dnsNames;
    std::vector<std::string> ipAddresses;
};

struct IssuedCertificate
{
    EvpPkeyPtr key;
    X509Ptr certificate;
};

/// A fresh ECDSA P-256 key and a certificate for it, valid for one year starting one
/// hour ago (to tolerate clock skew), signed with SHA-256 by `issuerKey`, or
/// self-signed when `issuer` is null.
std::optional<IssuedCertificate> issueCertificate(const CertificateRequest &request, X509 *issuer,
                                                  EVP_PKEY *issuerKey, std::string *error);

} // namespace gantry::sim::detail

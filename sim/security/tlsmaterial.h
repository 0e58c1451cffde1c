#pragma once

#include <openssl/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gantry::sim {

/// A private CA and a server certificate it signed, as PEM text, generated in
/// memory at start-up so every gantry-sim run has its own trust root.
struct TlsMaterial
{
    std::string caCertificatePem;
    std::string serverCertificatePem;
    std::string serverKeyPem;
    /// Kept so the same run can issue client certificates; never write it out.
    std::string caKeyPem;
};

/// Generates a CA (CN "gantry-sim CA") and a server certificate valid for the given
/// DNS names and IP addresses (subjectAltName), with serverAuth usage, valid from
/// one hour ago for one year. ECDSA P-256 keys keep it fast. On failure returns
/// nullopt and sets `error` to OpenSSL's reason.
std::optional<TlsMaterial> generateTlsMaterial(const std::vector<std::string> &dnsNames,
                                               const std::vector<std::string> &ipAddresses, std::string *error);

/// Issues a client certificate (CN = `commonName`, O = each of `organizations`)
/// signed by a CA given as PEM, for tests of client-certificate authentication.
struct ClientCertificate
{
    std::string certificatePem;
    std::string keyPem;
};
std::optional<ClientCertificate> issueClientCertificate(const TlsMaterial &ca, const std::string &caKeyPem,
                                                        const std::string &commonName,
                                                        const std::vector<std::string> &organizations,
                                                        std::string *error);
/// The same, signed with `ca.caKeyPem`.
std::optional<ClientCertificate> issueClientCertificate(const TlsMaterial &ca, const std::string &commonName,
                                                        const std::vector<std::string> &organizations,
                                                        std::string *error);

struct X509Deleter { void operator()(X509 *certificate) const; };
struct EvpPkeyDeleter { void operator()(EVP_PKEY *key) const; };
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

/// Parses PEM into OpenSSL objects (e.g. for httplib::SSLServer); null on bad PEM.
X509Ptr certificateFromPem(const std::string &pem);
EvpPkeyPtr privateKeyFromPem(const std::string &pem);

/// A random bearer token: 32 bytes from the OS's CSPRNG, base64url without padding.
std::string randomToken();

} // namespace gantry::sim

#include "sim/security/certificatebuilder.h"

#include "sim/security/opensslsupport.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <climits>
#include <utility>

namespace gantry::sim::detail {

namespace {

constexpr long oneHour = 60L * 60;
constexpr long oneYear = 365L * 24 * oneHour;

bool setRandomSerial(X509 *certificate)
{
    // 128 random bits make serials unique without bookkeeping, as CAs must.
    std::array<unsigned char, 16> bytes{};
    BignumPtr serial;
    do {
        if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
            return false;
        serial.reset(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
        if (!serial)
            return false;
    } while (BN_is_zero(serial.get()));
    return BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

bool setSubject(X509 *certificate, const CertificateRequest &request)
{
    X509_NAME *name = X509_get_subject_name(certificate);
    for (const auto &[field, value] : request.subject) {
        if (value.size() > static_cast<std::size_t>(INT_MAX))
            return false;
        const auto *bytes = reinterpret_cast<const unsigned char *>(value.data());
        if (X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8, bytes, static_cast<int>(value.size()), -1,
                                       0) != 1)
            return false;
    }
    return true;
}

// Wildcards and underscores are allowed because test clusters use both.
bool isDnsName(const std::string &name)
{
    return !name.empty() && name.size() <= 253 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
            || c == '*' || c == '_';
    });
}

bool push(GENERAL_NAMES *names, GeneralNamePtr name)
{
    if (sk_GENERAL_NAME_push(names, name.get()) == 0)
        return false;
    name.release();
    return true;
}

// Built as objects rather than from "DNS:a,IP:b" text so that a name containing
// a comma cannot smuggle in another entry.
bool addSubjectAltNames(X509 *certificate, const CertificateRequest &request, std::string *error)
{
    if (request.dnsNames.empty() && request.ipAddresses.empty())
        return fail(error, "a server certificate needs at least one DNS name or IP address");
    GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
    if (!names)
        return fail(error, opensslFailure("cannot build the subjectAltName"));
    for (const std::string &dnsName : request.dnsNames) {
        if (!isDnsName(dnsName))
            return fail(error, "not a DNS name: \"" + dnsName + '"');
        GeneralNamePtr name(GENERAL_NAME_new());
        Ia5StringPtr text(ASN1_IA5STRING_new());
        if (!name || !text || ASN1_STRING_set(text.get(), dnsName.data(), static_cast<int>(dnsName.size())) != 1)
            return fail(error, opensslFailure("cannot add DNS name \"" + dnsName + '"'));
        GENERAL_NAME_set0_value(name.get(), GEN_DNS, text.release());
        if (!push(names.get(), std::move(name)))
            return fail(error, opensslFailure("cannot add DNS name \"" + dnsName + '"'));
    }
    for (const std::string &ipAddress : request.ipAddresses) {
        if (ipAddress.find('\0') != std::string::npos)
            return fail(error, "not an IP address: \"" + ipAddress + '"');
        ERR_set_mark();
        OctetStringPtr address(a2i_IPADDRESS(ipAddress.c_str()));
        ERR_pop_to_mark();
        if (!address)
            return fail(error, "not an IP address: \"" + ipAddress + '"');
        GeneralNamePtr name(GENERAL_NAME_new());
        if (!name)
            return fail(error, opensslFailure("cannot add IP address \"" + ipAddress + '"'));
        GENERAL_NAME_set0_value(name.get(), GEN_IPADD, address.release());
        if (!push(names.get(), std::move(name)))
            return fail(error, opensslFailure("cannot add IP address \"" + ipAddress + '"'));
    }
    if (X509_add1_ext_i2d(certificate, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return fail(error, opensslFailure("cannot add the subjectAltName"));
    return true;
}

struct ExtensionText
{
    int nid;
    const char *value;
};

std::vector<ExtensionText> extensionsFor(CertificateRole role)
{
    switch (role) {
    case CertificateRole::Authority:
        // pathlen:0 because this CA only ever signs leaf certificates.
        return {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                {NID_key_usage, "critical,keyCertSign,cRLSign"}};
    case CertificateRole::Server:
        return {{NID_basic_constraints, "critical,CA:FALSE"},
                {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                {NID_ext_key_usage, "serverAuth"}};
    case CertificateRole::Client:
        return {{NID_basic_constraints, "critical,CA:FALSE"},
                {NID_key_usage, "critical,digitalSignature"},
                {NID_ext_key_usage, "clientAuth"}};
    }
    return {};
}

bool addExtensions(X509 *certificate, X509 *issuer, CertificateRole role)
{
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer != nullptr ? issuer : certificate, certificate, nullptr, nullptr, 0);
    std::vector<ExtensionText> extensions = extensionsFor(role);
    // The subject key identifier must exist before the authority key identifier
    // of a self-signed certificate can refer to it.
    extensions.push_back({NID_subject_key_identifier, "hash"});
    extensions.push_back({NID_authority_key_identifier, "keyid:always"});
    for (const ExtensionText &text : extensions) {
        ExtensionPtr extension(X509V3_EXT_nconf_nid(nullptr, &context, text.nid, text.value));
        if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1)
            return false;
    }
    return true;
}

} // namespace

std::optional<IssuedCertificate> issueCertificate(const CertificateRequest &request, X509 *issuer,
                                                  EVP_PKEY *issuerKey, std::string *error)
{
    if ((issuer == nullptr) != (issuerKey == nullptr)) {
        fail(error, "an issuer certificate needs its key");
        return std::nullopt;
    }
    // Reasons left over from an earlier, unrelated failure would muddle ours.
    ERR_clear_error();
    IssuedCertificate issued;
    issued.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!issued.key) {
        fail(error, opensslFailure("cannot generate a P-256 key"));
        return std::nullopt;
    }
    issued.certificate.reset(X509_new());
    X509 *certificate = issued.certificate.get();
    if (!certificate || X509_set_version(certificate, X509_VERSION_3) != 1 || !setRandomSerial(certificate)
        || X509_gmtime_adj(X509_getm_notBefore(certificate), -oneHour) == nullptr
        || X509_gmtime_adj(X509_getm_notAfter(certificate), oneYear - oneHour) == nullptr
        || X509_set_pubkey(certificate, issued.key.get()) != 1 || !setSubject(certificate, request)
        || X509_set_issuer_name(certificate, X509_get_subject_name(issuer != nullptr ? issuer : certificate)) != 1) {
        fail(error, opensslFailure("cannot fill in the certificate"));
        return std::nullopt;
    }
    if (request.role == CertificateRole::Server && !addSubjectAltNames(certificate, request, error))
        return std::nullopt;
    if (!addExtensions(certificate, issuer, request.role)) {
        fail(error, opensslFailure("cannot add the certificate's extensions"));
        return std::nullopt;
    }
    EVP_PKEY *signingKey = issuerKey != nullptr ? issuerKey : issued.key.get();
    if (X509_sign(certificate, signingKey, EVP_sha256()) <= 0) {
        fail(error, opensslFailure("cannot sign the certificate"));
        return std::nullopt;
    }
    return issued;
}

} // namespace gantry::sim::detail

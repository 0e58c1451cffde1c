#pragma once

// Internal to gantry_sim_security: what its OpenSSL code shares. Not installed,
// not for callers outside this folder.

#include "sim/security/tlsmaterial.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gantry::sim::detail {

template <auto Free>
struct OpenSslFree
{
    template <typename T>
    void operator()(T *object) const
    {
        Free(object);
    }
};

using BioPtr = std::unique_ptr<BIO, OpenSslFree<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslFree<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpenSslFree<X509_EXTENSION_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OpenSslFree<GENERAL_NAMES_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, OpenSslFree<GENERAL_NAME_free>>;
using OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, OpenSslFree<ASN1_OCTET_STRING_free>>;
using Ia5StringPtr = std::unique_ptr<ASN1_IA5STRING, OpenSslFree<ASN1_IA5STRING_free>>;

/// "`what`: reason; reason…" from this thread's OpenSSL error queue, which it
/// empties so the next failure does not report stale reasons.
std::string opensslFailure(std::string_view what);

/// Stores `message` in `error` when the caller asked for it; always false.
bool fail(std::string *error, std::string message);

/// PEM text of a certificate, or of a private key as unencrypted PKCS#8.
std::optional<std::string> certificateToPem(X509 *certificate, std::string *error);
std::optional<std::string> privateKeyToPem(EVP_PKEY *key, std::string *error);

} // namespace gantry::sim::detail

#include "sim/security/opensslsupport.h"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <climits>

namespace gantry::sim {

void X509Deleter::operator()(X509 *certificate) const
{
    X509_free(certificate);
}

void EvpPkeyDeleter::operator()(EVP_PKEY *key) const
{
    EVP_PKEY_free(key);
}

namespace {

// Without this OpenSSL would prompt on the terminal for an encrypted key's
// passphrase; a server starting up must fail instead.
int refusePassphrase(char *, int, int, void *)
{
    return -1;
}

detail::BioPtr readOnlyBio(const std::string &pem)
{
    if (pem.empty() || pem.size() > static_cast<std::size_t>(INT_MAX))
        return {};
    return detail::BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// Parsing has no error channel, so whatever it queued is dropped here rather than
// showing up in the next unrelated failure message.
template <typename Parse>
auto parseQuietly(const std::string &pem, Parse parse)
{
    ERR_set_mark();
    auto bio = readOnlyBio(pem);
    auto parsed = bio ? parse(bio.get()) : nullptr;
    ERR_pop_to_mark();
    return parsed;
}

template <typename Write>
std::optional<std::string> writePem(Write write, bool secret, std::string_view what, std::string *error)
{
    detail::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1) {
        detail::fail(error, detail::opensslFailure(what));
        return std::nullopt;
    }
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    std::string pem(data, static_cast<std::size_t>(size));
    // Memory BIOs do not wipe their buffer on free.
    if (secret)
        OPENSSL_cleanse(data, static_cast<std::size_t>(size));
    return pem;
}

} // namespace

X509Ptr certificateFromPem(const std::string &pem)
{
    return X509Ptr(
        parseQuietly(pem, [](BIO *bio) { return PEM_read_bio_X509(bio, nullptr, refusePassphrase, nullptr); }));
}

EvpPkeyPtr privateKeyFromPem(const std::string &pem)
{
    return EvpPkeyPtr(
        parseQuietly(pem, [](BIO *bio) { return PEM_read_bio_PrivateKey(bio, nullptr, refusePassphrase, nullptr); }));
}

namespace detail {

std::optional<std::string> certificateToPem(X509 *certificate, std::string *error)
{
    return writePem([certificate](BIO *bio) { return PEM_write_bio_X509(bio, certificate); }, false,
                    "cannot encode the certificate as PEM", error);
}

std::optional<std::string> privateKeyToPem(EVP_PKEY *key, std::string *error)
{
    return writePem(
        [key](BIO *bio) { return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr); }, true,
        "cannot encode the private key as PEM", error);
}

} // namespace detail

} // namespace gantry::sim

#include "sim/security/tlsmaterial.h"

#include "loopbacktlsserver.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <chrono>
#include <iostream>

using namespace gantry::sim;
using gantry::sim::testsupport::LoopbackTlsServer;

namespace {

struct StoreFree { void operator()(X509_STORE *store) const { X509_STORE_free(store); } };
struct StoreContextFree { void operator()(X509_STORE_CTX *context) const { X509_STORE_CTX_free(context); } };
struct BignumFree { void operator()(BIGNUM *number) const { BN_free(number); } };
struct BioFree { void operator()(BIO *bio) const { BIO_free_all(bio); } };
using StorePtr = std::unique_ptr<X509_STORE, StoreFree>;

TlsMaterial generate(const std::vector<std::string> &dnsNames = {"localhost"},
                     const std::vector<std::string> &ipAddresses = {"127.0.0.1", "::1"})
{
    std::string error;
    auto material = generateTlsMaterial(dnsNames, ipAddresses, &error);
    if (!material)
        throw std::runtime_error("generateTlsMaterial failed: " + error);
    return *material;
}

StorePtr storeTrusting(const std::string &caPem)
{
    StorePtr store(X509_STORE_new());
    const X509Ptr ca = certificateFromPem(caPem);
    if (!store || !ca || X509_STORE_add_cert(store.get(), ca.get()) != 1)
        throw std::runtime_error("cannot build a trust store");
    return store;
}

// X509_V_OK when `certificatePem` chains to `caPem` for `purpose`, else the reason.
int verify(const std::string &certificatePem, const std::string &caPem, int purpose)
{
    const X509Ptr certificate = certificateFromPem(certificatePem);
    const StorePtr store = storeTrusting(caPem);
    std::unique_ptr<X509_STORE_CTX, StoreContextFree> context(X509_STORE_CTX_new());
    if (!certificate || !context || X509_STORE_CTX_init(context.get(), store.get(), certificate.get(), nullptr) != 1)
        throw std::runtime_error("cannot set up verification");
    X509_STORE_CTX_set_purpose(context.get(), purpose);
    X509_verify_cert(context.get());
    return X509_STORE_CTX_get_error(context.get());
}

std::vector<std::string> nameEntries(X509 *certificate, int nid)
{
    std::vector<std::string> values;
    const X509_NAME *name = X509_get_subject_name(certificate);
    for (int at = X509_NAME_get_index_by_NID(name, nid, -1); at >= 0; at = X509_NAME_get_index_by_NID(name, nid, at)) {
        const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
        values.emplace_back(reinterpret_cast<const char *>(ASN1_STRING_get0_data(data)),
                            static_cast<std::size_t>(ASN1_STRING_length(data)));
    }
    return values;
}

std::string serialHex(X509 *certificate)
{
    std::unique_ptr<BIGNUM, BignumFree> number(ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr));
    char *hex = BN_bn2hex(number.get());
    std::string text(hex);
    OPENSSL_free(hex);
    return text;
}

// Answers with the common name of the client certificate, if there is one.
void greetPeer(const httplib::Request &request, httplib::Response &response)
{
    std::string peer = "anonymous";
    if (X509 *certificate = SSL_get1_peer_certificate(request.ssl)) {
        peer = nameEntries(certificate, NID_commonName).at(0);
        X509_free(certificate);
    }
    response.set_content("hello " + peer, "text/plain");
}

httplib::Result getHello(httplib::SSLClient &client, const std::string &trustedCaPem)
{
    client.set_ca_cert_store(storeTrusting(trustedCaPem).release()); // the client owns it now
    client.enable_server_certificate_verification(true);
    client.set_connection_timeout(5);
    client.set_read_timeout(5);
    return client.Get("/hello");
}

} // namespace

TEST(TlsMaterial, ServerCertificateChainsToTheCaAndNamesTheHost)
{
    const TlsMaterial material = generate();
    EXPECT_EQ(verify(material.serverCertificatePem, material.caCertificatePem, X509_PURPOSE_SSL_SERVER), X509_V_OK);

    const X509Ptr server = certificateFromPem(material.serverCertificatePem);
    ASSERT_TRUE(server);
    EXPECT_EQ(X509_check_host(server.get(), "localhost", 0, 0, nullptr), 1);
    EXPECT_EQ(X509_check_ip_asc(server.get(), "127.0.0.1", 0), 1);
    EXPECT_EQ(X509_check_ip_asc(server.get(), "::1", 0), 1);
    EXPECT_EQ(X509_check_host(server.get(), "example.com", 0, 0, nullptr), 0);
    EXPECT_EQ(X509_check_ip_asc(server.get(), "10.0.0.1", 0), 0);
}

TEST(TlsMaterial, ServerCertificateDoesNotChainToAnotherCa)
{
    const TlsMaterial material = generate();
    const TlsMaterial other = generate();
    EXPECT_NE(verify(material.serverCertificatePem, other.caCertificatePem, X509_PURPOSE_SSL_SERVER), X509_V_OK);
}

TEST(TlsMaterial, CertificatesHaveTheDocumentedProfile)
{
    const TlsMaterial material = generate();
    const X509Ptr ca = certificateFromPem(material.caCertificatePem);
    const X509Ptr server = certificateFromPem(material.serverCertificatePem);
    ASSERT_TRUE(ca);
    ASSERT_TRUE(server);

    EXPECT_EQ(nameEntries(ca.get(), NID_commonName), std::vector<std::string>{"gantry-sim CA"});
    EXPECT_EQ(X509_check_ca(ca.get()), 1);
    EXPECT_EQ(X509_get_key_usage(ca.get()), static_cast<uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
    EXPECT_EQ(X509_check_ca(server.get()), 0);
    EXPECT_EQ(X509_get_key_usage(server.get()), static_cast<uint32_t>(KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
    EXPECT_EQ(X509_get_extended_key_usage(server.get()), static_cast<uint32_t>(XKU_SSL_SERVER));

    for (X509 *certificate : {ca.get(), server.get()}) {
        EXPECT_EQ(X509_get_version(certificate), X509_VERSION_3);
        EXPECT_EQ(X509_get_signature_nid(certificate), NID_ecdsa_with_SHA256);
        EXPECT_EQ(EVP_PKEY_get_base_id(X509_get0_pubkey(certificate)), EVP_PKEY_EC);
        int days = 0;
        int seconds = 0;
        ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notBefore(certificate)), 1);
        EXPECT_EQ(days, 0);
        EXPECT_NEAR(seconds, -3600, 60);
        ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(certificate)), 1);
        // One year counted from notBefore.
        EXPECT_EQ(days, 364);
        EXPECT_NEAR(seconds, 24 * 3600 - 3600, 60);
    }

    // The server's authority key identifier names the CA's key.
    const ASN1_OCTET_STRING *caKeyId = X509_get0_subject_key_id(ca.get());
    const ASN1_OCTET_STRING *authorityKeyId = X509_get0_authority_key_id(server.get());
    ASSERT_NE(caKeyId, nullptr);
    ASSERT_NE(authorityKeyId, nullptr);
    EXPECT_EQ(ASN1_OCTET_STRING_cmp(caKeyId, authorityKeyId), 0);
    EXPECT_NE(X509_get0_subject_key_id(server.get()), nullptr);

    // Random 128-bit serials: distinct, and not small counters.
    EXPECT_NE(serialHex(ca.get()), serialHex(server.get()));
    EXPECT_GE(serialHex(server.get()).size(), 24u);

    const EvpPkeyPtr serverKey = privateKeyFromPem(material.serverKeyPem);
    const EvpPkeyPtr caKey = privateKeyFromPem(material.caKeyPem);
    ASSERT_TRUE(serverKey);
    ASSERT_TRUE(caKey);
    EXPECT_EQ(X509_check_private_key(server.get(), serverKey.get()), 1);
    EXPECT_EQ(X509_check_private_key(ca.get(), caKey.get()), 1);
}

TEST(TlsMaterial, GeneratesWellUnderOneHundredMilliseconds)
{
    using Clock = std::chrono::steady_clock;
    auto fastest = Clock::duration::max();
    for (int run = 0; run < 5; ++run) {
        const auto start = Clock::now();
        generate();
        fastest = std::min(fastest, Clock::now() - start);
    }
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(fastest).count();
    std::cout << "generateTlsMaterial: " << micros << " us (fastest of 5)\n";
    RecordProperty("generate_us", std::to_string(micros));
    EXPECT_LT(micros, 100'000);
}

TEST(TlsMaterial, RejectsNamesItCannotCertify)
{
    std::string error;
    EXPECT_FALSE(generateTlsMaterial({}, {}, &error));
    EXPECT_NE(error.find("at least one"), std::string::npos) << error;

    EXPECT_FALSE(generateTlsMaterial({"localhost"}, {"300.1.2.3"}, &error));
    EXPECT_NE(error.find("300.1.2.3"), std::string::npos) << error;

    EXPECT_FALSE(generateTlsMaterial({"bad,DNS:evil.example"}, {}, &error));
    EXPECT_NE(error.find("not a DNS name"), std::string::npos) << error;

    EXPECT_FALSE(generateTlsMaterial({"localhost"}, {std::string("127.0.0.1\0junk", 14)}, &error));
    EXPECT_EQ(ERR_peek_error(), 0u) << "failures must not leave OpenSSL errors queued";
}

TEST(TlsMaterial, TlsHandshakeSucceedsWhenTrustingOnlyTheGeneratedCa)
{
    const TlsMaterial material = generate();
    LoopbackTlsServer server(material, greetPeer);
    ASSERT_TRUE(server.isRunning());

    for (const std::string host : {"127.0.0.1", "localhost"}) {
        httplib::SSLClient client(host, server.port());
        const httplib::Result result = getHello(client, material.caCertificatePem);
        ASSERT_TRUE(result) << host << ": " << httplib::to_string(result.error())
                            << ", verify result " << client.get_openssl_verify_result();
        EXPECT_EQ(result->status, 200);
        EXPECT_EQ(result->body, "hello anonymous");
    }
}

TEST(TlsMaterial, TlsHandshakeFailsWhenTrustingAnotherCa)
{
    const TlsMaterial material = generate();
    const TlsMaterial other = generate();
    LoopbackTlsServer server(material, greetPeer);
    ASSERT_TRUE(server.isRunning());

    httplib::SSLClient client("127.0.0.1", server.port());
    const httplib::Result result = getHello(client, other.caCertificatePem);
    EXPECT_FALSE(result);
    EXPECT_EQ(result.error(), httplib::Error::SSLServerVerification);
    EXPECT_NE(client.get_openssl_verify_result(), X509_V_OK);
}

TEST(TlsMaterial, ClientCertificateCarriesNameAndGroupsAndChainsToTheCa)
{
    const TlsMaterial material = generate();
    std::string error;
    const auto client = issueClientCertificate(material, material.caKeyPem, "jane",
                                               {"system:masters", "gantry:operators"}, &error);
    ASSERT_TRUE(client) << error;

    const X509Ptr certificate = certificateFromPem(client->certificatePem);
    ASSERT_TRUE(certificate);
    EXPECT_EQ(nameEntries(certificate.get(), NID_commonName), std::vector<std::string>{"jane"});
    EXPECT_EQ(nameEntries(certificate.get(), NID_organizationName),
              (std::vector<std::string>{"system:masters", "gantry:operators"}));
    EXPECT_EQ(X509_get_extended_key_usage(certificate.get()), static_cast<uint32_t>(XKU_SSL_CLIENT));
    EXPECT_EQ(verify(client->certificatePem, material.caCertificatePem, X509_PURPOSE_SSL_CLIENT), X509_V_OK);
    EXPECT_NE(verify(client->certificatePem, generate().caCertificatePem, X509_PURPOSE_SSL_CLIENT), X509_V_OK);

    const EvpPkeyPtr key = privateKeyFromPem(client->keyPem);
    ASSERT_TRUE(key);
    EXPECT_EQ(X509_check_private_key(certificate.get(), key.get()), 1);

    // The overload that takes the key from the material issues the same kind.
    const auto again = issueClientCertificate(material, "viewer", {}, &error);
    ASSERT_TRUE(again) << error;
    EXPECT_EQ(verify(again->certificatePem, material.caCertificatePem, X509_PURPOSE_SSL_CLIENT), X509_V_OK);
}

TEST(TlsMaterial, MutualTlsHandshakeIdentifiesTheClient)
{
    const TlsMaterial material = generate();
    std::string error;
    const auto issued = issueClientCertificate(material, "jane", {"system:masters"}, &error);
    ASSERT_TRUE(issued) << error;
    // The server owns the store from here on.
    LoopbackTlsServer server(material, greetPeer, storeTrusting(material.caCertificatePem).release());
    ASSERT_TRUE(server.isRunning());

    const X509Ptr certificate = certificateFromPem(issued->certificatePem);
    const EvpPkeyPtr key = privateKeyFromPem(issued->keyPem);
    httplib::SSLClient withCertificate("127.0.0.1", server.port(), certificate.get(), key.get());
    const httplib::Result accepted = getHello(withCertificate, material.caCertificatePem);
    ASSERT_TRUE(accepted) << httplib::to_string(accepted.error());
    EXPECT_EQ(accepted->body, "hello jane");

    httplib::SSLClient withoutCertificate("127.0.0.1", server.port());
    EXPECT_FALSE(getHello(withoutCertificate, material.caCertificatePem));
}

TEST(TlsMaterial, IssuingClientCertificatesFailsCleanlyOnBadCaInput)
{
    const TlsMaterial material = generate();
    const TlsMaterial other = generate();
    std::string error;

    TlsMaterial broken = material;
    broken.caCertificatePem = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
    EXPECT_FALSE(issueClientCertificate(broken, "jane", {}, &error));
    EXPECT_NE(error.find("CA certificate"), std::string::npos) << error;

    EXPECT_FALSE(issueClientCertificate(material, "garbage", "jane", {}, &error));
    EXPECT_NE(error.find("CA key"), std::string::npos) << error;

    EXPECT_FALSE(issueClientCertificate(material, other.caKeyPem, "jane", {}, &error));
    EXPECT_NE(error.find("does not belong"), std::string::npos) << error;

    EXPECT_FALSE(issueClientCertificate(material, "", {}, &error));
    EXPECT_FALSE(issueClientCertificate(material, std::string(100, 'x'), {}, &error));
    EXPECT_NE(error.find("cannot fill in the certificate: error:"), std::string::npos) << error;
    EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST(TlsMaterial, BadPemGivesNull)
{
    const TlsMaterial material = generate();
    EXPECT_FALSE(certificateFromPem(""));
    EXPECT_FALSE(certificateFromPem("not pem at all"));
    EXPECT_FALSE(certificateFromPem(material.serverCertificatePem.substr(0, material.serverCertificatePem.size() / 2)));
    EXPECT_FALSE(certificateFromPem(material.serverKeyPem));
    EXPECT_FALSE(privateKeyFromPem(""));
    EXPECT_FALSE(privateKeyFromPem(material.serverCertificatePem));
    EXPECT_FALSE(privateKeyFromPem(std::string("\0\xff\x01", 3)));
    EXPECT_TRUE(certificateFromPem(material.serverCertificatePem));
    EXPECT_TRUE(privateKeyFromPem(material.serverKeyPem));

    // An encrypted key must fail rather than prompt for a passphrase.
    const EvpPkeyPtr key = privateKeyFromPem(material.serverKeyPem);
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    static constexpr char passphrase[] = "secret";
    ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(bio.get(), key.get(), EVP_aes_128_cbc(), passphrase, 6, nullptr, nullptr),
              1);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    EXPECT_FALSE(privateKeyFromPem(std::string(data, static_cast<std::size_t>(size))));
    EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST(RandomToken, IsBase64UrlOf32BytesAndDiffersEachTime)
{
    const std::string first = randomToken();
    const std::string second = randomToken();
    EXPECT_EQ(first.size(), 43u);
    EXPECT_EQ(second.size(), 43u);
    for (const std::string &token : {first, second}) {
        EXPECT_TRUE(std::all_of(token.begin(), token.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        })) << "not base64url";
    }
    EXPECT_TRUE(first != second); // not EXPECT_NE, which would print them
}

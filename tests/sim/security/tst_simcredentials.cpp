// gantry-sim's credentials directory: tokens created when missing (owner only)
// and read back the same, the server's certificates saved and read back, and
// every malformed file refused with FILE:LINE.
#include "sim/security/simcredentials.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace gantry::sim;
namespace fs = std::filesystem;

namespace {

constexpr auto ownerOnlyFile = fs::perms::owner_read | fs::perms::owner_write;

class SimCredentialsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        char pattern[] = "/tmp/gantry-credentials-XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        m_parent = pattern;
    }
    void TearDown() override { fs::remove_all(m_parent); }

    std::string dir() const { return m_parent + "/state"; }
    std::string tokens() const { return dir() + "/tokens"; }
    std::string refusal(const std::string &text) const
    {
        fs::create_directories(dir());
        std::ofstream(tokens()) << text;
        std::string error;
        EXPECT_FALSE(loadOrCreateCredentials(dir(), &error));
        return error;
    }

    std::string m_parent;
};

} // namespace

TEST_F(SimCredentialsTest, CreatesThenReadsTheSameTokens)
{
    std::string error;
    const auto created = loadOrCreateCredentials(dir(), &error);
    ASSERT_TRUE(created) << error;
    EXPECT_GE(created->adminToken.size(), 40u);
    EXPECT_NE(created->adminToken, created->viewerToken);
    EXPECT_FALSE(created->tls);
    EXPECT_EQ(fs::status(dir()).permissions() & fs::perms::all, fs::perms::owner_all);
    EXPECT_EQ(fs::status(tokens()).permissions() & fs::perms::all, ownerOnlyFile);
    const auto again = loadOrCreateCredentials(dir(), &error);
    ASSERT_TRUE(again) << error;
    EXPECT_EQ(again->adminToken, created->adminToken);
    EXPECT_EQ(again->viewerToken, created->viewerToken);
}

TEST_F(SimCredentialsTest, KeepsTheServersIdentity)
{
    std::string error;
    ASSERT_TRUE(loadOrCreateCredentials(dir(), &error)) << error;
    const auto tls = generateTlsMaterial({"localhost"}, {"127.0.0.1"}, &error);
    ASSERT_TRUE(tls) << error;
    ASSERT_TRUE(saveServerIdentity(dir(), *tls, &error)) << error;
    EXPECT_EQ(fs::status(dir() + "/server.key").permissions() & fs::perms::all, ownerOnlyFile);
    EXPECT_FALSE(fs::exists(dir() + "/ca.key")) << "the CA's key never leaves the process";
    const auto read = loadOrCreateCredentials(dir(), &error);
    ASSERT_TRUE(read && read->tls) << error;
    EXPECT_EQ(read->tls->caCertificatePem, tls->caCertificatePem);
    EXPECT_EQ(read->tls->serverCertificatePem, tls->serverCertificatePem);
    EXPECT_EQ(read->tls->serverKeyPem, tls->serverKeyPem);

    std::ofstream(dir() + "/server.key") << "not a key\n";
    EXPECT_FALSE(loadOrCreateCredentials(dir(), &error));
    EXPECT_EQ(error, dir() + "/server.key: not a PEM private key");
    fs::remove(dir() + "/ca.crt");
    EXPECT_FALSE(loadOrCreateCredentials(dir(), &error));
    EXPECT_NE(error.find(dir() + "/ca.crt: cannot read"), std::string::npos) << error;
}

TEST_F(SimCredentialsTest, ReadsAHandWrittenTokensFileWithComments)
{
    fs::create_directories(dir());
    std::ofstream(tokens()) << "# for the soak\nviewer v-token\n\nadmin a-token\n";
    std::string error;
    const auto read = loadOrCreateCredentials(dir(), &error);
    ASSERT_TRUE(read) << error;
    EXPECT_EQ(read->adminToken, "a-token");
    EXPECT_EQ(read->viewerToken, "v-token");
}

TEST_F(SimCredentialsTest, RefusesWhatItCannotUnderstand)
{
    EXPECT_EQ(refusal("admin a\nviewer\n"), tokens() + ":2: expected \"admin <token>\" or \"viewer <token>\"");
    EXPECT_EQ(refusal("admin a b\n"), tokens() + ":1: expected \"admin <token>\" or \"viewer <token>\"");
    EXPECT_EQ(refusal("admin a\nroot b\n"), tokens() + ":2: unknown user \"root\" (admin or viewer)");
    EXPECT_EQ(refusal("admin a\n"), tokens() + ": needs a token for both admin and viewer");
    EXPECT_EQ(refusal("admin same\nviewer same\n"), tokens() + ": admin and viewer must have different tokens");
    EXPECT_EQ(refusal("admin t\xc3\xa9\nviewer v\n"), tokens() + ":1: the token has a character a bearer token cannot have");

    std::ofstream(m_parent + "/a-file") << "x";
    std::string error;
    EXPECT_FALSE(loadOrCreateCredentials(m_parent + "/a-file", &error));
    EXPECT_NE(error.find("cannot use as the credentials directory"), std::string::npos) << error;
}

#include "sim/security/kubeconfigwriter.h"
#include "sim/security/tlsmaterial.h"

#include "loopbacktlsserver.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace gantry::sim;
namespace fs = std::filesystem;

namespace {

// A fresh directory per test under the build's test output, removed afterwards.
class ScratchDirectory
{
public:
    ScratchDirectory()
    {
        const char *root = std::getenv("GANTRY_TEST_OUTPUT_DIR");
        std::string pattern = (root != nullptr ? fs::path(root) : fs::temp_directory_path()) / "kubeconfig-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("cannot create a scratch directory from " + pattern);
        m_path = pattern;
    }
    ScratchDirectory(const ScratchDirectory &) = delete;
    ScratchDirectory &operator=(const ScratchDirectory &) = delete;
    ~ScratchDirectory()
    {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }

    fs::path path() const { return m_path; }
    std::vector<std::string> entries() const
    {
        std::vector<std::string> names;
        for (const auto &entry : fs::directory_iterator(m_path))
            names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    fs::path m_path;
};

std::string shellQuoted(const std::string &text)
{
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string findKubectl()
{
    if (::access("/usr/bin/kubectl", X_OK) == 0)
        return "/usr/bin/kubectl";
    const char *path = std::getenv("PATH");
    std::stringstream directories(path != nullptr ? path : "");
    for (std::string directory; std::getline(directories, directory, ':');) {
        const std::string candidate = directory + "/kubectl";
        if (!directory.empty() && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return {};
}

struct CommandResult
{
    int exitCode = -1;
    std::string output; ///< standard output
    std::string errors; ///< standard error
};

// Runs kubectl with `arguments` (already shell-quoted) and collects what it says.
CommandResult runKubectl(const std::string &arguments, const ScratchDirectory &scratch)
{
    const std::string kubectl = findKubectl();
    if (kubectl.empty())
        throw std::runtime_error("kubectl was not found in /usr/bin or on PATH; these tests need the stock kubectl "
                                 "(install it, e.g. apt-get install kubectl) to check the kubeconfig is loadable");
    const fs::path errorsFile = scratch.path() / "kubectl.stderr";
    const std::string command = shellQuoted(kubectl) + ' ' + arguments + " 2>" + shellQuoted(errorsFile.string());
    CommandResult result;
    FILE *pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr)
        throw std::runtime_error("cannot run " + command);
    char buffer[4096];
    for (std::size_t read; (read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        result.output.append(buffer, read);
    const int status = ::pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream errors(errorsFile);
    result.errors.assign(std::istreambuf_iterator<char>(errors), {});
    fs::remove(errorsFile);
    return result;
}

nlohmann::json viewThroughKubectl(const fs::path &kubeconfig, const ScratchDirectory &scratch)
{
    const CommandResult result =
        runKubectl("config view --raw -o json --kubeconfig " + shellQuoted(kubeconfig.string()), scratch);
    if (result.exitCode != 0)
        throw std::runtime_error("kubectl config view failed: " + result.errors);
    return nlohmann::json::parse(result.output);
}

std::string base64Decoded(const std::string &encoded)
{
    std::string decoded(encoded.size() / 4 * 3, '\0');
    const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char *>(decoded.data()),
                                       reinterpret_cast<const unsigned char *>(encoded.data()),
                                       static_cast<int>(encoded.size()));
    if (length < 0)
        throw std::runtime_error("not base64");
    // EVP_DecodeBlock counts the padding as zero bytes.
    const auto padding = static_cast<std::size_t>(std::count(encoded.end() - std::min<std::size_t>(2, encoded.size()),
                                                             encoded.end(), '='));
    decoded.resize(static_cast<std::size_t>(length) - padding);
    return decoded;
}

const nlohmann::json &named(const nlohmann::json &list, const std::string &name)
{
    for (const nlohmann::json &item : list)
        if (item.at("name") == name)
            return item;
    throw std::runtime_error("no entry named " + name);
}

KubeconfigSpec httpsSpec(const std::string &caPem)
{
    KubeconfigSpec spec;
    spec.serverUrl = "https://127.0.0.1:39123";
    spec.caCertificatePem = caPem;
    spec.adminToken = "admin-test-token";
    spec.viewerToken = "viewer-test-token";
    spec.defaultNamespace = "gantry-demo";
    return spec;
}

TlsMaterial tlsMaterial()
{
    std::string error;
    const auto material = generateTlsMaterial({"localhost"}, {"127.0.0.1"}, &error);
    if (!material)
        throw std::runtime_error(error);
    return *material;
}

std::string caPem()
{
    return tlsMaterial().caCertificatePem;
}

// Says which of the spec's users presented its token.
void whoAmI(const httplib::Request &request, httplib::Response &response)
{
    const std::string authorization = request.get_header_value("Authorization");
    const std::string who = authorization == "Bearer admin-test-token"    ? "admin"
                            : authorization == "Bearer viewer-test-token" ? "viewer"
                                                                          : "";
    if (who.empty()) {
        response.status = 401;
        return;
    }
    response.set_content("{\"path\":\"" + request.path + "\",\"user\":\"" + who + "\"}", "application/json");
}

mode_t permissions(const fs::path &path)
{
    struct stat status{};
    if (::stat(path.c_str(), &status) != 0)
        throw std::runtime_error("cannot stat " + path.string());
    return status.st_mode & 07777;
}

} // namespace

TEST(KubeconfigWriter, KubectlSeesContextsServerTokensAndCa)
{
    ScratchDirectory scratch;
    const fs::path file = scratch.path() / "kubeconfig";
    const std::string ca = caPem();
    std::string error;
    ASSERT_TRUE(writeKubeconfig(file, httpsSpec(ca), &error)) << error;

    const nlohmann::json config = viewThroughKubectl(file, scratch);
    EXPECT_EQ(config.at("current-context"), "gantry-admin");
    const nlohmann::json &cluster = named(config.at("clusters"), "gantry-sim").at("cluster");
    EXPECT_EQ(cluster.at("server"), "https://127.0.0.1:39123");
    EXPECT_EQ(base64Decoded(cluster.at("certificate-authority-data")), ca);
    for (const std::string name : {"gantry-admin", "gantry-viewer"}) {
        const nlohmann::json &context = named(config.at("contexts"), name).at("context");
        EXPECT_EQ(context.at("cluster"), "gantry-sim");
        EXPECT_EQ(context.at("user"), name);
        EXPECT_EQ(context.at("namespace"), "gantry-demo");
    }
    EXPECT_EQ(named(config.at("users"), "gantry-admin").at("user").at("token"), "admin-test-token");
    EXPECT_EQ(named(config.at("users"), "gantry-viewer").at("user").at("token"), "viewer-test-token");
}

TEST(KubeconfigWriter, KubectlTrustsTheServerAndSendsEachContextsToken)
{
    const TlsMaterial material = tlsMaterial();
    gantry::sim::testsupport::LoopbackTlsServer server(material, whoAmI);
    ASSERT_TRUE(server.isRunning());
    ScratchDirectory scratch;
    const fs::path file = scratch.path() / "kubeconfig";
    KubeconfigSpec spec = httpsSpec(material.caCertificatePem);
    spec.serverUrl = "https://127.0.0.1:" + std::to_string(server.port());
    std::string error;
    ASSERT_TRUE(writeKubeconfig(file, spec, &error)) << error;

    const std::string kubeconfig = " --kubeconfig " + shellQuoted(file.string());
    const CommandResult admin = runKubectl("get --raw /hello --request-timeout=10s" + kubeconfig, scratch);
    ASSERT_EQ(admin.exitCode, 0) << admin.errors;
    EXPECT_EQ(nlohmann::json::parse(admin.output), (nlohmann::json{{"path", "/hello"}, {"user", "admin"}}));
    const CommandResult viewer =
        runKubectl("get --raw /hello --request-timeout=10s --context gantry-viewer" + kubeconfig, scratch);
    ASSERT_EQ(viewer.exitCode, 0) << viewer.errors;
    EXPECT_EQ(nlohmann::json::parse(viewer.output).at("user"), "viewer");

    // The same server is refused once the kubeconfig pins another CA.
    spec.caCertificatePem = caPem();
    ASSERT_TRUE(writeKubeconfig(file, spec, &error)) << error;
    const CommandResult untrusted = runKubectl("get --raw /hello --request-timeout=10s" + kubeconfig, scratch);
    EXPECT_NE(untrusted.exitCode, 0);
    EXPECT_NE(untrusted.errors.find("certificate"), std::string::npos) << untrusted.errors;
}

TEST(KubeconfigWriter, KubectlListsBothContexts)
{
    ScratchDirectory scratch;
    const fs::path file = scratch.path() / "kubeconfig";
    std::string error;
    KubeconfigSpec spec = httpsSpec(caPem());
    spec.currentContext = "gantry-viewer";
    ASSERT_TRUE(writeKubeconfig(file, spec, &error)) << error;

    const CommandResult contexts =
        runKubectl("--kubeconfig " + shellQuoted(file.string()) + " config get-contexts -o name", scratch);
    ASSERT_EQ(contexts.exitCode, 0) << contexts.errors;
    EXPECT_EQ(contexts.output, "gantry-admin\ngantry-viewer\n");

    const CommandResult current =
        runKubectl("--kubeconfig " + shellQuoted(file.string()) + " config current-context", scratch);
    ASSERT_EQ(current.exitCode, 0) << current.errors;
    EXPECT_EQ(current.output, "gantry-viewer\n");
}

TEST(KubeconfigWriter, PlainHttpServerGetsNoCaData)
{
    KubeconfigSpec spec = httpsSpec(caPem());
    spec.serverUrl = "HTTP://127.0.0.1:8080";
    EXPECT_EQ(renderKubeconfig(spec).find("certificate-authority-data"), std::string::npos);

    ScratchDirectory scratch;
    const fs::path file = scratch.path() / "kubeconfig";
    std::string error;
    ASSERT_TRUE(writeKubeconfig(file, spec, &error)) << error;
    const nlohmann::json cluster = named(viewThroughKubectl(file, scratch).at("clusters"), "gantry-sim").at("cluster");
    EXPECT_EQ(cluster.at("server"), "HTTP://127.0.0.1:8080");
    EXPECT_FALSE(cluster.contains("certificate-authority-data"));
}

TEST(KubeconfigWriter, AwkwardValuesRoundTripThroughKubectl)
{
    // Quotes, backslashes, YAML indicators, control characters, line separators
    // and non-ASCII must all come back exactly as given.
    const std::string awkward = "we\"ird\\ns: #not-a-comment\n\t- [x] {y} & *z "
                                "\x01\x7f \u00e9\u2028\u65e5 \xf0\x9f\x9a\x80";
    KubeconfigSpec spec = httpsSpec(caPem());
    spec.clusterName = awkward;
    spec.defaultNamespace = awkward + " ns";
    spec.serverUrl = "https://[::1]:6443/prefix?x=1#frag";

    ScratchDirectory scratch;
    const fs::path file = scratch.path() / "kubeconfig";
    std::string error;
    ASSERT_TRUE(writeKubeconfig(file, spec, &error)) << error;
    const nlohmann::json config = viewThroughKubectl(file, scratch);
    EXPECT_EQ(named(config.at("clusters"), awkward).at("cluster").at("server"), spec.serverUrl);
    const nlohmann::json &context = named(config.at("contexts"), "gantry-viewer").at("context");
    EXPECT_EQ(context.at("cluster"), awkward);
    EXPECT_EQ(context.at("namespace"), awkward + " ns");
}

TEST(KubeconfigWriter, InvalidUtf8BecomesReplacementCharacter)
{
    KubeconfigSpec spec = httpsSpec("");
    spec.defaultNamespace = "a\xff" "b\xc3";
    ScratchDirectory scratch;
    const fs::path file = scratch.path() / "kubeconfig";
    std::string error;
    ASSERT_TRUE(writeKubeconfig(file, spec, &error)) << error;
    const nlohmann::json config = viewThroughKubectl(file, scratch);
    EXPECT_EQ(named(config.at("contexts"), "gantry-admin").at("context").at("namespace"), "a\uFFFDb\uFFFD");
    EXPECT_FALSE(named(config.at("clusters"), "gantry-sim").at("cluster").contains("certificate-authority-data"));
}

TEST(KubeconfigWriter, EmptyTokenGivesUserWithoutCredentials)
{
    KubeconfigSpec spec = httpsSpec(caPem());
    spec.viewerToken.clear();
    ScratchDirectory scratch;
    const fs::path file = scratch.path() / "kubeconfig";
    std::string error;
    ASSERT_TRUE(writeKubeconfig(file, spec, &error)) << error;
    const nlohmann::json config = viewThroughKubectl(file, scratch);
    EXPECT_FALSE(named(config.at("users"), "gantry-viewer").at("user").contains("token"));
    EXPECT_EQ(named(config.at("users"), "gantry-admin").at("user").at("token"), "admin-test-token");
}

TEST(KubeconfigWriter, WrittenFileIsPrivateAndReplacesTheOldOneAtomically)
{
    ScratchDirectory scratch;
    const fs::path file = scratch.path() / "kubeconfig";
    {
        std::ofstream old(file);
        old << "old contents\n";
    }
    fs::permissions(file, fs::perms::all);
    // Even a permissive umask must not widen the mode.
    const mode_t previousMask = ::umask(0);
    const KubeconfigSpec spec = httpsSpec(caPem());
    std::string error;
    const bool written = writeKubeconfig(file, spec, &error);
    ::umask(previousMask);
    ASSERT_TRUE(written) << error;

    EXPECT_EQ(permissions(file), 0600u);
    std::ifstream in(file);
    const std::string contents{std::istreambuf_iterator<char>(in), {}};
    EXPECT_TRUE(contents == renderKubeconfig(spec)); // not EXPECT_EQ, which would print the tokens
    EXPECT_EQ(scratch.entries(), std::vector<std::string>{"kubeconfig"}) << "no temporary file may be left behind";
}

TEST(KubeconfigWriter, MissingDirectoryFailsNamingThePath)
{
    ScratchDirectory scratch;
    const std::string file = (scratch.path() / "missing" / "kubeconfig").string();
    std::string error;
    EXPECT_FALSE(writeKubeconfig(file, httpsSpec(caPem()), &error));
    EXPECT_NE(error.find(file), std::string::npos) << error;
    EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
    EXPECT_FALSE(writeKubeconfig("", httpsSpec(""), &error));
    EXPECT_FALSE(error.empty());
}

TEST(KubeconfigWriter, FailedReplaceLeavesNoTemporaryFile)
{
    ScratchDirectory scratch;
    const fs::path target = scratch.path() / "occupied";
    fs::create_directory(target);
    std::string error;
    EXPECT_FALSE(writeKubeconfig(target, httpsSpec(""), &error));
    EXPECT_NE(error.find(target.string()), std::string::npos) << error;
    EXPECT_EQ(scratch.entries(), std::vector<std::string>{"occupied"});
}

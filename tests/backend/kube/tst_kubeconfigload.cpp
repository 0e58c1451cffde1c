#include "backend/kube/kubeconfigloader.h"

#include "kubeconfigtestsupport.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

using namespace gantry::kube;
using gantry::kube::test::fixturePath;
using gantry::kube::test::readText;
using gantry::kube::test::TempDir;

namespace {

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

// Parses `yaml` as the file `config` in a fresh directory and returns the error message.
std::string parseError(const std::string &yaml, const std::string &name = "config")
{
    const KubeconfigResult<Kubeconfig> result = parseKubeconfig(yaml, "/tmp/gantry-tests/" + name);
    EXPECT_FALSE(result.ok()) << "expected an error for:\n" << yaml;
    return result.ok() ? std::string() : result.error().message;
}

} // namespace

// ---- the published kubeconfigs ------------------------------------------------

TEST(KubeconfigFixtures, AksConfigViewWithTrailingSpacesLoads)
{
    const std::string path = fixturePath("aks-kubectl-config-view-redacted-token.yaml");
    const KubeconfigResult<Kubeconfig> config = loadKubeconfigFile(path);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->currentContext, "k8scluster");
    ASSERT_EQ(config->clusters.count("k8scluster"), 1u);
    const KubeconfigCluster &cluster = config->clusters.at("k8scluster");
    EXPECT_EQ(cluster.server, "https://urlgoeshere:443");
    // "REDACTED" happens to be valid base64 (six bytes), so kubectl loads it too.
    EXPECT_EQ(cluster.certificateAuthorityData, std::string("\x44\x40\xc0\x09\x31\x03", 6));
    EXPECT_EQ(cluster.origin.file, path);
    EXPECT_EQ(cluster.origin.line, 3);
    const KubeconfigContext &context = config->contexts.at("k8scluster");
    EXPECT_EQ(context.cluster, "k8scluster");
    EXPECT_EQ(context.user, "clusterUser_k8scluster_k8scluster");
    EXPECT_EQ(context.namespaceName, "default");
    const KubeconfigUser &user = config->users.at("clusterUser_k8scluster_k8scluster");
    EXPECT_EQ(user.token, "12345678ABCDEFG");
    EXPECT_FALSE(user.clientCertificateData.empty());
    EXPECT_FALSE(user.clientKeyData.empty());
    EXPECT_FALSE(contains(config->describe(), "12345678ABCDEFG")) << config->describe();
}

TEST(KubeconfigFixtures, AzureKubeloginFragmentLoadsUsersOnly)
{
    const KubeconfigResult<Kubeconfig> config = loadKubeconfigFile(fixturePath("azure-kubelogin-exec-plugin.yaml"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_TRUE(config->clusters.empty());
    EXPECT_TRUE(config->contexts.empty());
    ASSERT_EQ(config->users.count("user-name"), 1u);
    const auto &exec = config->users.at("user-name").exec;
    ASSERT_TRUE(exec.has_value());
    EXPECT_EQ(exec->command, "kubelogin");
    EXPECT_EQ(exec->apiVersion, "client.authentication.k8s.io/v1beta1");
    ASSERT_EQ(exec->args.size(), 9u);
    EXPECT_EQ(exec->args[0], "get-token");
    EXPECT_EQ(exec->args[2], "AzurePublicCloud");
    EXPECT_EQ(exec->args[8], "<AAD tenant ID>");
    // v1beta1 plugins default to IfAvailable.
    EXPECT_EQ(exec->interactiveMode, "IfAvailable");
    // Plugin arguments can hold secrets (kubelogin takes --client-secret), so logs only count them.
    const std::string description = config->describe();
    EXPECT_TRUE(contains(description, "exec: kubelogin with 9 arguments")) << description;
    EXPECT_FALSE(contains(description, "AAD client app ID")) << description;
}

TEST(KubeconfigFixtures, EksTemplateFailsOnItsPlaceholderCaData)
{
    const std::string path = fixturePath("eks-aws-eks-get-token.tpl.yaml");
    const KubeconfigResult<Kubeconfig> config = loadKubeconfigFile(path);
    ASSERT_FALSE(config.ok());
    const std::string &message = config.error().message;
    EXPECT_TRUE(contains(message, "error loading config file \"" + path + "\"")) << message;
    EXPECT_TRUE(contains(message, "line 4, column 33")) << message;
    EXPECT_TRUE(contains(message, "certificate-authority-data of cluster \"${cluster_arn}\" is not valid base64"))
        << message;
    EXPECT_EQ(config.error().file, path);
    EXPECT_EQ(config.error().line, 4);
}

TEST(KubeconfigFixtures, EksTemplateLoadsOnceRendered)
{
    // Rendered the way Terraform would, the aws exec stanza is what remains to check.
    std::string text = readText(fixturePath("eks-aws-eks-get-token.tpl.yaml"));
    const auto replace = [&text](const std::string &from, const std::string &to) {
        for (std::size_t at; (at = text.find(from)) != std::string::npos;)
            text.replace(at, from.size(), to);
    };
    replace("${cluster_ca}", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==");
    replace("${cluster_endpoint}", "https://ABCD.gr7.us-east-1.eks.amazonaws.com");
    replace("${cluster_arn}", "arn:aws:eks:us-east-1:123456789012:cluster/serving");
    replace("${cluster_name}", "serving");
    const KubeconfigResult<Kubeconfig> config = parseKubeconfig(text, "/tmp/eks/config");
    ASSERT_TRUE(config.ok()) << config.error().message;
    const std::string arn = "arn:aws:eks:us-east-1:123456789012:cluster/serving";
    EXPECT_EQ(config->currentContext, arn);
    EXPECT_EQ(config->clusters.at(arn).server, "https://ABCD.gr7.us-east-1.eks.amazonaws.com");
    EXPECT_EQ(config->clusters.at(arn).certificateAuthorityData, "-----BEGIN CERTIFICATE-----\n");
    const auto &exec = config->users.at(arn).exec;
    ASSERT_TRUE(exec.has_value());
    EXPECT_EQ(exec->command, "aws"); // a bare name stays a PATH lookup
    EXPECT_EQ(exec->args, (std::vector<std::string>{"--region", "us-east-1", "eks", "get-token", "--cluster-name",
                                                    "serving", "--output", "json"}));
}

TEST(KubeconfigFixtures, GkeUsersStanzaLoads)
{
    const KubeconfigResult<Kubeconfig> config =
        loadKubeconfigFile(fixturePath("gke-gcloud-auth-plugin-users-stanza.excerpt.yaml"));
    ASSERT_TRUE(config.ok()) << config.error().message;
    const auto &exec = config->users.at("gke_xxx").exec;
    ASSERT_TRUE(exec.has_value());
    EXPECT_EQ(exec->command, "gke-gcloud-auth-plugin");
    EXPECT_TRUE(exec->args.empty()); // `args: null`
    EXPECT_TRUE(exec->env.empty());  // `env: null`
    EXPECT_EQ(exec->interactiveMode, "IfAvailable");
    EXPECT_TRUE(exec->provideClusterInfo);
    // The folded plain scalar joins its two lines with a space.
    EXPECT_EQ(exec->installHint, "Install gke-gcloud-auth-plugin for use with kubectl by following "
                                 "https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke");
    EXPECT_TRUE(config->contexts.empty());
}

TEST(KubeconfigFixtures, DocsMultiContextDemoLoadsWithResolvedPaths)
{
    const std::string path = fixturePath("k8s-docs-config-demo-multi-context.yaml");
    const std::string dir = std::filesystem::path(path).parent_path().lexically_normal().string();
    const KubeconfigResult<Kubeconfig> config = loadKubeconfigFile(path);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->currentContext, "");
    ASSERT_EQ(config->clusters.size(), 2u);
    EXPECT_EQ(config->clusters.at("development").server, "https://1.2.3.4");
    EXPECT_EQ(config->clusters.at("development").certificateAuthority, dir + "/fake-ca-file");
    EXPECT_EQ(config->clusters.at("test").server, "https://5.6.7.8");
    EXPECT_TRUE(config->clusters.at("test").insecureSkipTlsVerify);
    ASSERT_EQ(config->contexts.size(), 3u);
    EXPECT_EQ(config->contexts.at("dev-frontend").namespaceName, "frontend");
    EXPECT_EQ(config->contexts.at("dev-storage").namespaceName, "storage");
    EXPECT_EQ(config->contexts.at("exp-test").namespaceName, "default");
    EXPECT_EQ(config->contexts.at("exp-test").user, "experimenter");
    EXPECT_EQ(config->users.at("developer").clientCertificate, dir + "/fake-cert-file");
    EXPECT_EQ(config->users.at("developer").clientKey, dir + "/fake-key-file");
    EXPECT_EQ(config->users.at("experimenter").username, "exp");
    EXPECT_EQ(config->users.at("experimenter").password, "some-password");
    EXPECT_FALSE(contains(config->describe(), "some-password")) << config->describe();
}

TEST(KubeconfigFixtures, OpenShiftExcerptParsesDespiteTheCut)
{
    const std::string path = fixturePath("openshift-origin-1643-admin-kubeconfig.excerpt.yaml");
    const std::string dir = std::filesystem::path(path).parent_path().lexically_normal().string();
    const KubeconfigResult<Kubeconfig> config = loadKubeconfigFile(path);
    ASSERT_TRUE(config.ok()) << config.error().message;
    const KubeconfigCluster &cluster = config->clusters.at("172-19-17-143:8443");
    EXPECT_EQ(cluster.server, "https://172.19.17.143:8443");
    EXPECT_EQ(cluster.certificateAuthority, dir + "/ca.crt");
    ASSERT_EQ(config->contexts.size(), 3u);
    EXPECT_EQ(config->contexts.at("test/172-19-17-143:8443/test-admin").namespaceName, "test");
    EXPECT_EQ(config->contexts.at("/172-19-17-143:8443/test-admin").user, "test-admin/172-19-17-143:8443");
    EXPECT_TRUE(config->users.empty()); // the excerpt stops before users:
    EXPECT_EQ(config->currentContext, "te"); // cut mid-word in the source
    EXPECT_EQ(config->currentContextOrigin.line, 22);
}

// ---- malformed input -----------------------------------------------------------

TEST(KubeconfigLoad, BadYamlNamesFileLineAndColumn)
{
    const std::string message = parseError("apiVersion: v1\n"
                                           "clusters:\n"
                                           "- cluster:\n"
                                           "    server: https://a.example\n"
                                           "  name: a: b\n");
    EXPECT_EQ(message, "error loading config file \"/tmp/gantry-tests/config\": line 5, column 10: "
                       "invalid YAML: illegal map value");
}

TEST(KubeconfigLoad, BytesThatAreNotUtf8AreBadYaml)
{
    // They used to reach the exec plugin's cluster info, whose JSON could not be written (a crash on connect).
    const std::string message = parseError("clusters:\n- name: a\n  cluster: {server: \"https://h\xff.example\"}\n");
    EXPECT_EQ(message, "error loading config file \"/tmp/gantry-tests/config\": line 3, column 31: "
                       "invalid YAML: not UTF-8 text (byte 0xFF)");
    EXPECT_TRUE(contains(parseError("\xc3("), "line 1, column 1: invalid YAML: not UTF-8 text (byte 0xC3)"));
    // UTF-8 itself, and the escape that spells the same byte as a character, load.
    EXPECT_TRUE(parseKubeconfig("clusters:\n- name: caf\xc3\xa9\n  cluster: {server: \"https://h\\xff.example\"}\n",
                                "/tmp/gantry-tests/config"));
}

TEST(KubeconfigLoad, TabIndentationIsBadYaml)
{
    const std::string message = parseError("users:\n\t- name: x\n");
    EXPECT_TRUE(contains(message, "/tmp/gantry-tests/config")) << message;
    EXPECT_TRUE(contains(message, "line 2, column 2: invalid YAML")) << message;
}

TEST(KubeconfigLoad, TopLevelMustBeAMapping)
{
    const std::string message = parseError("- clusters\n- users\n");
    EXPECT_TRUE(contains(message, "\"/tmp/gantry-tests/config\": line 1, column 1: a kubeconfig must be a mapping"))
        << message;
    EXPECT_TRUE(contains(message, "got a list")) << message;
    EXPECT_TRUE(contains(parseError("just some text\n"), "got a single value"));
}

TEST(KubeconfigLoad, ClustersMustBeAList)
{
    const std::string message = parseError("clusters:\n  development:\n    server: https://a\n");
    EXPECT_TRUE(contains(message, "line 2, column 3: clusters must be a list, got a mapping")) << message;
}

TEST(KubeconfigLoad, BooleanFieldRejectsMaybe)
{
    const std::string yaml = "clusters:\n"
                             "- name: test\n"
                             "  cluster:\n"
                             "    server: https://5.6.7.8\n"
                             "    insecure-skip-tls-verify: \"maybe\"\n";
    EXPECT_EQ(parseError(yaml), "error loading config file \"/tmp/gantry-tests/config\": line 5, column 31: "
                                "insecure-skip-tls-verify of cluster \"test\" must be a boolean (true or false), "
                                "got the string \"maybe\" (remove the quotes)");
    const std::string quotedTrue = "clusters:\n- name: t\n  cluster:\n    insecure-skip-tls-verify: \"true\"\n";
    EXPECT_TRUE(contains(parseError(quotedTrue), "got the string \"true\" (remove the quotes)"));
    const std::string number = "clusters:\n- name: t\n  cluster:\n    disable-compression: 1\n";
    EXPECT_TRUE(contains(parseError(number), "disable-compression of cluster \"t\" must be a boolean (true or false), "
                                             "got the number 1"));
}

TEST(KubeconfigLoad, Yaml11BooleansAreBooleansAsInKubectl)
{
    const KubeconfigResult<Kubeconfig> config =
        parseKubeconfig("clusters:\n- name: a\n  cluster: {insecure-skip-tls-verify: yes, disable-compression: on}\n"
                        "- name: b\n  cluster: {insecure-skip-tls-verify: False}\n",
                        "/tmp/config");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_TRUE(config->clusters.at("a").insecureSkipTlsVerify);
    EXPECT_TRUE(config->clusters.at("a").disableCompression);
    EXPECT_FALSE(config->clusters.at("b").insecureSkipTlsVerify);
}

TEST(KubeconfigLoad, StringFieldRejectsNumbersAndLists)
{
    const std::string number = "clusters:\n- name: a\n  cluster:\n    server: 8443\n";
    EXPECT_TRUE(contains(parseError(number), "line 4, column 13: server of cluster \"a\" must be a string, got a "
                                             "number (quote it if it is meant as text)"));
    const std::string name = "contexts:\n- name: 2024\n  context: {}\n";
    EXPECT_TRUE(contains(parseError(name), "name of contexts[0] must be a string, got a number"));
    const std::string args = "users:\n- name: u\n  user:\n    exec:\n      command: x\n      args: --verbose\n";
    EXPECT_TRUE(contains(parseError(args), "exec.args of user \"u\" must be a list, got a string"));
}

TEST(KubeconfigLoad, SecretsNeverAppearInTypeErrors)
{
    const std::string listToken = "users:\n- name: u\n  user:\n    token: [s3cr3t-t0ken-text]\n";
    const std::string message = parseError(listToken);
    EXPECT_TRUE(contains(message, "token of user \"u\" must be a string, got a list")) << message;
    EXPECT_FALSE(contains(message, "s3cr3t")) << message;
    const std::string numericPassword = "users:\n- name: u\n  user:\n    password: 918273645\n";
    const std::string passwordMessage = parseError(numericPassword);
    EXPECT_TRUE(contains(passwordMessage, "password of user \"u\" must be a string")) << passwordMessage;
    EXPECT_FALSE(contains(passwordMessage, "918273645")) << passwordMessage;
}

TEST(KubeconfigLoad, BadBase64NamesFieldAndEntryButNotTheData)
{
    const std::string yaml = "users:\n"
                             "- name: admin\n"
                             "  user:\n"
                             "    client-certificate-data: LS0tLS1CRUdJTg==\n"
                             "    client-key-data: c2VjcmV0LWtleQ*=\n";
    const std::string message = parseError(yaml);
    EXPECT_EQ(message, "error loading config file \"/tmp/gantry-tests/config\": line 5, column 22: "
                       "client-key-data of user \"admin\" is not valid base64 (illegal base64 data at input byte "
                       "14); it must hold the base64 encoding of the PEM file");
    EXPECT_FALSE(contains(message, "c2VjcmV0")) << message;
}

TEST(KubeconfigLoad, EmptyAndCommentOnlyFilesAreEmptyConfigs)
{
    TempDir dir;
    for (const std::string &content : {std::string(), std::string("\n  \n"), std::string("# nothing yet\n")}) {
        const KubeconfigResult<Kubeconfig> config = loadKubeconfigFile(dir.write("config", content));
        ASSERT_TRUE(config.ok()) << config.error().message;
        EXPECT_TRUE(config->empty());
        EXPECT_EQ(config->loadedFiles, std::vector<std::string>{dir.file("config")});
    }
}

TEST(KubeconfigLoad, WrongKindOrApiVersionIsRejected)
{
    EXPECT_TRUE(contains(parseError("apiVersion: v1\nkind: Pod\n"),
                         "line 2, column 7: kind is \"Pod\", but a kubeconfig has kind: Config"));
    EXPECT_TRUE(contains(parseError("apiVersion: v2\nkind: Config\n"),
                         "apiVersion is \"v2\", but a kubeconfig has apiVersion: v1"));
}

TEST(KubeconfigLoad, DuplicateNameInOneFileIsAnError)
{
    const std::string yaml = "users:\n- name: u\n  user: {token: a}\n- name: u\n  user: {token: b}\n";
    EXPECT_TRUE(contains(parseError(yaml), "line 4, column 3: duplicate name \"u\" in users (first defined at line 2)"));
}

TEST(KubeconfigLoad, DirectoryInsteadOfFileIsUnreadable)
{
    TempDir dir;
    const KubeconfigResult<Kubeconfig> config = loadKubeconfigFile(dir.path());
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message,
              "error loading config file \"" + dir.path() + "\": cannot read the file: Is a directory");
}

TEST(KubeconfigLoad, MissingFileIsAnErrorWhenAskedForByName)
{
    const KubeconfigResult<Kubeconfig> config = loadKubeconfigFile("/nonexistent/gantry/config");
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message,
              "error loading config file \"/nonexistent/gantry/config\": cannot read the file: No such file or directory");
}

// ---- paths, exec and extensions -------------------------------------------------

TEST(KubeconfigLoad, RelativePathsResolveAgainstTheFilesDirectory)
{
    TempDir dir;
    const std::string path = dir.write("clusters/prod/config", "clusters:\n"
                                                               "- name: prod\n"
                                                               "  cluster:\n"
                                                               "    certificate-authority: ../ca/prod.crt\n"
                                                               "users:\n"
                                                               "- name: admin\n"
                                                               "  user:\n"
                                                               "    client-certificate: admin.crt\n"
                                                               "    client-key: /etc/gantry/admin.key\n"
                                                               "    tokenFile: ./token\n"
                                                               "- name: plugin\n"
                                                               "  user:\n"
                                                               "    exec:\n"
                                                               "      command: ./bin/get-token\n"
                                                               "      apiVersion: client.authentication.k8s.io/v1\n");
    const KubeconfigResult<Kubeconfig> config = loadKubeconfigFile(path);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->clusters.at("prod").certificateAuthority, dir.file("clusters/ca/prod.crt"));
    const KubeconfigUser &admin = config->users.at("admin");
    EXPECT_EQ(admin.clientCertificate, dir.file("clusters/prod/admin.crt"));
    EXPECT_EQ(admin.clientKey, "/etc/gantry/admin.key");
    EXPECT_EQ(admin.tokenFile, dir.file("clusters/prod/token"));
    EXPECT_EQ(config->users.at("plugin").exec->command, dir.file("clusters/prod/bin/get-token"));
    // v1 has no default interactive mode; resolving reports it.
    EXPECT_EQ(config->users.at("plugin").exec->interactiveMode, "");
}

TEST(KubeconfigLoad, ReadsEveryUserAndClusterField)
{
    const KubeconfigResult<Kubeconfig> config = parseKubeconfig(R"(
apiVersion: v1
kind: Config
current-context: gpu
clusters:
- name: gpu
  cluster:
    server: https://gpu.example:6443
    tls-server-name: api.gpu.internal
    proxy-url: socks5://127.0.0.1:1080
    disable-compression: true
    extensions:
    - name: client.authentication.k8s.io/exec
      extension:
        audience: gantry
        retries: 3
    - name: other
      extension: {ignored: true}
users:
- name: ops
  user:
    username: ops
    as: alice
    as-uid: "1001"
    as-groups: [sre, gpu-admins]
    as-user-extra:
      scopes: [view]
    auth-provider:
      name: oidc
      config: {id-token: not-kept}
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: gantry-login
      env:
      - name: REGION
        value: eu-west-1
      interactiveMode: Never
contexts:
- name: gpu
  context: {cluster: gpu, user: ops, namespace: serving}
)",
                                                                "/srv/kube/config");
    ASSERT_TRUE(config.ok()) << config.error().message;
    const KubeconfigCluster &cluster = config->clusters.at("gpu");
    EXPECT_EQ(cluster.tlsServerName, "api.gpu.internal");
    EXPECT_EQ(cluster.proxyUrl, "socks5://127.0.0.1:1080");
    EXPECT_TRUE(cluster.disableCompression);
    ASSERT_TRUE(cluster.execExtension.has_value());
    EXPECT_EQ(*cluster.execExtension, nlohmann::json({{"audience", "gantry"}, {"retries", 3}}));
    const KubeconfigUser &user = config->users.at("ops");
    EXPECT_EQ(user.impersonate, "alice");
    EXPECT_EQ(user.impersonateUid, "1001");
    EXPECT_EQ(user.impersonateGroups, (std::vector<std::string>{"sre", "gpu-admins"}));
    EXPECT_EQ(user.impersonateExtra.at("scopes"), std::vector<std::string>{"view"});
    EXPECT_EQ(user.authProvider, std::optional<std::string>("oidc"));
    ASSERT_TRUE(user.exec.has_value());
    ASSERT_EQ(user.exec->env.size(), 1u);
    EXPECT_EQ(user.exec->env[0].name, "REGION");
    EXPECT_EQ(user.exec->env[0].value, "eu-west-1");
    EXPECT_EQ(user.exec->interactiveMode, "Never");
    EXPECT_EQ(config->contexts.at("gpu").origin.describe(), "/srv/kube/config:39");
}

TEST(KubeconfigLoad, JsonKubeconfigLoads)
{
    const KubeconfigResult<Kubeconfig> config = parseKubeconfig(
        R"({"apiVersion":"v1","kind":"Config","clusters":[{"name":"c","cluster":{"server":"https://c:6443",
            "insecure-skip-tls-verify":true}}],"current-context":"c"})",
        "/tmp/config.json");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_TRUE(config->clusters.at("c").insecureSkipTlsVerify);
    EXPECT_EQ(config->currentContext, "c");
}

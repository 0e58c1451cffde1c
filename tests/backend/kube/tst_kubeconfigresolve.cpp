#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigresolver.h"

#include "kubeconfigtestsupport.h"

#include <gtest/gtest.h>

using namespace gantry::kube;
using gantry::kube::test::fixturePath;
using gantry::kube::test::TempDir;

namespace {

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

Kubeconfig parsed(const std::string &yaml, const std::string &path = "/srv/kube/config")
{
    KubeconfigResult<Kubeconfig> config = parseKubeconfig(yaml, path);
    EXPECT_TRUE(config.ok()) << config.error().message;
    return config.ok() ? std::move(config).value() : Kubeconfig();
}

Kubeconfig loaded(const std::string &path)
{
    KubeconfigResult<Kubeconfig> config = loadKubeconfigFile(path);
    EXPECT_TRUE(config.ok()) << config.error().message;
    return config.ok() ? std::move(config).value() : Kubeconfig();
}

std::string resolveError(const Kubeconfig &config, const std::string &context = {})
{
    const KubeconfigResult<ResolvedConnection> connection = resolveContext(config, context);
    EXPECT_FALSE(connection.ok());
    return connection.ok() ? std::string() : connection.error().message;
}

// One cluster "c" and one context "ctx" whose user "u" has `userBody` (YAML flow mapping).
std::string withUser(const std::string &userBody, const std::string &server = "https://c.example:6443")
{
    return "current-context: ctx\n"
           "clusters:\n- name: c\n  cluster: {server: \"" + server + "\"}\n"
           "contexts:\n- name: ctx\n  context: {cluster: c, user: u}\n"
           "users:\n- name: u\n  user: " + userBody + "\n";
}

} // namespace

// ---- the published kubeconfigs ------------------------------------------------

TEST(KubeconfigResolve, AksUsesTokenAndClientCertificateTogether)
{
    const Kubeconfig config = loaded(fixturePath("aks-kubectl-config-view-redacted-token.yaml"));
    const KubeconfigResult<ResolvedConnection> connection = resolveContext(config);
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    EXPECT_EQ(connection->contextName, "k8scluster");
    EXPECT_EQ(connection->server, "https://urlgoeshere:443");
    EXPECT_EQ(connection->namespaceName, "default");
    ASSERT_TRUE(std::holds_alternative<TokenAuth>(connection->auth));
    EXPECT_EQ(std::get<TokenAuth>(connection->auth).token, "12345678ABCDEFG");
    ASSERT_TRUE(connection->clientCertificate.has_value());
    EXPECT_EQ(connection->clientCertificate->certificatePem.size(), 6u);
    EXPECT_EQ(connection->caPem.size(), 6u);
    EXPECT_FALSE(contains(connection->describe(), "12345678ABCDEFG")) << connection->describe();
}

TEST(KubeconfigResolve, DocsDemoHasNoCurrentContext)
{
    const std::string path = fixturePath("k8s-docs-config-demo-multi-context.yaml");
    const Kubeconfig config = loaded(path);
    EXPECT_EQ(resolveError(config), "no context chosen: current-context is not set in " + path
                                        + "; choose one of: dev-frontend, dev-storage, exp-test");
}

TEST(KubeconfigResolve, DocsDemoBasicAuthContext)
{
    const Kubeconfig config = loaded(fixturePath("k8s-docs-config-demo-multi-context.yaml"));
    const KubeconfigResult<ResolvedConnection> connection = resolveContext(config, "exp-test");
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    EXPECT_EQ(connection->clusterName, "test");
    EXPECT_EQ(connection->server, "https://5.6.7.8");
    EXPECT_TRUE(connection->insecureSkipTlsVerify);
    EXPECT_EQ(connection->namespaceName, "default");
    ASSERT_TRUE(std::holds_alternative<BasicAuth>(connection->auth));
    EXPECT_EQ(std::get<BasicAuth>(connection->auth).username, "exp");
    EXPECT_EQ(std::get<BasicAuth>(connection->auth).password, "some-password");
    EXPECT_FALSE(contains(connection->describe(), "some-password")) << connection->describe();
}

TEST(KubeconfigResolve, DocsDemoCertificateFilesAreMissing)
{
    const std::string path = fixturePath("k8s-docs-config-demo-multi-context.yaml");
    const std::string dir = std::filesystem::path(path).parent_path().lexically_normal().string();
    const std::string message = resolveError(loaded(path), "dev-frontend");
    EXPECT_EQ(message, "invalid configuration: "
                       "unable to read certificate-authority " + dir + "/fake-ca-file for development: No such file "
                       "or directory (cluster \"development\" at " + path + ":3); "
                       "unable to read client-cert " + dir + "/fake-cert-file for developer: No such file or "
                       "directory (user \"developer\" at " + path + ":31); "
                       "unable to read client-key " + dir + "/fake-key-file for developer: No such file or "
                       "directory (user \"developer\" at " + path + ":31)");
}

TEST(KubeconfigResolve, OpenShiftExcerptCurrentContextWasCut)
{
    const std::string path = fixturePath("openshift-origin-1643-admin-kubeconfig.excerpt.yaml");
    const Kubeconfig config = loaded(path);
    const KubeconfigResult<ResolvedConnection> connection = resolveContext(config);
    ASSERT_FALSE(connection.ok());
    EXPECT_EQ(connection.error().message, "context \"te\" does not exist (current-context set at " + path + ":22)");
    EXPECT_EQ(connection.error().file, path);
    EXPECT_EQ(connection.error().line, 22);
}

TEST(KubeconfigResolve, OpenShiftExcerptHasNoUsers)
{
    const std::string path = fixturePath("openshift-origin-1643-admin-kubeconfig.excerpt.yaml");
    EXPECT_EQ(resolveError(loaded(path), "test/172-19-17-143:8443/test-admin"),
              "user \"test-admin/172-19-17-143:8443\" was not found for context "
              "\"test/172-19-17-143:8443/test-admin\" (context \"test/172-19-17-143:8443/test-admin\" at "
                  + path + ":17)");
}

TEST(KubeconfigResolve, UsersOnlyFragmentsHaveNoContext)
{
    const std::string path = fixturePath("gke-gcloud-auth-plugin-users-stanza.excerpt.yaml");
    EXPECT_EQ(resolveError(loaded(path)),
              "no context chosen: current-context is not set in " + path + ", which defines no contexts");
    const std::string azure = fixturePath("azure-kubelogin-exec-plugin.yaml");
    EXPECT_EQ(resolveError(loaded(azure), "user-name"),
              "context \"user-name\" does not exist (kubeconfig: " + azure + ")");
}

// ---- kubectl's checks -------------------------------------------------------------

TEST(KubeconfigResolve, UnknownContextOverride)
{
    const Kubeconfig config = parsed(withUser("{token: t}"));
    EXPECT_EQ(resolveError(config, "nope"), "context \"nope\" does not exist (kubeconfig: /srv/kube/config)");
}

TEST(KubeconfigResolve, ContextPointingAtMissingClusterAndUser)
{
    const Kubeconfig config = parsed("contexts:\n- name: ctx\n  context: {cluster: gone, user: ghost}\n");
    EXPECT_EQ(resolveError(config, "ctx"),
              "invalid configuration: cluster \"gone\" was not found for context \"ctx\" (context \"ctx\" at "
              "/srv/kube/config:2); user \"ghost\" was not found for context \"ctx\" (context \"ctx\" at "
              "/srv/kube/config:2)");
    const Kubeconfig noCluster = parsed("contexts:\n- name: ctx\n  context: {user: ghost}\nusers:\n- name: ghost\n");
    EXPECT_EQ(resolveError(noCluster, "ctx"),
              "cluster was not specified for context \"ctx\" (context \"ctx\" at /srv/kube/config:2)");
}

TEST(KubeconfigResolve, TwoAuthMethodsIsKubectlsError)
{
    const Kubeconfig config = parsed(withUser("{token: tok-3141592653, username: admin, password: pw-2718281828}"));
    const KubeconfigResult<ResolvedConnection> connection = resolveContext(config);
    ASSERT_FALSE(connection.ok());
    EXPECT_EQ(connection.error().message, "more than one authentication method found for u; found [token basicAuth], "
                                          "only one is allowed (user \"u\" at /srv/kube/config:9)");
    EXPECT_EQ(connection.error().file, "/srv/kube/config");
    EXPECT_EQ(connection.error().line, 9);
    EXPECT_FALSE(contains(connection.error().message, "3141592653"));
    EXPECT_FALSE(contains(connection.error().message, "2718281828"));
}

TEST(KubeconfigResolve, NoServer)
{
    const Kubeconfig config = parsed("current-context: ctx\nclusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: "
                                     "true}\ncontexts:\n- name: ctx\n  context: {cluster: c}\n");
    EXPECT_EQ(resolveError(config), "no server found for cluster \"c\" (cluster \"c\" at /srv/kube/config:3)");
}

TEST(KubeconfigResolve, EmptyConfig)
{
    Kubeconfig config;
    config.loadedFiles = {"/home/me/.kube/config"};
    EXPECT_EQ(resolveError(config), "no configuration has been provided (kubeconfig: /home/me/.kube/config)");
}

TEST(KubeconfigResolve, NamespaceDefaultsAndOverride)
{
    const Kubeconfig config = parsed("current-context: a\nclusters:\n- name: c\n  cluster: {server: https://c}\n"
                                     "contexts:\n- name: a\n  context: {cluster: c, namespace: serving}\n"
                                     "- name: b\n  context: {cluster: c}\n");
    EXPECT_EQ(resolveContext(config)->namespaceName, "serving");
    EXPECT_FALSE(resolveContext(config)->namespaceOverridden);
    EXPECT_EQ(resolveContext(config, "b")->namespaceName, "default");
    EXPECT_TRUE(std::holds_alternative<NoAuth>(resolveContext(config, "b")->auth)); // no user: anonymous
    const KubeconfigResult<ResolvedConnection> overridden = resolveContext(config, "", "kserve-test");
    EXPECT_EQ(overridden->namespaceName, "kserve-test");
    EXPECT_TRUE(overridden->namespaceOverridden);
    EXPECT_EQ(overridden->contextName, "a");
}

TEST(KubeconfigResolve, TokenWinsOverTokenFile)
{
    TempDir dir;
    const std::string token = dir.write("token", "file-token");
    const Kubeconfig both = parsed(withUser("{token: literal, tokenFile: token}"), dir.file("config"));
    ASSERT_TRUE(std::holds_alternative<TokenAuth>(resolveContext(both)->auth));
    const Kubeconfig fileOnly = parsed(withUser("{tokenFile: token}"), dir.file("config"));
    const KubeconfigResult<ResolvedConnection> connection = resolveContext(fileOnly);
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    ASSERT_TRUE(std::holds_alternative<TokenFileAuth>(connection->auth));
    EXPECT_EQ(std::get<TokenFileAuth>(connection->auth).path, token);

    const Kubeconfig missing = parsed(withUser("{tokenFile: gone}"), dir.file("config"));
    EXPECT_EQ(resolveError(missing), "unable to read tokenFile " + dir.file("gone") + " for u: No such file or "
                                     "directory (user \"u\" at " + dir.file("config") + ":9)");
}

TEST(KubeconfigResolve, CertificatesAndCaAreReadFromFilesBesideTheConfig)
{
    TempDir dir;
    dir.write("pki/ca.crt", "CA PEM");
    dir.write("pki/client.crt", "CLIENT PEM");
    dir.write("pki/client.key", "KEY PEM");
    const std::string path = dir.write("config", "current-context: ctx\n"
                                                 "clusters:\n- name: c\n  cluster:\n"
                                                 "    server: https://c:6443\n    certificate-authority: pki/ca.crt\n"
                                                 "    tls-server-name: api.internal\n"
                                                 "    proxy-url: http://proxy:3128\n"
                                                 "contexts:\n- name: ctx\n  context: {cluster: c, user: u}\n"
                                                 "users:\n- name: u\n  user:\n"
                                                 "    client-certificate: pki/client.crt\n"
                                                 "    client-key: pki/client.key\n");
    const KubeconfigResult<ResolvedConnection> connection = resolveContext(loaded(path));
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    EXPECT_EQ(connection->caPem, "CA PEM");
    EXPECT_EQ(connection->tlsServerName, "api.internal");
    EXPECT_EQ(connection->proxyUrl, "http://proxy:3128");
    ASSERT_TRUE(connection->clientCertificate.has_value());
    EXPECT_EQ(connection->clientCertificate->certificatePem, "CLIENT PEM");
    EXPECT_EQ(connection->clientCertificate->keyPem, "KEY PEM");
    EXPECT_TRUE(std::holds_alternative<NoAuth>(connection->auth));
    EXPECT_FALSE(contains(connection->describe(), "KEY PEM"));
}

TEST(KubeconfigResolve, ClientCertificateWithoutKey)
{
    const Kubeconfig config = parsed(withUser("{client-certificate-data: Q0VSVA==}"));
    EXPECT_EQ(resolveError(config), "client-key-data or client-key must be specified for u to use the clientCert "
                                    "authentication method. (user \"u\" at /srv/kube/config:9)");
}

TEST(KubeconfigResolve, CaDataAndFileTogetherAndInsecureWithCa)
{
    const Kubeconfig both = parsed("current-context: ctx\nclusters:\n- name: c\n  cluster: {server: https://c, "
                                   "certificate-authority: /dev/null, certificate-authority-data: Q0E=}\n"
                                   "contexts:\n- name: ctx\n  context: {cluster: c}\n");
    EXPECT_EQ(resolveError(both), "certificate-authority-data and certificate-authority are both specified for c. "
                                  "certificate-authority-data will override. (cluster \"c\" at /srv/kube/config:3)");
    const Kubeconfig insecure = parsed("current-context: ctx\nclusters:\n- name: c\n  cluster: {server: https://c, "
                                       "insecure-skip-tls-verify: true, certificate-authority-data: Q0E=}\n"
                                       "contexts:\n- name: ctx\n  context: {cluster: c}\n");
    EXPECT_EQ(resolveError(insecure), "specifying a root certificates file with the insecure flag is not allowed "
                                      "(cluster \"c\" at /srv/kube/config:3)");
}

TEST(KubeconfigResolve, ProxyUrlSchemeIsChecked)
{
    const Kubeconfig config = parsed("current-context: ctx\nclusters:\n- name: c\n  cluster: {server: https://c, "
                                     "proxy-url: \"proxy.corp:3128\"}\ncontexts:\n- name: ctx\n  context: {cluster: c}\n");
    EXPECT_EQ(resolveError(config), "invalid 'proxy-url' \"proxy.corp:3128\" for cluster \"c\": unsupported scheme "
                                    "\"proxy.corp\", must be http, https, or socks5 (cluster \"c\" at "
                                    "/srv/kube/config:3)");
}

TEST(KubeconfigResolve, ProxyCredentialsStayOutOfMessagesAndLogs)
{
    const Kubeconfig config = parsed("current-context: ctx\nclusters:\n- name: c\n  cluster: {server: https://c, "
                                     "proxy-url: \"ftp://svc:hunter2@proxy.corp:21\"}\n"
                                     "contexts:\n- name: ctx\n  context: {cluster: c}\n");
    const std::string message = resolveError(config);
    EXPECT_TRUE(contains(message, "invalid 'proxy-url' \"ftp://***@proxy.corp:21\"")) << message;
    EXPECT_FALSE(contains(message, "hunter2")) << message;
    EXPECT_FALSE(contains(config.describe(), "hunter2")) << config.describe();
    EXPECT_EQ(redactUrlCredentials("http://proxy:3128/x@y"), "http://proxy:3128/x@y");
}

TEST(KubeconfigResolve, ExecPluginWithClusterInfo)
{
    const Kubeconfig config = parsed("current-context: ctx\n"
                                     "clusters:\n- name: c\n  cluster:\n    server: https://c\n    extensions:\n"
                                     "    - name: client.authentication.k8s.io/exec\n      extension: {audience: x}\n"
                                     "contexts:\n- name: ctx\n  context: {cluster: c, user: u}\n"
                                     "users:\n- name: u\n  user:\n    exec:\n"
                                     "      apiVersion: client.authentication.k8s.io/v1\n"
                                     "      command: gke-gcloud-auth-plugin\n"
                                     "      interactiveMode: Never\n"
                                     "      provideClusterInfo: true\n"
                                     "      installHint: \"\\e[1mInstall it\\e[0m\"\n");
    const KubeconfigResult<ResolvedConnection> connection = resolveContext(config);
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    ASSERT_TRUE(std::holds_alternative<ExecAuth>(connection->auth));
    const ExecAuth &plugin = std::get<ExecAuth>(connection->auth);
    EXPECT_EQ(plugin.exec.command, "gke-gcloud-auth-plugin");
    EXPECT_EQ(plugin.interactiveMode, ExecInteractiveMode::Never);
    ASSERT_TRUE(plugin.clusterConfig.has_value());
    EXPECT_EQ((*plugin.clusterConfig)["audience"], "x");
    EXPECT_EQ(plugin.exec.installHint, "U+001B[1mInstall itU+001B[0m");
}

TEST(KubeconfigResolve, ExecV1NeedsInteractiveMode)
{
    const Kubeconfig config = parsed(withUser("{exec: {apiVersion: client.authentication.k8s.io/v1, command: x}}"));
    EXPECT_EQ(resolveError(config), "interactiveMode must be specified for u to use exec authentication plugin "
                                    "(user \"u\" at /srv/kube/config:9)");
    const Kubeconfig invalid =
        parsed(withUser("{exec: {apiVersion: client.authentication.k8s.io/v1, command: x, interactiveMode: Sometimes}}"));
    EXPECT_EQ(resolveError(invalid), "invalid interactiveMode for u: \"Sometimes\" (user \"u\" at /srv/kube/config:9)");
}

TEST(KubeconfigResolve, OtherCredentialsDisplaceTheExecPlugin)
{
    const std::string exec = "exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}";
    EXPECT_TRUE(std::holds_alternative<TokenAuth>(resolveContext(parsed(withUser("{token: t, " + exec + "}")))->auth));
    const KubeconfigResult<ResolvedConnection> withCertificate =
        resolveContext(parsed(withUser("{client-certificate-data: Q0VSVA==, client-key-data: S0VZ, " + exec + "}")));
    ASSERT_TRUE(withCertificate.ok()) << withCertificate.error().message;
    EXPECT_TRUE(std::holds_alternative<NoAuth>(withCertificate->auth));
    EXPECT_EQ(withCertificate->clientCertificate->certificatePem, "CERT");
}

TEST(KubeconfigResolve, PlainHttpServerGetsNoCredentials)
{
    const KubeconfigResult<ResolvedConnection> connection =
        resolveContext(parsed(withUser("{token: t}", "http://127.0.0.1:8080")));
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    EXPECT_TRUE(std::holds_alternative<NoAuth>(connection->auth));
}

TEST(KubeconfigResolve, Impersonation)
{
    const KubeconfigResult<ResolvedConnection> connection =
        resolveContext(parsed(withUser("{token: t, as: alice, as-groups: [sre]}")));
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    ASSERT_TRUE(connection->impersonation.has_value());
    EXPECT_EQ(connection->impersonation->user, "alice");
    EXPECT_EQ(connection->impersonation->groups, std::vector<std::string>{"sre"});
    EXPECT_EQ(resolveError(parsed(withUser("{token: t, as-groups: [sre]}"))),
              "requesting uid, groups or user-extra for u without impersonating a user (user \"u\" at "
              "/srv/kube/config:9)");
}

TEST(KubeconfigResolve, LegacyAuthProviderIsNamed)
{
    EXPECT_EQ(resolveError(parsed(withUser("{auth-provider: {name: gcp}}"))),
              "the \"gcp\" auth-provider of u is not supported (kubectl dropped its built-in providers); use an exec "
              "credential plugin such as kubelogin or gke-gcloud-auth-plugin (user \"u\" at /srv/kube/config:9)");
}

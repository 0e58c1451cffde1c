#include "backend/kube/kubeconfigincluster.h"
#include "backend/kube/kubeconfigresolver.h"
#include "backend/kube/kubeconfigsource.h"

#include "kubeconfigtestsupport.h"

#include <gtest/gtest.h>

using namespace gantry::kube;
using gantry::kube::test::TempDir;

namespace {

std::string oneContext(const std::string &name)
{
    return "current-context: " + name + "\n"
           "clusters:\n- name: " + name + "\n  cluster: {server: https://" + name + ".example}\n"
           "contexts:\n- name: " + name + "\n  context: {cluster: " + name + "}\n";
}

// An environment that sees nothing of the machine running the tests.
KubeconfigEnvironment isolated(const TempDir &dir)
{
    KubeconfigEnvironment environment;
    environment.homeDirectory = dir.file("home");
    environment.serviceAccountDirectory = dir.file("serviceaccount");
    return environment;
}

const char *caPem = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

void writeServiceAccount(const TempDir &dir, const std::string &namespaceText = "serving\n")
{
    dir.write("serviceaccount/token", "eyJhbGciOiJSUzI1NiJ9.sa-token");
    dir.write("serviceaccount/ca.crt", caPem);
    dir.write("serviceaccount/namespace", namespaceText);
}

} // namespace

TEST(KubeconfigSource, ExplicitPathDisablesMerging)
{
    TempDir dir;
    KubeconfigEnvironment environment = isolated(dir);
    const std::string a = dir.write("a", oneContext("a"));
    const std::string b = dir.write("b", oneContext("b"));
    const std::string explicitFile = dir.write("explicit", oneContext("explicit"));
    dir.write("home/.kube/config", oneContext("home"));
    environment.variables["KUBECONFIG"] = a + ":" + b;
    environment.explicitPath = explicitFile;

    const KubeconfigSource source = chooseKubeconfigSource(environment);
    EXPECT_EQ(source.kind, KubeconfigSource::Kind::ExplicitFile);
    EXPECT_EQ(source.describe(), "--kubeconfig " + explicitFile);
    const KubeconfigResult<Kubeconfig> config = loadKubeconfig(environment);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->loadedFiles, std::vector<std::string>{explicitFile});
    EXPECT_EQ(config->contexts.size(), 1u);
    EXPECT_EQ(config->currentContext, "explicit");
}

TEST(KubeconfigSource, ExplicitPathMustExist)
{
    TempDir dir;
    KubeconfigEnvironment environment = isolated(dir);
    environment.explicitPath = dir.file("typo-config");
    const KubeconfigResult<Kubeconfig> config = loadKubeconfig(environment);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message, "error loading config file \"" + dir.file("typo-config")
                                          + "\": cannot read the file: No such file or directory");
}

TEST(KubeconfigSource, KubeconfigVariableIsSplitOnColons)
{
    TempDir dir;
    KubeconfigEnvironment environment = isolated(dir);
    const std::string a = dir.write("a", oneContext("a"));
    const std::string b = dir.write("b", oneContext("b"));
    dir.write("home/.kube/config", oneContext("home"));
    environment.variables["KUBECONFIG"] = "::" + a + "::" + dir.file("missing") + ":" + b + ":" + a + ":";

    const KubeconfigSource source = chooseKubeconfigSource(environment);
    EXPECT_EQ(source.kind, KubeconfigSource::Kind::EnvironmentList);
    EXPECT_EQ(source.files, (std::vector<std::string>{a, dir.file("missing"), b}));
    const KubeconfigResult<Kubeconfig> config = loadKubeconfig(environment);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->currentContext, "a");
    EXPECT_EQ(config->contexts.size(), 2u); // a and b; the home file is not read
    EXPECT_EQ(config->missingFiles, std::vector<std::string>{dir.file("missing")});
}

TEST(KubeconfigSource, HomeFileWhenNothingElseIsGiven)
{
    TempDir dir;
    KubeconfigEnvironment environment = isolated(dir);
    const std::string home = dir.write("home/.kube/config", oneContext("home"));
    environment.variables["KUBECONFIG"] = ""; // set but empty counts as unset
    const KubeconfigSource source = chooseKubeconfigSource(environment);
    EXPECT_EQ(source.kind, KubeconfigSource::Kind::HomeFile);
    EXPECT_EQ(source.files, std::vector<std::string>{home});
    const KubeconfigResult<Kubeconfig> config = loadKubeconfig(environment);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->currentContext, "home");

    environment.homeDirectory.clear();
    EXPECT_EQ(chooseKubeconfigSource(environment).kind, KubeconfigSource::Kind::NoFile);
}

TEST(KubeconfigSource, NoKubeconfigAnywhereGivesAnEmptyConfig)
{
    TempDir dir;
    const KubeconfigEnvironment environment = isolated(dir);
    const KubeconfigResult<Kubeconfig> config = loadKubeconfig(environment);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_TRUE(config->empty());
    EXPECT_EQ(config->missingFiles, std::vector<std::string>{dir.file("home/.kube/config")});
    const KubeconfigResult<ResolvedConnection> connection = resolveContext(*config);
    ASSERT_FALSE(connection.ok());
    EXPECT_EQ(connection.error().message, "no configuration has been provided (kubeconfig: none found (looked for "
                                              + dir.file("home/.kube/config") + "))");
}

TEST(KubeconfigInCluster, UsedWhenNoKubeconfigDefinesAnything)
{
    TempDir dir;
    KubeconfigEnvironment environment = isolated(dir);
    writeServiceAccount(dir);
    environment.variables["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
    environment.variables["KUBERNETES_SERVICE_PORT"] = "443";
    ASSERT_TRUE(inClusterConfigPossible(environment));

    const KubeconfigResult<Kubeconfig> config = loadKubeconfig(environment);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_TRUE(config->inCluster);
    EXPECT_EQ(config->currentContext, inClusterEntryName);
    EXPECT_EQ(config->clusters.at(inClusterEntryName).server, "https://10.96.0.1:443");
    EXPECT_EQ(config->clusters.at(inClusterEntryName).certificateAuthority, dir.file("serviceaccount/ca.crt"));
    EXPECT_EQ(config->users.at(inClusterEntryName).tokenFile, dir.file("serviceaccount/token"));

    const KubeconfigResult<ResolvedConnection> connection = resolveContext(*config);
    ASSERT_TRUE(connection.ok()) << connection.error().message;
    EXPECT_TRUE(connection->inCluster);
    EXPECT_EQ(connection->namespaceName, "serving");
    EXPECT_EQ(connection->caPem, caPem);
    ASSERT_TRUE(std::holds_alternative<TokenFileAuth>(connection->auth));
    EXPECT_EQ(std::get<TokenFileAuth>(connection->auth).path, dir.file("serviceaccount/token"));
    EXPECT_EQ(connection->describe().find("sa-token"), std::string::npos);
}

TEST(KubeconfigInCluster, AKubeconfigWithContentWinsOverInCluster)
{
    TempDir dir;
    KubeconfigEnvironment environment = isolated(dir);
    writeServiceAccount(dir);
    dir.write("home/.kube/config", oneContext("home"));
    environment.variables["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
    environment.variables["KUBERNETES_SERVICE_PORT"] = "443";
    const KubeconfigResult<Kubeconfig> config = loadKubeconfig(environment);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_FALSE(config->inCluster);
    EXPECT_EQ(config->currentContext, "home");
}

TEST(KubeconfigInCluster, NeedsBothVariablesAndTheToken)
{
    TempDir dir;
    KubeconfigEnvironment environment = isolated(dir);
    writeServiceAccount(dir);
    environment.variables["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
    EXPECT_FALSE(inClusterConfigPossible(environment));
    const KubeconfigResult<Kubeconfig> config = loadInClusterConfig(environment);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message, "unable to load in-cluster configuration: KUBERNETES_SERVICE_HOST and "
                                      "KUBERNETES_SERVICE_PORT must be defined");

    environment.variables["KUBERNETES_SERVICE_PORT"] = "443";
    std::filesystem::remove(dir.file("serviceaccount/token"));
    EXPECT_FALSE(inClusterConfigPossible(environment));
    const KubeconfigResult<Kubeconfig> noToken = loadInClusterConfig(environment);
    ASSERT_FALSE(noToken.ok());
    EXPECT_EQ(noToken.error().message, "unable to load in-cluster configuration: cannot read the service-account token "
                                           + dir.file("serviceaccount/token") + ": No such file or directory");
    EXPECT_EQ(noToken.error().file, dir.file("serviceaccount/token"));
}

TEST(KubeconfigInCluster, NamespaceIpv6AndMissingCa)
{
    TempDir dir;
    KubeconfigEnvironment environment = isolated(dir);
    writeServiceAccount(dir, "  \n");
    dir.write("serviceaccount/ca.crt", "not a certificate");
    environment.variables["KUBERNETES_SERVICE_HOST"] = "fd00:10:96::1";
    environment.variables["KUBERNETES_SERVICE_PORT"] = "6443";
    KubeconfigResult<Kubeconfig> config = loadInClusterConfig(environment);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->clusters.at(inClusterEntryName).server, "https://[fd00:10:96::1]:6443");
    EXPECT_EQ(config->clusters.at(inClusterEntryName).certificateAuthority, ""); // client-go drops an unusable CA
    EXPECT_EQ(config->contexts.at(inClusterEntryName).namespaceName, "default");

    environment.variables["POD_NAMESPACE"] = "from-downward-api";
    config = loadInClusterConfig(environment);
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->contexts.at(inClusterEntryName).namespaceName, "from-downward-api");
}

TEST(KubeconfigSource, ProcessEnvironmentIsReadOnlyOnRequest)
{
    ::setenv("KUBECONFIG", "/from/the/process", 1);
    const KubeconfigEnvironment environment = KubeconfigEnvironment::fromProcess("/explicit");
    ::unsetenv("KUBECONFIG");
    EXPECT_EQ(environment.explicitPath, "/explicit");
    EXPECT_EQ(environment.variable("KUBECONFIG"), "/from/the/process");
    EXPECT_FALSE(environment.homeDirectory.empty());
    EXPECT_EQ(environment.serviceAccountDirectory, defaultServiceAccountDirectory);
}

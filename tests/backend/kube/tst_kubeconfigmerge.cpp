#include "backend/kube/kubeconfigmerge.h"

#include "kubeconfigtestsupport.h"

#include <gtest/gtest.h>

using namespace gantry::kube;
using gantry::kube::test::TempDir;

namespace {

// The Kubernetes docs' example of KUBECONFIG merging: red-user in two files.
const char *firstFile = R"(apiVersion: v1
kind: Config
current-context: ""
clusters:
- name: development
  cluster:
    server: https://dev.example:6443
    certificate-authority: ca/dev.crt
users:
- name: red-user
  user:
    token: red-token-from-first-file
contexts:
- name: dev
  context: {cluster: development, user: red-user, namespace: frontend}
)";

const char *secondFile = R"(apiVersion: v1
kind: Config
current-context: staging
clusters:
- name: development
  cluster:
    server: https://should-not-win.example
    insecure-skip-tls-verify: true
- name: staging
  cluster:
    server: https://staging.example:6443
users:
- name: red-user
  user:
    token: red-token-from-second-file
    username: not-merged
- name: blue-user
  user:
    client-certificate: blue.crt
    client-key: blue.key
contexts:
- name: staging
  context: {cluster: staging, user: blue-user}
)";

const char *thirdFile = R"(current-context: third
contexts:
- name: staging
  context: {cluster: nowhere}
- name: third
  context: {cluster: staging, user: blue-user, namespace: batch}
)";

} // namespace

TEST(KubeconfigMerge, FirstFileToDefineANameWinsWhole)
{
    TempDir dir;
    const std::string first = dir.write("a/config", firstFile);
    const std::string second = dir.write("b/config", secondFile);
    const KubeconfigResult<Kubeconfig> merged = loadKubeconfigMerged({first, second});
    ASSERT_TRUE(merged.ok()) << merged.error().message;

    const KubeconfigCluster &development = merged->clusters.at("development");
    EXPECT_EQ(development.server, "https://dev.example:6443");
    // Not even fields only the second file sets are merged into the first's entry.
    EXPECT_FALSE(development.insecureSkipTlsVerify);
    EXPECT_EQ(development.origin.file, first);

    const KubeconfigUser &red = merged->users.at("red-user");
    EXPECT_EQ(red.token, "red-token-from-first-file");
    EXPECT_EQ(red.username, "");
    EXPECT_EQ(red.origin.file, first);

    // Names only the later file defines are added.
    EXPECT_EQ(merged->clusters.at("staging").server, "https://staging.example:6443");
    EXPECT_EQ(merged->users.at("blue-user").origin.file, second);
    EXPECT_EQ(merged->contexts.size(), 2u);
    EXPECT_EQ(merged->loadedFiles, (std::vector<std::string>{first, second}));
}

TEST(KubeconfigMerge, FirstNonEmptyCurrentContextWins)
{
    TempDir dir;
    const std::string first = dir.write("a/config", firstFile); // current-context: ""
    const std::string second = dir.write("b/config", secondFile);
    const std::string third = dir.write("c/config", thirdFile);
    const KubeconfigResult<Kubeconfig> merged = loadKubeconfigMerged({first, second, third});
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    EXPECT_EQ(merged->currentContext, "staging");
    EXPECT_EQ(merged->currentContextOrigin.file, second);
    // The third file's "staging" context loses to the second's; its "third" is new.
    EXPECT_EQ(merged->contexts.at("staging").cluster, "staging");
    EXPECT_EQ(merged->contexts.at("third").namespaceName, "batch");

    const KubeconfigResult<Kubeconfig> reversed = loadKubeconfigMerged({third, second, first});
    ASSERT_TRUE(reversed.ok()) << reversed.error().message;
    EXPECT_EQ(reversed->currentContext, "third");
    EXPECT_EQ(reversed->contexts.at("staging").cluster, "nowhere");
    EXPECT_EQ(reversed->users.at("red-user").token, "red-token-from-second-file");
}

TEST(KubeconfigMerge, RelativePathsResolveAgainstTheDefiningFile)
{
    TempDir dir;
    const std::string first = dir.write("a/config", firstFile);
    const std::string second = dir.write("b/config", secondFile);
    const KubeconfigResult<Kubeconfig> merged = loadKubeconfigMerged({first, second});
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    EXPECT_EQ(merged->clusters.at("development").certificateAuthority, dir.file("a/ca/dev.crt"));
    EXPECT_EQ(merged->users.at("blue-user").clientCertificate, dir.file("b/blue.crt"));
    EXPECT_EQ(merged->users.at("blue-user").clientKey, dir.file("b/blue.key"));
}

TEST(KubeconfigMerge, MissingFilesAndEmptyEntriesAreSkipped)
{
    TempDir dir;
    const std::string second = dir.write("b/config", secondFile);
    const std::string missing = dir.file("nope/config");
    const KubeconfigResult<Kubeconfig> merged = loadKubeconfigMerged({"", missing, second, ""});
    ASSERT_TRUE(merged.ok()) << merged.error().message;
    EXPECT_EQ(merged->loadedFiles, std::vector<std::string>{second});
    EXPECT_EQ(merged->missingFiles, std::vector<std::string>{missing});
    EXPECT_EQ(merged->currentContext, "staging");

    const KubeconfigResult<Kubeconfig> none = loadKubeconfigMerged({missing});
    ASSERT_TRUE(none.ok()) << none.error().message;
    EXPECT_TRUE(none->empty());
    EXPECT_EQ(none->filesForMessage(), "none found (looked for " + missing + ")");
}

TEST(KubeconfigMerge, InvalidLaterFileFailsTheMergeNamingThatFile)
{
    TempDir dir;
    const std::string first = dir.write("a/config", firstFile);
    const std::string broken = dir.write("b/config", "clusters:\n- name: x\n  cluster:\n    server: [oops\n");
    const KubeconfigResult<Kubeconfig> merged = loadKubeconfigMerged({first, broken});
    ASSERT_FALSE(merged.ok());
    EXPECT_NE(merged.error().message.find("error loading config file \"" + broken + "\": line "), std::string::npos)
        << merged.error().message;
    EXPECT_EQ(merged.error().file, broken);
}

TEST(KubeconfigMerge, UnreadableEntryIsAnErrorNotASkip)
{
    TempDir dir;
    const std::string first = dir.write("a/config", firstFile);
    const std::string directory = dir.file("a");
    const KubeconfigResult<Kubeconfig> merged = loadKubeconfigMerged({first, directory});
    ASSERT_FALSE(merged.ok());
    EXPECT_EQ(merged.error().message,
              "error loading config file \"" + directory + "\": cannot read the file: Is a directory");
}

TEST(KubeconfigMerge, MergingInMemoryKeepsPrecedence)
{
    Kubeconfig first;
    first.users["u"].token = "first";
    Kubeconfig second;
    second.users["u"].token = "second";
    second.users["v"].username = "v";
    second.currentContext = "c";
    const Kubeconfig merged = mergeKubeconfigs({first, second});
    EXPECT_EQ(merged.users.at("u").token, "first");
    EXPECT_EQ(merged.users.at("v").username, "v");
    EXPECT_EQ(merged.currentContext, "c");
}

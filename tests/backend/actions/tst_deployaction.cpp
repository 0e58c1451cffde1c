// Deploying against gantry-sim: a form becomes an InferenceService that the
// observer follows to Ready; bad input never leaves the process; the server's
// own refusals (422, 403) come back in its words; every outcome is audited.

#include "actionsimtest.h"

#include "backend/actions/deployaction.h"
#include "backend/actions/deployobserver.h"

#include <sys/stat.h>

using namespace gantry::actions;
using gantry::actions::test::ActionSimTest;
using nlohmann::json;

namespace {

DeploySpec llamaSpec(const std::string &name = "llama")
{
    DeploySpec spec;
    spec.name = name;
    spec.storageUri = "pvc://models/llama-3.1-8b";
    spec.gpus = 1;
    spec.maxModelLen = 8192;
    spec.scaling.minReplicas = 1;
    spec.scaling.maxReplicas = 2;
    return spec;
}

const gantry::kube::ResourceRef kServices { "serving.kserve.io", "v1beta1", "inferenceservices", "default", {}, {} };

class DeployActionTest : public ActionSimTest { };

TEST_F(DeployActionTest, AFormBecomesAnInferenceServiceTheObserverFollowsToReady)
{
    const ActionContext admin = context();
    const auto created = DeployAction(admin).deploy(llamaSpec());
    ASSERT_TRUE(created) << created.error().message();
    EXPECT_FALSE((*created)["metadata"]["uid"].get<std::string>().empty());

    const auto stored = admin.client->get(kServices.named("llama"));
    ASSERT_TRUE(stored) << stored.error().summary();
    const json &model = (*stored)["spec"]["predictor"]["model"];
    EXPECT_EQ(model["storageUri"], "pvc://models/llama-3.1-8b");
    EXPECT_EQ(model["args"], json::array({ "--max-model-len=8192" }));
    EXPECT_EQ(model["resources"]["limits"]["nvidia.com/gpu"], "1");
    EXPECT_EQ((*stored)["spec"]["predictor"]["maxReplicas"], 2);
    EXPECT_EQ((*stored)["metadata"]["annotations"]["serving.kserve.io/deploymentMode"], "Knative");
    EXPECT_FALSE((*stored)["metadata"]["annotations"].contains("serving.kserve.io/autoscalerClass"))
        << "unset settings are dropped, not sent as null";

    DeployObserver observer(admin.client, "default", "llama");
    auto progress = observer.poll();
    ASSERT_TRUE(progress) << progress.error().summary();
    EXPECT_FALSE(progress->finished()) << progress->summary;

    factory().runFor(150);
    std::vector<DeployProgress> seen;
    progress = observer.follow(
        [&](const DeployProgress &p) { seen.push_back(p); }, std::chrono::milliseconds(10), std::chrono::seconds(5));
    ASSERT_TRUE(progress) << progress.error().summary();
    EXPECT_EQ(progress->state, DeployProgress::State::Ready) << progress->summary;
    EXPECT_EQ(progress->readyReplicas, 1);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].summary, "ready: 1/1 replicas ready");

    // The same verdict from the console's store, filled the way the informers fill it.
    gantry::kube::ObjectStore store;
    store.reconcile(gantry::kube::ObjectKind::InferenceService,
        { std::make_shared<const gantry::kube::CompactObject>(
            gantry::kube::extractInferenceService(*admin.client->get(kServices.named("llama")))) });
    std::vector<gantry::kube::CompactPtr> pods;
    for (const json &pod : (*admin.client->list({ "", "v1", "pods", "default", {}, {} }))["items"])
        pods.push_back(std::make_shared<const gantry::kube::CompactObject>(gantry::kube::extractPod(pod)));
    store.reconcile(gantry::kube::ObjectKind::Pod, pods);
    const DeployProgress fromStore = DeployObserver::fromStore(store, "default", "llama");
    EXPECT_EQ(fromStore.state, DeployProgress::State::Ready) << fromStore.summary;
    EXPECT_EQ(DeployObserver::fromStore(store, "default", "other").state, DeployProgress::State::NotFound);

    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["verb"], "deploy");
    EXPECT_EQ(lines[0]["context"], "gantry-admin");
    EXPECT_EQ(
        lines[0]["object"], json({ { "kind", "InferenceService" }, { "namespace", "default" }, { "name", "llama" } }));
    EXPECT_EQ(lines[0]["result"], "applied");
    EXPECT_EQ(lines[0]["dryRun"], false);
    EXPECT_NE(lines[0]["summary"].get<std::string>().find("pvc://models/llama-3.1-8b"), std::string::npos);
}

TEST_F(DeployActionTest, AnUnplaceableReplicaIsReportedAsWaitingForCapacity)
{
    DeploySpec spec = llamaSpec("huge");
    spec.gpus = 16; // valid per replica, but the nodes have 8
    const ActionContext admin = context();
    ASSERT_TRUE(DeployAction(admin).deploy(spec));
    factory().runFor(10);
    const auto progress = DeployObserver(admin.client, "default", "huge").poll();
    ASSERT_TRUE(progress) << progress.error().summary();
    EXPECT_EQ(progress->state, DeployProgress::State::Progressing) << progress->summary;
    EXPECT_TRUE(progress->waitingForCapacity) << progress->summary;
    EXPECT_EQ(progress->reason, "FailedScheduling");
    ASSERT_FALSE(progress->podProblems.empty());
    EXPECT_NE(progress->message.find("nvidia.com/gpu"), std::string::npos) << progress->message;
}

TEST_F(DeployActionTest, ABadUriIsRefusedLocallyAndNothingIsSent)
{
    DeploySpec spec = llamaSpec();
    spec.storageUri = "ftp://models/llama";
    const std::uint64_t before = writes();
    const auto result = DeployAction(context()).deploy(spec);
    EXPECT_EQ(writes(), before);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind(), ActionError::Kind::Invalid);
    ASSERT_EQ(result.error().problems().size(), 1u);
    EXPECT_EQ(result.error().problems()[0].field, "spec.predictor.model.storageUri");
    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["result"].get<std::string>().rfind("invalid: spec.predictor.model.storageUri: ", 0), 0u)
        << lines[0]["result"];
}

TEST_F(DeployActionTest, BrokenYamlIsRefusedWithItsLineAndColumn)
{
    const std::uint64_t before = writes();
    const auto result = DeployAction(context()).deployYaml("apiVersion: serving.kserve.io/v1beta1\nkind: [\n");
    EXPECT_EQ(writes(), before);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind(), ActionError::Kind::Invalid);
    EXPECT_NE(result.error().message().find("line 3, column 1"), std::string::npos) << result.error().message();
}

TEST_F(DeployActionTest, WhatOnlyTheServerChecksComesBackWithItsCause)
{
    // A label value with a space: Gantry does not judge labels, the API server does.
    const std::string yaml = R"(apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: labelled
  labels:
    team: two words
spec:
  predictor:
    model:
      modelFormat: {name: vLLM}
      storageUri: pvc://models/llama-3.1-8b
)";
    const ActionContext admin = context();
    const auto result = DeployAction(admin).deployYaml(yaml);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind(), ActionError::Kind::ServerInvalid) << result.error().message();
    EXPECT_NE(result.error().message().find("metadata.labels: Invalid value: \"two words\""), std::string::npos)
        << result.error().message();
    ASSERT_FALSE(result.error().problems().empty());
    EXPECT_EQ(result.error().problems()[0].field, "metadata.labels");
    EXPECT_TRUE(admin.client->get(kServices.named("labelled")).error().isNotFound());
    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["dryRun"], true) << "refused by the server's dry-run";
    EXPECT_NE(lines[0]["result"].get<std::string>().find("invalid: the server refused"), std::string::npos);
}

TEST_F(DeployActionTest, TheViewerIsForbiddenInWords)
{
    const auto result = DeployAction(context("gantry-viewer")).deploy(llamaSpec());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind(), ActionError::Kind::Forbidden);
    EXPECT_NE(
        result.error().message().find("does not allow the current user the deploy of InferenceService default/llama"),
        std::string::npos)
        << result.error().message();
    EXPECT_NE(result.error().message().find("cannot create resource \"inferenceservices\""), std::string::npos)
        << result.error().message();
    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["context"], "gantry-viewer");
    EXPECT_EQ(lines[0]["result"].get<std::string>().rfind("forbidden: ", 0), 0u);
}

TEST_F(DeployActionTest, AReadOnlyClientSendsNothingAndSaysSo)
{
    const std::uint64_t before = writes();
    const auto result = DeployAction(context("gantry-admin", /*readOnly=*/true)).deploy(llamaSpec());
    EXPECT_EQ(writes(), before);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind(), ActionError::Kind::ReadOnly);
    EXPECT_NE(result.error().message().find("read-only"), std::string::npos);
    const auto lines = auditLines();
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["result"].get<std::string>().rfind("read-only: Gantry runs read-only", 0), 0u) << lines[0];
}

TEST_F(DeployActionTest, TheAuditLogHoldsNoCredentials)
{
    const std::string kubeconfig = fileText(kubeconfigPath());
    const std::string adminToken = simulator().access().adminToken();
    const std::string viewerToken = simulator().access().viewerToken();
    ASSERT_NE(kubeconfig.find(adminToken), std::string::npos) << "the kubeconfig holds the token";

    ActionContext admin = context();
    admin.user = gantry::actions::currentUserName(*admin.client);
    EXPECT_FALSE(admin.user.empty()) << "SelfSubjectReview names the user";
    ASSERT_TRUE(DeployAction(admin).deploy(llamaSpec()));
    EXPECT_FALSE(DeployAction(admin).deploy(llamaSpec())) << "AlreadyExists";
    EXPECT_FALSE(DeployAction(context("gantry-viewer")).deploy(llamaSpec("other")));
    EXPECT_FALSE(DeployAction(context("gantry-admin", true)).deploy(llamaSpec("third")));

    const std::string audit = fileText(dataDir() + "/audit.jsonl");
    EXPECT_EQ(auditLines().size(), 4u);
    EXPECT_EQ(auditLines()[0]["user"], admin.user);
    EXPECT_EQ(audit.find(adminToken), std::string::npos);
    EXPECT_EQ(audit.find(viewerToken), std::string::npos);
    struct stat info { };
    ASSERT_EQ(::stat((dataDir() + "/audit.jsonl").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
}

} // namespace

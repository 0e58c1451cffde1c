// The stock kubectl, with default flags, against gantry-sim over TLS through the
// kubeconfig gantry-sim writes. If kubectl accepts this server, so will the
// console's client, and the fidelity is checked by a tool nobody here wrote.
#include "simfixture.h"

#include "sim/api/resourcetype.h"

#include <nlohmann/json.hpp>

#include <thread>

using namespace gantry::test;
using nlohmann::json;

namespace {

const char *podManifest = R"(apiVersion: v1
kind: Pod
metadata:
  name: %NAME%
  namespace: default
  labels:
    app: vllm
    tier: %TIER%
spec:
  nodeName: gpu-node-1
  containers:
  - name: kserve-container
    image: vllm/vllm-openai:v0.8.5
)";

std::string pod(const std::string &name, const std::string &tier)
{
    std::string text = podManifest;
    text.replace(text.find("%NAME%"), 6, name);
    text.replace(text.find("%TIER%"), 6, tier);
    return text;
}

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class Kubectl : public SimulatorTest
{
};

TEST_F(Kubectl, VersionAndDiscoveryWork)
{
    const auto version = kubectl({"version", "-o", "json"});
    EXPECT_KUBECTL_OK(version);
    EXPECT_EQ(json::parse(version.out)["serverVersion"]["minor"], "32");

    const auto resources = kubectl({"api-resources"});
    EXPECT_KUBECTL_OK(resources);
    EXPECT_TRUE(contains(resources.out, "inferenceservices")) << resources.out;
    EXPECT_TRUE(contains(resources.out, "isvc")) << resources.out;
    EXPECT_TRUE(contains(resources.out, "machinesets")) << resources.out;
    EXPECT_TRUE(contains(resources.out, "localmodelcaches")) << resources.out;
}

TEST_F(Kubectl, CreateGetAndListPodsWithSelectors)
{
    EXPECT_KUBECTL_OK(kubectl({"create", "-f", "-"}, pod("vllm-a", "gold")));
    EXPECT_KUBECTL_OK(kubectl({"create", "-f", "-"}, pod("vllm-b", "silver")));

    const auto asJson = kubectl({"get", "pod", "vllm-a", "-o", "json"});
    EXPECT_KUBECTL_OK(asJson);
    const json object = json::parse(asJson.out);
    EXPECT_EQ(object["metadata"]["labels"]["tier"], "gold");
    EXPECT_FALSE(object["metadata"]["uid"].get<std::string>().empty());

    const auto asYaml = kubectl({"get", "pod", "vllm-b", "-o", "yaml"});
    EXPECT_KUBECTL_OK(asYaml);
    EXPECT_TRUE(contains(asYaml.out, "name: vllm-b")) << asYaml.out;

    const auto wide = kubectl({"get", "pods", "-o", "wide"});
    EXPECT_KUBECTL_OK(wide);
    EXPECT_TRUE(contains(wide.out, "vllm-a") && contains(wide.out, "vllm-b")) << wide.out;

    const auto allNamespaces = kubectl({"get", "pods", "-A"});
    EXPECT_KUBECTL_OK(allNamespaces);
    EXPECT_TRUE(contains(allNamespaces.out, "default")) << allNamespaces.out;

    const auto byLabel = kubectl({"get", "pods", "-l", "tier in (gold)", "-o", "name"});
    EXPECT_KUBECTL_OK(byLabel);
    EXPECT_EQ(byLabel.out, "pod/vllm-a\n");

    const auto notLabel = kubectl({"get", "pods", "-l", "tier!=gold,app", "-o", "name"});
    EXPECT_KUBECTL_OK(notLabel);
    EXPECT_EQ(notLabel.out, "pod/vllm-b\n");

    const auto byField = kubectl({"get", "pods", "--field-selector", "metadata.name=vllm-b", "-o", "name"});
    EXPECT_KUBECTL_OK(byField);
    EXPECT_EQ(byField.out, "pod/vllm-b\n");

    const auto byNode = kubectl({"get", "pods", "--field-selector", "spec.nodeName=gpu-node-1", "-o", "name"});
    EXPECT_KUBECTL_OK(byNode);
    EXPECT_EQ(byNode.out, "pod/vllm-a\npod/vllm-b\n");

    // --chunk-size forces limit/continue paging through both pods.
    const auto paged = kubectl({"get", "pods", "--chunk-size=1", "-o", "name"});
    EXPECT_KUBECTL_OK(paged);
    EXPECT_EQ(paged.out, "pod/vllm-a\npod/vllm-b\n");
}

TEST_F(Kubectl, DescribeShowsThePodAndItsEvents)
{
    EXPECT_KUBECTL_OK(kubectl({"create", "-f", "-"}, pod("vllm-a", "gold")));
    const auto uid = json::parse(kubectl({"get", "pod", "vllm-a", "-o", "json"}).out)["metadata"]["uid"];
    const json event = {
        {"apiVersion", "v1"},
        {"kind", "Event"},
        {"metadata", {{"name", "vllm-a.1"}, {"namespace", "default"}}},
        {"involvedObject", {{"kind", "Pod"}, {"name", "vllm-a"}, {"namespace", "default"}, {"uid", uid}}},
        {"reason", "Pulling"},
        {"message", "Pulling image \"vllm/vllm-openai:v0.8.5\""},
        {"type", "Normal"},
        {"source", {{"component", "kubelet"}, {"host", "gpu-node-1"}}},
        {"firstTimestamp", "2026-11-23T10:00:00Z"},
        {"lastTimestamp", "2026-11-23T10:00:00Z"},
        {"count", 1}};
    EXPECT_KUBECTL_OK(kubectl({"create", "-f", "-"}, event.dump()));

    const auto described = kubectl({"describe", "pod", "vllm-a"});
    EXPECT_KUBECTL_OK(described);
    EXPECT_TRUE(contains(described.out, "Name:")) << described.out;
    EXPECT_TRUE(contains(described.out, "kserve-container")) << described.out;
    EXPECT_TRUE(contains(described.out, "Pulling image")) << described.out;
}

TEST_F(Kubectl, InferenceServiceLifecycle)
{
    const std::string manifest = fixturePath("isvc/kserve-sample-hf-llama2-gpu.yaml");
    EXPECT_KUBECTL_OK(kubectl({"create", "-f", manifest}));
    const auto listed = kubectl({"get", "isvc", "-o", "name"});
    EXPECT_KUBECTL_OK(listed);
    EXPECT_EQ(listed.out, "inferenceservice.serving.kserve.io/huggingface-llama2\n");

    const auto again = kubectl({"create", "-f", manifest});
    EXPECT_NE(again.exitCode, 0);
    EXPECT_TRUE(contains(again.err, "AlreadyExists")) << again.err;

    EXPECT_KUBECTL_OK(kubectl({"annotate", "isvc", "huggingface-llama2", "autoscaling.knative.dev/target=4"}));
    EXPECT_KUBECTL_OK(kubectl({"label", "isvc", "huggingface-llama2", "team=research"}));
    EXPECT_KUBECTL_OK(
        kubectl({"patch", "isvc", "huggingface-llama2", "--type", "merge", "-p", R"({"spec":{"predictor":{"minReplicas":2}}})"}));
    EXPECT_KUBECTL_OK(kubectl({"patch", "isvc", "huggingface-llama2", "--type", "json", "-p",
                               R"([{"op":"replace","path":"/spec/predictor/model/storageUri","value":"pvc://models/llama2"}])"}));

    const json object = json::parse(kubectl({"get", "isvc", "huggingface-llama2", "-o", "json"}).out);
    EXPECT_EQ(object["metadata"]["annotations"]["autoscaling.knative.dev/target"], "4");
    EXPECT_EQ(object["metadata"]["labels"]["team"], "research");
    EXPECT_EQ(object["spec"]["predictor"]["minReplicas"], 2);
    EXPECT_EQ(object["spec"]["predictor"]["model"]["storageUri"], "pvc://models/llama2");
    EXPECT_EQ(object["metadata"]["generation"], 3) << "two spec changes after creation";

    // kubectl's default patch type is strategic, which custom resources refuse.
    const auto strategic = kubectl({"patch", "isvc", "huggingface-llama2", "-p", R"({"spec":{}})"});
    EXPECT_NE(strategic.exitCode, 0);
    EXPECT_TRUE(contains(strategic.err, "UnsupportedMediaType") || contains(strategic.err, "unknown format"))
        << strategic.err;

    const auto deleted = kubectl({"delete", "isvc", "huggingface-llama2", "--wait"});
    EXPECT_KUBECTL_OK(deleted);
    EXPECT_TRUE(contains(deleted.out, "deleted")) << deleted.out;
    const auto gone = kubectl({"get", "isvc", "huggingface-llama2"});
    EXPECT_NE(gone.exitCode, 0);
    EXPECT_TRUE(contains(gone.err, "NotFound") && contains(gone.err, "not found")) << gone.err;
}

TEST_F(Kubectl, ApplyCreatesThenChanges)
{
    std::string manifest = R"(apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: qwen
  annotations:
    serving.kserve.io/deploymentMode: Knative
spec:
  predictor:
    minReplicas: 1
    model:
      modelFormat:
        name: huggingface
      storageUri: hf://Qwen/Qwen2.5-7B-Instruct
)";
    const auto first = kubectl({"apply", "-f", "-"}, manifest);
    EXPECT_KUBECTL_OK(first);
    EXPECT_TRUE(contains(first.out, "created")) << first.out;

    manifest.replace(manifest.find("minReplicas: 1"), 14, "minReplicas: 3");
    const auto second = kubectl({"apply", "-f", "-"}, manifest);
    EXPECT_KUBECTL_OK(second);
    EXPECT_TRUE(contains(second.out, "configured")) << second.out;

    const json object = json::parse(kubectl({"get", "isvc", "qwen", "-o", "json"}).out);
    EXPECT_EQ(object["spec"]["predictor"]["minReplicas"], 3);
    EXPECT_TRUE(object["metadata"]["annotations"].contains("kubectl.kubernetes.io/last-applied-configuration"));

    const auto unchanged = kubectl({"apply", "-f", "-"}, manifest);
    EXPECT_KUBECTL_OK(unchanged);
    EXPECT_TRUE(contains(unchanged.out, "unchanged")) << unchanged.out;
}

TEST_F(Kubectl, ServerDryRunStoresNothing)
{
    const auto dry = kubectl({"create", "-f", "-", "--dry-run=server"}, pod("ghost", "gold"));
    EXPECT_KUBECTL_OK(dry);
    EXPECT_TRUE(contains(dry.out, "server dry run")) << dry.out;
    const auto get = kubectl({"get", "pod", "ghost"});
    EXPECT_NE(get.exitCode, 0);

    EXPECT_KUBECTL_OK(kubectl({"create", "-f", "-"}, pod("real", "gold")));
    EXPECT_KUBECTL_OK(kubectl({"label", "pod", "real", "tier=bronze", "--overwrite", "--dry-run=server"}));
    EXPECT_KUBECTL_OK(kubectl({"delete", "pod", "real", "--dry-run=server"}));
    const json object = json::parse(kubectl({"get", "pod", "real", "-o", "json"}).out);
    EXPECT_EQ(object["metadata"]["labels"]["tier"], "gold");
}

TEST_F(Kubectl, WatchSeesAddedModifiedDeleted)
{
    EXPECT_KUBECTL_OK(kubectl({"create", "-f", "-"}, pod("watched", "gold")));
    auto environment = kubectlEnvironment();
    BackgroundProcess watch({"kubectl", "get", "pods", "-w", "--output-watch-events"}, environment);
    // Wait until the initial listing has arrived before changing anything.
    for (int i = 0; i < 100 && !contains(watch.output(), "watched"); ++i)
        watch.drain(std::chrono::milliseconds(100));
    EXPECT_KUBECTL_OK(kubectl({"label", "pod", "watched", "tier=bronze", "--overwrite"}));
    EXPECT_KUBECTL_OK(kubectl({"create", "-f", "-"}, pod("second", "gold")));
    EXPECT_KUBECTL_OK(kubectl({"delete", "pod", "watched"}));
    for (int i = 0; i < 100 && !contains(watch.output(), "DELETED"); ++i)
        watch.drain(std::chrono::milliseconds(100));
    const ProcessResult result = watch.stop();
    // kubectl prints one row per event: "EVENT  NAME  AGE".
    EXPECT_TRUE(contains(result.out, "ADDED") && contains(result.out, "watched")) << result.out << result.err;
    EXPECT_TRUE(contains(result.out, "MODIFIED")) << result.out;
    EXPECT_TRUE(contains(result.out, "second")) << result.out;
    EXPECT_TRUE(contains(result.out, "DELETED")) << result.out;
}

TEST_F(Kubectl, LogsPrintTheContainerLog)
{
    EXPECT_KUBECTL_OK(kubectl({"create", "-f", "-"}, pod("vllm-a", "gold")));
    simulator().logs().append("default", "vllm-a", "kserve-container",
                              "INFO 11-23 10:00:05 [api_server.py:946] vLLM API server version 0.8.5");
    simulator().logs().append("default", "vllm-a", "kserve-container",
                              "INFO 11-23 10:01:10 [default_loader.py:397] Loading weights took 26.93 seconds");
    const auto logs = kubectl({"logs", "vllm-a"});
    EXPECT_KUBECTL_OK(logs);
    EXPECT_EQ(logs.out,
              "INFO 11-23 10:00:05 [api_server.py:946] vLLM API server version 0.8.5\n"
              "INFO 11-23 10:01:10 [default_loader.py:397] Loading weights took 26.93 seconds\n");
    const auto tail = kubectl({"logs", "vllm-a", "--tail=1"});
    EXPECT_KUBECTL_OK(tail);
    EXPECT_TRUE(contains(tail.out, "Loading weights") && !contains(tail.out, "API server version")) << tail.out;

    BackgroundProcess follow({"kubectl", "logs", "-f", "vllm-a"}, kubectlEnvironment());
    for (int i = 0; i < 100 && !contains(follow.output(), "Loading weights"); ++i)
        follow.drain(std::chrono::milliseconds(100));
    simulator().logs().append("default", "vllm-a", "kserve-container", "INFO:     Application startup complete.");
    for (int i = 0; i < 100 && !contains(follow.output(), "startup complete"); ++i)
        follow.drain(std::chrono::milliseconds(100));
    EXPECT_TRUE(contains(follow.stop().out, "Application startup complete.")) << follow.output();
}

TEST_F(Kubectl, AuthCanIAnswersForBothContexts)
{
    const auto admin = kubectl({"auth", "can-i", "patch", "inferenceservices"});
    EXPECT_KUBECTL_OK(admin);
    EXPECT_EQ(admin.out, "yes\n");
    const auto viewerRead = kubectl({"--context", "gantry-viewer", "auth", "can-i", "list", "pods"});
    EXPECT_EQ(viewerRead.out, "yes\n");
    const auto viewerWrite = kubectl({"--context", "gantry-viewer", "auth", "can-i", "create", "jobs"});
    EXPECT_EQ(viewerWrite.out, "no\n");
    EXPECT_NE(viewerWrite.exitCode, 0);
}

TEST_F(Kubectl, ViewerIsRefusedWritesWithTheNormalForbiddenMessage)
{
    EXPECT_KUBECTL_OK(kubectl({"create", "-f", "-"}, pod("vllm-a", "gold")));
    const auto read = kubectl({"--context", "gantry-viewer", "get", "pods", "-o", "name"});
    EXPECT_KUBECTL_OK(read);
    EXPECT_EQ(read.out, "pod/vllm-a\n");

    const auto write = kubectl({"--context", "gantry-viewer", "delete", "pod", "vllm-a"});
    EXPECT_NE(write.exitCode, 0);
    EXPECT_TRUE(contains(write.err, "Error from server (Forbidden): pods \"vllm-a\" is forbidden: User "
                                    "\"gantry-viewer\" cannot delete resource \"pods\" in API group \"\" in the "
                                    "namespace \"default\""))
        << write.err;
    const auto create = kubectl({"--context", "gantry-viewer", "create", "-f", "-"}, pod("other", "gold"));
    EXPECT_NE(create.exitCode, 0);
    EXPECT_TRUE(contains(create.err, "Forbidden")) << create.err;
    EXPECT_EQ(kubectl({"get", "pods", "-o", "name"}).out, "pod/vllm-a\n");
}

TEST_F(Kubectl, BadTokenIsUnauthorized)
{
    const auto result = kubectl({"--token", "not-a-real-token", "get", "pods"});
    EXPECT_NE(result.exitCode, 0);
    EXPECT_TRUE(contains(result.err, "You must be logged in to the server")) << result.err;
}

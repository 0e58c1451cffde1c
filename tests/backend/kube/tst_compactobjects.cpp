// Extraction of compact objects from real published API objects (tests/fixtures)
// and from hand-made broken ones: the right fields, and never a throw.

#include "backend/core/yamljson.h"
#include "backend/kube/compactobjects.h"
#include "backend/kube/compactobjectsjson.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

using namespace gantry::kube;

namespace {

nlohmann::json fixture(const std::string &relative)
{
    const char *root = std::getenv("GANTRY_FIXTURES_DIR");
    std::ifstream in(std::string(root ? root : GANTRY_SOURCE_FIXTURES_DIR) + "/" + relative);
    std::ostringstream text;
    text << in.rdbuf();
    const gantry::YamlDocumentsResult parsed = gantry::yamlDocumentsToJson(text.str());
    EXPECT_TRUE(parsed.error.empty()) << relative << ": " << parsed.error;
    EXPECT_FALSE(parsed.documents.empty()) << relative;
    return parsed.documents.empty() ? nlohmann::json() : parsed.documents.back();
}

TEST(CompactObjects, PodFromARunningPod)
{
    const CompactPod pod = extractPod(fixture("pods/holmesgpt-frontend-service-running.pod.yaml"));
    EXPECT_EQ(pod.meta.uid, "cfbbc782-ee67-4367-829c-886e99aa3533");
    EXPECT_EQ(pod.meta.namespaceName, "default");
    EXPECT_EQ(pod.meta.name, "frontend-service");
    EXPECT_EQ(pod.meta.resourceVersion, "1240309");
    EXPECT_EQ(pod.meta.creationTimestamp, "2025-05-29T08:46:14Z");
    EXPECT_EQ(pod.nodeName, "kind-double-node-worker");
    EXPECT_EQ(pod.phase, "Running");
    EXPECT_EQ(pod.startTime, "2025-05-29T08:46:14Z");
    ASSERT_TRUE(pod.conditions.contains("Ready"));
    EXPECT_EQ(pod.conditions.at("Ready").status, "True");
    EXPECT_EQ(pod.conditions.at("Ready").lastTransitionTime, "2025-05-29T08:46:31Z");
    EXPECT_EQ(pod.conditions.size(), 5u);
    EXPECT_EQ(pod.gpuRequest, 0);
    ASSERT_EQ(pod.containers.size(), 1u);
    EXPECT_EQ(pod.containers[0].name, "stress");
    EXPECT_EQ(pod.containers[0].state, "running");
    EXPECT_EQ(pod.containers[0].startedAt, "2025-05-29T08:46:30Z");
    EXPECT_TRUE(pod.containers[0].ready);
    EXPECT_TRUE(pod.initContainers.empty());
}

TEST(CompactObjects, PodOwnerIsTheController)
{
    const CompactPod pod = extractPod(fixture("pods/k8s-docs-nginx-deployment-running.pod.yaml"));
    EXPECT_EQ(pod.meta.ownerKind, "ReplicaSet");
    EXPECT_EQ(pod.meta.ownerName, "nginx-deployment-67d4bdd6f5");
    EXPECT_EQ(pod.meta.ownerUid, "7d41dfd4-84c0-4be4-88ab-cedbe626ad82");
}

TEST(CompactObjects, PodKServeLabelsGpusAndTerminatedInitContainer)
{
    const nlohmann::json object = {
        {"metadata",
         {{"uid", "u1"},
          {"labels", {{"serving.kserve.io/inferenceservice", "llama"}, {"component", "predictor"}}}}},
        {"spec",
         {{"initContainers", {{{"resources", {{"limits", {{"nvidia.com/gpu", "1"}}}}}}}},
          {"containers",
           {{{"resources", {{"requests", {{"nvidia.com/gpu", 2}}}}}}, {{"resources", {{"limits", {{"nvidia.com/gpu", "1"}}}}}}}}}},
        {"status",
         {{"initContainerStatuses",
           {{{"name", "storage-initializer"},
             {"restartCount", 1},
             {"state",
              {{"terminated",
                {{"exitCode", 0}, {"reason", "Completed"}, {"startedAt", "2025-01-01T00:00:01Z"},
                 {"finishedAt", "2025-01-01T00:00:09Z"}}}}}}}}}}};
    const CompactPod pod = extractPod(object);
    EXPECT_EQ(pod.inferenceService, "llama");
    EXPECT_EQ(pod.component, "predictor");
    EXPECT_EQ(pod.gpuRequest, 3);
    ASSERT_EQ(pod.initContainers.size(), 1u);
    const CompactContainerState &init = pod.initContainers[0];
    EXPECT_EQ(init.state, "terminated");
    EXPECT_EQ(init.reason, "Completed");
    EXPECT_EQ(init.exitCode, 0);
    EXPECT_EQ(init.restartCount, 1);
    EXPECT_EQ(init.finishedAt, "2025-01-01T00:00:09Z");
}

TEST(CompactObjects, NodeGpusFromAFixture)
{
    const CompactNode node = extractNode(fixture("nodes/podman-desktop-7778-gpu-node-status.fragment.yaml"));
    EXPECT_EQ(node.gpuAllocatable, 1);
    EXPECT_EQ(node.gpuCapacity, 1);
}

TEST(CompactObjects, NodeLabelsReadyTaints)
{
    const nlohmann::json object = {
        {"metadata",
         {{"name", "gpu-1"},
          {"labels",
           {{"nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"}, {"nvidia.com/gpu.count", "8"},
            {"karpenter.sh/nodepool", "h100"}}}}},
        {"spec", {{"unschedulable", true}, {"taints", {{{"key", "nvidia.com/gpu"}, {"effect", "NoSchedule"}}}}}},
        {"status",
         {{"capacity", {{"nvidia.com/gpu", "8"}}},
          {"conditions", {{{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", "2025-01-01T00:00:00Z"}}}}}}};
    const CompactNode node = extractNode(object);
    EXPECT_EQ(node.pool, "h100");
    EXPECT_EQ(node.gpuProduct, "NVIDIA-H100-80GB-HBM3");
    EXPECT_EQ(node.gpuCountLabel, "8");
    EXPECT_EQ(node.gpuCapacity, 8);
    EXPECT_EQ(node.ready, "True");
    EXPECT_TRUE(node.unschedulable);
    EXPECT_EQ(node.taintKeys, std::vector<std::string>{"nvidia.com/gpu"});
}

TEST(CompactObjects, InferenceServiceFromAFixture)
{
    const CompactInferenceService service = extractInferenceService(fixture("isvc/kserve-sample-hf-llama2-gpu.yaml"));
    EXPECT_EQ(service.meta.name, "huggingface-llama2");
    EXPECT_EQ(service.storageUri, "hf://meta-llama/Llama-2-7b-chat-hf");
    EXPECT_EQ(service.modelFormat, "huggingface");
    EXPECT_EQ(service.gpuLimit, 1);
    EXPECT_FALSE(service.minReplicas.has_value());
}

// REFERENCE.md §7: series.lastObservedTime → lastTimestamp → eventTime → firstTimestamp → creationTimestamp.
TEST(CompactObjects, EventTimestampFallbackOrder)
{
    nlohmann::json event = {{"metadata", {{"creationTimestamp", "2025-01-01T00:00:05Z"}}},
                            {"firstTimestamp", "2025-01-01T00:00:04Z"},
                            {"eventTime", "2025-01-01T00:00:03.123456Z"},
                            {"lastTimestamp", "2025-01-01T00:00:02Z"},
                            {"series", {{"lastObservedTime", "2025-01-01T00:00:01.000001Z"}}},
                            {"involvedObject", {{"kind", "Pod"}, {"namespace", "ml"}, {"name", "p"}, {"uid", "u"}}},
                            {"reason", "Pulled"},
                            {"type", "Normal"},
                            {"count", 3},
                            {"source", {{"component", "kubelet"}}}};
    const std::vector<std::string> expected = {"2025-01-01T00:00:01.000001Z", "2025-01-01T00:00:02Z",
                                               "2025-01-01T00:00:03.123456Z", "2025-01-01T00:00:04Z",
                                               "2025-01-01T00:00:05Z"};
    const std::vector<std::function<void()>> drop = {
        [&] { event.erase("series"); }, [&] { event["lastTimestamp"] = nullptr; }, [&] { event.erase("eventTime"); },
        [&] { event.erase("firstTimestamp"); }};
    for (std::size_t step = 0; step < expected.size(); ++step) {
        EXPECT_EQ(extractEvent(event).timestamp, expected[step]) << "step " << step;
        if (step < drop.size())
            drop[step]();
    }
    const CompactEvent compact = extractEvent(event);
    EXPECT_EQ(compact.involvedKind, "Pod");
    EXPECT_EQ(compact.involvedNamespace, "ml");
    EXPECT_EQ(compact.involvedUid, "u");
    EXPECT_EQ(compact.count, 3);
    EXPECT_EQ(compact.sourceComponent, "kubelet");
}

TEST(CompactObjects, WrongTypesDegradeWithoutThrowing)
{
    const std::vector<nlohmann::json> hostile = {
        nullptr, 42, "text", nlohmann::json::array({1, 2}),
        {{"metadata", "x"}, {"spec", 5}, {"status", {{"conditions", "bad"}, {"containerStatuses", {1, "a", nullptr}}}}},
        {{"metadata", {{"uid", 7}, {"labels", {{"component", 3}}}, {"ownerReferences", {"x"}}}},
         {"spec", {{"containers", {{{"resources", {{"requests", {{"nvidia.com/gpu", "lots"}}}}}}}}, {"taints", {1}}}},
         {"status", {{"conditions", {{{"type", 1}}, "y"}}, {"capacity", {{"nvidia.com/gpu", true}}}}},
         {"involvedObject", 1}, {"count", "many"}, {"series", "s"}}};
    for (const nlohmann::json &object : hostile) {
        for (int kind = 0; kind <= static_cast<int>(ObjectKind::MachineSet); ++kind) {
            EXPECT_NO_THROW({
                const CompactObject compact = extractCompact(static_cast<ObjectKind>(kind), object);
                EXPECT_EQ(compactKind(compact), static_cast<ObjectKind>(kind));
            }) << object.dump();
        }
    }
    const CompactPod pod = extractPod(hostile.back());
    EXPECT_EQ(pod.meta.uid, "7");
    EXPECT_EQ(pod.gpuRequest, 0);
    EXPECT_TRUE(pod.component.empty());
}

TEST(CompactObjects, IntegersOutOfRangeReadAsUnreadable)
{
    using gantry::kube::detail::jsonInteger;
    EXPECT_EQ(jsonInteger(nlohmann::json(7)), 7);
    EXPECT_EQ(jsonInteger(nlohmann::json(7.9)), 7);
    EXPECT_EQ(jsonInteger(nlohmann::json(-7.9)), -7);
    EXPECT_EQ(jsonInteger(nlohmann::json("42")), 42);
    EXPECT_EQ(jsonInteger(nlohmann::json(1e300), -1), -1);
    EXPECT_EQ(jsonInteger(nlohmann::json(-1e300), -1), -1);
    EXPECT_EQ(jsonInteger(nlohmann::json(9223372036854775808.0), -1), -1);
    EXPECT_EQ(jsonInteger(nlohmann::json(std::uint64_t(18446744073709551615ull)), -1), -1);
    EXPECT_EQ(jsonInteger(nlohmann::json("99999999999999999999"), -1), -1);
    // Through an object: a restart count of 1e300 is not a number of restarts.
    const CompactPod pod = extractPod(nlohmann::json::parse(R"({"metadata": {"name": "p", "uid": "u"},
        "status": {"containerStatuses": [{"name": "c", "restartCount": 1e300}]}})"));
    ASSERT_EQ(pod.containers.size(), 1u);
    EXPECT_EQ(pod.containers[0].restartCount, 0);
}

TEST(CompactObjects, JobLocalModelCacheMachineSet)
{
    const CompactJob job = extractJob({{"status", {{"active", 1}, {"failed", 2}, {"startTime", "t"}}}});
    EXPECT_EQ(job.active, 1);
    EXPECT_EQ(job.failed, 2);
    const CompactLocalModelCache cache = extractLocalModelCache(
        {{"spec", {{"sourceModelUri", "hf://m"}, {"nodeGroups", {"a100", 3}}}},
         {"status", {{"nodeStatus", {{"node-1", "NodeDownloaded"}}}}}});
    EXPECT_EQ(cache.sourceModelUri, "hf://m");
    EXPECT_EQ(cache.nodeGroups, std::vector<std::string>{"a100"});
    EXPECT_EQ(cache.nodeStatus.at("node-1"), "NodeDownloaded");
    const CompactMachineSet set = extractMachineSet(
        {{"spec", {{"replicas", 3}, {"template", {{"spec", {{"providerSpec", {{"value", {{"instanceType", "p5.48xlarge"}}}}}}}}}}},
         {"status", {{"readyReplicas", 2}}}});
    EXPECT_EQ(set.replicas, 3);
    EXPECT_EQ(set.readyReplicas, 2);
    EXPECT_EQ(set.instanceType, "p5.48xlarge");
}

} // namespace

// The factory's controllers, observed only through the HTTP API as a client
// would see them: nodes from pools, replicas from InferenceServices, scheduling,
// node scale-up, cold starts whose durations follow bytes ÷ bandwidth, a warm
// node cache, and determinism.
#include "simfixture.h"

#include "sim/factory/factory.h"
#include "sim/factory/podlifecycle.h"
#include "backend/metrics/expositionparser.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>

using namespace gantry::test;
using gantry::sim::Scenario;
using nlohmann::json;

namespace {

constexpr double GB = 1e9;

Scenario::GpuPool pool(const std::string &name, int nodes, int maxNodes, double provisioning = 120)
{
    Scenario::GpuPool pool;
    pool.name = name;
    pool.gpuProduct = "NVIDIA-H100-80GB-HBM3";
    pool.gpusPerNode = 8;
    pool.gpuMemoryBytes = 80 * 1024.0 * 1024 * 1024;
    pool.minNodes = 0;
    pool.maxNodes = maxNodes;
    pool.initialNodes = nodes;
    pool.provisioningSeconds = {provisioning, provisioning};
    pool.idleRemovalSeconds = 600;
    return pool;
}

Scenario::Model model(const std::string &name, const std::string &uri, double bytes, int gpus = 1)
{
    Scenario::Model model;
    model.name = name;
    model.storageUri = uri;
    model.sizeBytes = bytes;
    model.runtimeImage = "vllm/vllm-openai:v0.8.5";
    model.runtimeImageBytes = 16 * GB;
    model.gpusPerReplica = gpus;
    model.engineWarmupSeconds = 30;
    return model;
}

Scenario::Service service(const std::string &name, const std::string &modelName, int replicas)
{
    Scenario::Service service;
    service.name = name;
    service.model = modelName;
    service.minReplicas = replicas;
    service.annotations["autoscaling.knative.dev/min-scale"] = std::to_string(replicas);
    return service;
}

Scenario baseScenario()
{
    Scenario scenario;
    scenario.name = "test";
    scenario.storage.hubBytesPerSecond = 1 * GB;
    scenario.storage.sharedVolumeBytesPerSecond = 4 * GB;
    scenario.storage.sharedVolumePerClientBytesPerSecond = 1 * GB;
    scenario.storage.registryBytesPerSecond = 2 * GB;
    scenario.storage.registryPerClientBytesPerSecond = 1 * GB;
    scenario.storage.nodeCacheBytesPerSecond = 8 * GB;
    return scenario;
}

double seconds(const std::string &text, const std::regex &pattern)
{
    std::smatch match;
    return std::regex_search(text, match, pattern) ? std::stod(match[1]) : -1;
}

} // namespace

class FactoryTest : public SimulatorTest
{
protected:
    void configure(gantry::sim::SimulatorOptions &options) override
    {
        options.scenario = scenario();
        options.speed = 0; // the test steps the clock itself
    }
    virtual Scenario scenario() = 0;

    gantry::sim::Factory &factory() { return *simulator().factory(); }

    json get(const std::string &path)
    {
        httplib::SSLClient client("127.0.0.1", simulator().server().port());
        client.enable_server_certificate_verification(false);
        client.set_bearer_token_auth(simulator().access().viewerToken().c_str());
        const auto result = client.Get(path.c_str());
        if (!result || result->status != 200) {
            ADD_FAILURE() << "GET " << path << ": " << (result ? std::to_string(result->status) + " " + result->body
                                                              : httplib::to_string(result.error()));
            return json();
        }
        if (path.find("/log") != std::string::npos)
            return result->body;
        return json::parse(result->body);
    }

    std::vector<json> items(const std::string &path)
    {
        const json list = get(path);
        return list.contains("items") ? list["items"].get<std::vector<json>>() : std::vector<json>();
    }

    std::vector<json> eventsFor(const std::string &pod, const std::string &reason = {})
    {
        std::string path = "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=" + pod;
        if (!reason.empty())
            path += ",reason=" + reason;
        return items(path);
    }

    std::vector<json> pods(const std::string &service)
    {
        return items("/api/v1/namespaces/default/pods?labelSelector=serving.kserve.io/inferenceservice=" + service);
    }

    static bool ready(const json &object)
    {
        for (const auto &condition : object["status"].value("conditions", json::array())) {
            if (condition["type"] == "Ready")
                return condition["status"] == "True";
        }
        return false;
    }
};

class SharedVolumeFactory : public FactoryTest
{
    Scenario scenario() override
    {
        Scenario s = baseScenario();
        s.pools = {pool("h100", 2, 2)};
        s.models = {model("llama-8b", "pvc://models/llama-3.1-8b", 16 * GB)};
        s.services = {service("llama", "llama-8b", 1)};
        return s;
    }
};

TEST_F(SharedVolumeFactory, PoolsBecomeMachineSetsAndGpuNodes)
{
    const auto nodes = items("/api/v1/nodes");
    ASSERT_EQ(nodes.size(), 2u);
    EXPECT_EQ(nodes[0]["metadata"]["labels"]["nvidia.com/gpu.product"], "NVIDIA-H100-80GB-HBM3");
    EXPECT_EQ(nodes[0]["status"]["allocatable"]["nvidia.com/gpu"], "8");
    EXPECT_TRUE(ready(nodes[0]));
    const json machineSet = get("/apis/machine.openshift.io/v1beta1/namespaces/openshift-machine-api/machinesets/h100");
    EXPECT_EQ(machineSet["spec"]["replicas"], 2);
}

TEST_F(SharedVolumeFactory, AReplicaStartsWithTheEvidenceOfEachPhase)
{
    factory().runFor(120);
    const auto replicas = pods("llama");
    ASSERT_EQ(replicas.size(), 1u);
    const json &pod = replicas[0];
    EXPECT_TRUE(ready(pod));
    const std::string name = pod["metadata"]["name"];
    EXPECT_NE(name.find("llama-predictor-00001-deployment-"), std::string::npos) << name;
    EXPECT_EQ(pod["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"], "models");

    // Runtime image: 16 GB at the 1 GB/s a single client gets from the registry.
    const auto pulled = eventsFor(name, "Pulled");
    ASSERT_FALSE(pulled.empty());
    EXPECT_NE(pulled[0]["message"].get<std::string>().find("in 16s (16s including waiting). Image size: 16000000000 bytes."),
              std::string::npos)
        << pulled[0]["message"].get<std::string>();
    EXPECT_EQ(eventsFor(name, "Scheduled").size(), 1u);
    EXPECT_FALSE(eventsFor(name, "Unhealthy").empty()) << "readiness fails while the engine loads";

    // Weights: 16 GB from the shared volume at 1 GB/s per client.
    const std::string log = get("/api/v1/namespaces/default/pods/" + name + "/log?container=kserve-container");
    const double load = seconds(log, std::regex(R"(Loading weights took ([0-9.]+) seconds)"));
    EXPECT_NEAR(load, 16, 16 * 0.1) << log;
    EXPECT_NE(log.find("Application startup complete."), std::string::npos);

    const json isvc = get("/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/llama");
    EXPECT_TRUE(ready(isvc));
    EXPECT_EQ(isvc["status"]["modelStatus"]["states"]["activeModelState"], "Loaded");
}

TEST_F(SharedVolumeFactory, ASecondReplicaOnAWarmNodeLoadsFaster)
{
    factory().runFor(120);
    // Pin the second replica next to the first by filling the other node's GPUs.
    const std::string firstNode = pods("llama")[0]["spec"]["nodeName"];
    factory().runFor(1);
    auto &store = simulator().store();
    const auto &isvcType = *gantry::sim::findResourceType("serving.kserve.io", "v1beta1", "inferenceservices");
    store.modify(isvcType, "default", "llama", [](json &object) {
        object["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"] = "9";
    }, gantry::sim::WriteScope::Main);
    factory().runFor(150);
    std::vector<double> cold, warm;
    for (const json &pod : pods("llama")) {
        if (!ready(pod))
            continue;
        const std::string log = get("/api/v1/namespaces/default/pods/" + pod["metadata"]["name"].get<std::string>()
                                    + "/log?container=kserve-container");
        const double load = seconds(log, std::regex(R"(Loading weights took ([0-9.]+) seconds)"));
        (pod["spec"]["nodeName"] == firstNode ? warm : cold).push_back(load);
    }
    ASSERT_GE(warm.size(), 2u);
    ASSERT_FALSE(cold.empty());
    const double warmest = *std::min_element(warm.begin(), warm.end());
    EXPECT_LT(warmest * 4, *std::max_element(cold.begin(), cold.end()))
        << "page cache at 8 GB/s against the shared volume at 1 GB/s";
}

class HubFactory : public FactoryTest
{
    Scenario scenario() override
    {
        Scenario s = baseScenario();
        s.pools = {pool("h100", 1, 1)};
        s.models = {model("a", "hf://org/model-a", 10 * GB), model("b", "hf://org/model-b", 10 * GB)};
        s.services = {service("a", "a", 1), service("b", "b", 1)};
        return s;
    }
};

TEST_F(HubFactory, ConcurrentHubDownloadsShareTheLink)
{
    factory().runFor(100);
    for (const char *name : {"a", "b"}) {
        const auto replicas = pods(name);
        ASSERT_EQ(replicas.size(), 1u);
        const std::string pod = replicas[0]["metadata"]["name"];
        const std::string log = get("/api/v1/namespaces/default/pods/" + pod + "/log?container=storage-initializer");
        // 10 GB each over one 1 GB/s link shared by two: about 20 s, not 10.
        EXPECT_NEAR(seconds(log, std::regex(R"(Model downloaded in ([0-9.]+) seconds)")), 20, 2) << log;
        EXPECT_NE(log.find("Copying contents of hf://org/model-"), std::string::npos) << log;
        const json init = replicas[0]["status"]["initContainerStatuses"][0];
        EXPECT_EQ(init["name"], "storage-initializer");
        EXPECT_EQ(init["state"]["terminated"]["reason"], "Completed");
        // kubelet names an init container's events by the list it is in.
        std::set<std::string> paths;
        for (const json &event : eventsFor(pod, "Started"))
            paths.insert(event["involvedObject"].value("fieldPath", ""));
        EXPECT_TRUE(paths.count("spec.initContainers{storage-initializer}")) << name;
        EXPECT_TRUE(paths.count("spec.containers{kserve-container}")) << name;
        EXPECT_FALSE(paths.count("spec.containers{storage-initializer}")) << name;
    }
}

class ScaleUpFactory : public FactoryTest
{
    Scenario scenario() override
    {
        Scenario s = baseScenario();
        s.pools = {pool("h100", 1, 2, 120)};
        s.models = {model("big", "pvc://models/big", 8 * GB, 4)};
        s.services = {service("big", "big", 3)};
        return s;
    }
};

TEST_F(ScaleUpFactory, APendingGpuPodGrowsThePoolAndRunsAfterProvisioning)
{
    factory().runFor(5);
    std::string pending;
    for (const json &pod : pods("big")) {
        if (!pod["spec"].contains("nodeName"))
            pending = pod["metadata"]["name"];
    }
    ASSERT_FALSE(pending.empty()) << "three 4-GPU replicas do not fit one 8-GPU node";
    const auto failed = eventsFor(pending, "FailedScheduling");
    ASSERT_FALSE(failed.empty());
    EXPECT_EQ(failed[0]["message"],
              "0/1 nodes are available: 1 Insufficient nvidia.com/gpu. preemption: 0/1 nodes are available: 1 No "
              "preemption victims found for incoming pod.");
    const auto scaleUp = eventsFor(pending, "TriggeredScaleUp");
    ASSERT_EQ(scaleUp.size(), 1u);
    EXPECT_EQ(scaleUp[0]["message"], "pod triggered scale-up: [{h100 1->2 (max: 2)}]");
    EXPECT_EQ(items("/api/v1/nodes").size(), 2u);

    factory().runFor(60);
    bool stillPending = false;
    for (const json &pod : pods("big"))
        stillPending |= pod["metadata"]["name"] == pending && !pod["spec"].contains("nodeName");
    EXPECT_TRUE(stillPending) << "the new node is still provisioning";

    factory().runFor(200);
    bool found = false;
    for (const json &pod : pods("big")) {
        if (pod["metadata"]["name"] == pending) {
            found = true;
            EXPECT_TRUE(ready(pod)) << pod.dump();
        }
    }
    EXPECT_TRUE(found);
    const json machineSet = get("/apis/machine.openshift.io/v1beta1/namespaces/openshift-machine-api/machinesets/h100");
    EXPECT_EQ(machineSet["status"]["readyReplicas"], 2);
}

TEST(FactoryDeterminism, SameScenarioAndSeedGiveTheSameEvents)
{
    auto run = [] {
        gantry::sim::ObjectStore store;
        gantry::sim::PodLogStore logs;
        gantry::sim::VirtualClock clock(gantry::SystemTime(std::chrono::seconds(1'800'000'000)));
        Scenario s = baseScenario();
        s.pools = {pool("h100", 1, 3, 100)};
        s.models = {model("a", "hf://org/a", 5 * GB, 2), model("b", "pvc://m/b", 5 * GB, 4)};
        s.services = {service("a", "a", 3), service("b", "b", 2)};
        const auto &namespaces = *gantry::sim::findResourceType("", "v1", "namespaces");
        store.create(namespaces, {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "default"}}}});
        gantry::sim::Factory factory(store, logs, clock, s, 7);
        factory.setUp();
        factory.runFor(400);
        std::string trace;
        const auto &events = *gantry::sim::findResourceType("", "v1", "events");
        for (const auto &event : store.list(events, {}).items)
            trace += event->object["reason"].get<std::string>() + " " + event->object["involvedObject"]["name"].get<std::string>()
                + " " + event->object["message"].get<std::string>() + "\n";
        return trace;
    };
    const std::string first = run();
    EXPECT_GT(std::count(first.begin(), first.end(), '\n'), 30);
    EXPECT_EQ(first, run());
}

class FailureFactory : public FactoryTest
{
    Scenario scenario() override
    {
        Scenario s = baseScenario();
        s.pools = {pool("h100", 2, 2)};
        s.models = {model("llama-8b", "pvc://models/llama-3.1-8b", 8 * GB, 4)};
        s.services = {service("llama", "llama-8b", 3)};
        Scenario::Fault fault;
        fault.kind = Scenario::Fault::Kind::NodeFailure;
        fault.at = 150;
        fault.target = "h100-0";
        s.faults = {fault};
        return s;
    }
};

TEST_F(FailureFactory, AFailedNodesReplicasAreEvictedAndStartElsewhere)
{
    factory().runFor(140);
    int onFailing = 0;
    for (const json &pod : pods("llama"))
        onFailing += pod["spec"]["nodeName"] == "h100-0";
    ASSERT_GT(onFailing, 0) << "the scheduler packed replicas onto h100-0";

    factory().runFor(20);
    const json node = get("/api/v1/nodes/h100-0");
    EXPECT_FALSE(ready(node));
    EXPECT_EQ(node["spec"]["taints"].back()["key"], "node.kubernetes.io/unreachable");
    const auto evictions = items("/api/v1/namespaces/default/events?fieldSelector=reason=TaintManagerEviction");
    EXPECT_EQ(static_cast<int>(evictions.size()), onFailing);
    for (const json &pod : pods("llama"))
        EXPECT_NE(pod["spec"].value("nodeName", ""), "h100-0");

    // Eight GPUs left for three 4-GPU replicas: two run, one waits (max nodes reached).
    factory().runFor(200);
    int running = 0;
    for (const json &pod : pods("llama"))
        running += ready(pod);
    EXPECT_EQ(running, 2);
}

class PrewarmFactory : public FactoryTest
{
    Scenario scenario() override
    {
        Scenario s = baseScenario();
        s.pools = {pool("h100", 1, 1)};
        s.models = {model("llama-8b", "pvc://models/llama-3.1-8b", 16 * GB)};
        Scenario::Service svc = service("llama", "llama-8b", 0);
        svc.annotations["autoscaling.knative.dev/initial-scale"] = "0";
        s.services = {svc};
        Scenario::Action warm;
        warm.kind = Scenario::Action::Kind::Prewarm;
        warm.at = 5;
        warm.model = "llama-8b";
        warm.nodes = {"h100-0"};
        Scenario::Action scale;
        scale.kind = Scenario::Action::Kind::Scale;
        scale.at = 60;
        scale.service = "llama";
        scale.annotations["autoscaling.knative.dev/min-scale"] = "1";
        s.actions = {warm, scale};
        return s;
    }
};

TEST_F(PrewarmFactory, APrewarmedNodeStartsTheNextReplicaFromItsCache)
{
    factory().runFor(40);
    EXPECT_TRUE(pods("llama").empty());
    const json job = get("/apis/batch/v1/namespaces/default/jobs/prewarm-h100-0");
    EXPECT_EQ(job["metadata"]["labels"]["gantry.io/prewarm"], "true");
    EXPECT_EQ(job["metadata"]["annotations"]["gantry.io/model-uri"], "pvc://models/llama-3.1-8b");
    EXPECT_EQ(job["status"]["succeeded"], 1) << job.dump();
    const auto jobPods = items("/api/v1/namespaces/default/pods?labelSelector=job-name=prewarm-h100-0");
    ASSERT_EQ(jobPods.size(), 1u);
    EXPECT_EQ(jobPods[0]["status"]["phase"], "Succeeded");
    const std::string log = get("/api/v1/namespaces/default/pods/" + jobPods[0]["metadata"]["name"].get<std::string>()
                                + "/log");
    EXPECT_NE(log.find("prewarm: read 7.5/14.9 GiB"), std::string::npos) << log;
    EXPECT_NE(log.find("h100-0 is warm"), std::string::npos) << log;

    factory().runFor(120);
    const auto replicas = pods("llama");
    ASSERT_EQ(replicas.size(), 1u);
    EXPECT_TRUE(ready(replicas[0]));
    const std::string replicaLog = get("/api/v1/namespaces/default/pods/"
                                       + replicas[0]["metadata"]["name"].get<std::string>() + "/log?container=kserve-container");
    // 16 GB from the node cache at 8 GB/s, against 16 s from the shared volume.
    EXPECT_NEAR(seconds(replicaLog, std::regex(R"(Loading weights took ([0-9.]+) seconds)")), 2, 0.6) << replicaLog;
}

TEST_F(SharedVolumeFactory, MetricsParseAndAgreeWithTheObjects)
{
    factory().runFor(120);
    httplib::SSLClient client("127.0.0.1", simulator().server().port());
    client.enable_server_certificate_verification(false);
    const auto result = client.Get("/metrics");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    const std::string &text = result->body;
    // The console's own parser reads it without a single complaint.
    const auto families = gantry::metrics::parseExposition(text);
    EXPECT_TRUE(families.issues().empty()) << families.issues().front().toString();
    EXPECT_NE(families.find("vllm:time_to_first_token_seconds"), nullptr);
    // Sixteen GPUs on two nodes; one replica holds one of them.
    const std::regex gpuLine(R"re(DCGM_FI_DEV_FB_USED\{gpu="\d+",[^}]*Hostname="(h100-\d)"[^}]*pod="([^"]*)"\} (\d+))re");
    int gpus = 0, allocated = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), gpuLine); it != std::sregex_iterator(); ++it) {
        ++gpus;
        if (!(*it)[2].str().empty()) {
            ++allocated;
            EXPECT_EQ((*it)[2].str(), pods("llama")[0]["metadata"]["name"].get<std::string>());
            EXPECT_EQ((*it)[1].str(), pods("llama")[0]["spec"]["nodeName"].get<std::string>());
            EXPECT_GT(std::stoi((*it)[3]), 60000) << "a ready vLLM engine holds 90% of the GPU's memory";
        }
    }
    EXPECT_EQ(gpus, 16);
    EXPECT_EQ(allocated, 1);
    EXPECT_NE(text.find("vllm:num_requests_running{engine=\"0\",model_name=\"llama\",namespace=\"default\",pod=\""),
              std::string::npos);
}

class AutoscalingFactory : public FactoryTest
{
    Scenario scenario() override
    {
        Scenario s = baseScenario();
        s.pools = {pool("h100", 4, 4)};
        Scenario::Model m = model("llama-8b", "pvc://models/llama-3.1-8b", 8 * GB);
        m.maxConcurrencyPerReplica = 16;
        m.tokensPerSecondPerReplica = 1600;
        m.outputTokensPerRequest = 100;
        m.ttftSeconds = 0.1;
        s.models = {m};
        Scenario::Service svc = service("chat", "llama-8b", 0);
        svc.annotations = {{"autoscaling.knative.dev/min-scale", "0"},
                           {"autoscaling.knative.dev/max-scale", "12"},
                           {"autoscaling.knative.dev/target", "10"},
                           {"autoscaling.knative.dev/scale-to-zero-pod-retention-period", "90s"}};
        s.services = {svc};
        // Each request takes 0.1 s + 100 tokens at 100 tokens/s = 1.1 s, so
        // concurrency = 1.1 × rps. 10 rps → 11 in flight; the spike 50 rps → 55.
        Scenario::Traffic base;
        base.service = "chat";
        base.shape = Scenario::Traffic::Shape::Constant;
        base.rps = 10;
        Scenario::Traffic spike;
        spike.service = "chat";
        spike.shape = Scenario::Traffic::Shape::Spike;
        spike.rps = 10;
        spike.to = 50;
        spike.at = 300;
        spike.duration = 120;
        Scenario::Traffic idle;
        idle.service = "chat";
        idle.shape = Scenario::Traffic::Shape::Idle;
        idle.rps = 10;
        idle.at = 700;
        s.traffic = {base, spike, idle};
        return s;
    }

protected:
    int replicas() { return static_cast<int>(pods("chat").size()); }
};

TEST_F(AutoscalingFactory, KnativeScalesWithTrafficPerItsAnnotationsAndToZero)
{
    // 11 in flight at target 10 × 70% = 7 per pod: two replicas.
    factory().runFor(280);
    EXPECT_EQ(replicas(), 2);

    // The spike: 55 in flight / 7 = 8 replicas, reached through the panic window.
    factory().runFor(60);
    EXPECT_EQ(replicas(), 8);

    // Changing the target on the live service changes the count: 55 / (20 × 0.7) = 4.
    auto &store = simulator().store();
    const auto &isvcType = *gantry::sim::findResourceType("serving.kserve.io", "v1beta1", "inferenceservices");
    store.modify(isvcType, "default", "chat", [](json &object) {
        object["metadata"]["annotations"]["autoscaling.knative.dev/target"] = "20";
    }, gantry::sim::WriteScope::Main);
    factory().runFor(75);
    EXPECT_EQ(replicas(), 4);

    // Idle from 700 s: after the stable window and the 90 s retention, zero.
    factory().runFor(700 - 415 + 60);
    EXPECT_GT(replicas(), 0) << "still within the retention period";
    factory().runFor(120);
    EXPECT_EQ(replicas(), 0);
    const json isvc = get("/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices/chat");
    EXPECT_TRUE(ready(isvc)) << "a Knative service scaled to zero stays Ready";
}

class LocalModelCacheFactory : public FactoryTest
{
    Scenario scenario() override
    {
        Scenario s = baseScenario();
        s.pools = {pool("h100", 2, 2), pool("a100", 1, 1)};
        s.models = {model("llama-8b", "hf://meta-llama/Llama-3.1-8B-Instruct", 10 * GB)};
        return s;
    }
};

TEST_F(LocalModelCacheFactory, ACacheFillsItsNodeGroupsAndReportsPerNodeStatus)
{
    auto &store = simulator().store();
    const auto &type = *gantry::sim::findResourceType("serving.kserve.io", "v1alpha1", "localmodelcaches");
    store.create(type, {{"apiVersion", "serving.kserve.io/v1alpha1"},
                        {"kind", "LocalModelCache"},
                        {"metadata", {{"name", "llama"}}},
                        {"spec", {{"sourceModelUri", "hf://meta-llama/Llama-3.1-8B-Instruct"},
                                  {"modelSize", "10Gi"},
                                  {"nodeGroups", {"h100"}}}}});
    factory().runFor(5);
    json cache = get("/apis/serving.kserve.io/v1alpha1/localmodelcaches/llama");
    EXPECT_EQ(cache["status"]["nodeStatus"]["h100-0"], "NodeDownloading") << cache.dump();
    EXPECT_FALSE(cache["status"]["nodeStatus"].contains("a100-0")) << "only its node groups";
    EXPECT_EQ(cache["status"]["copies"]["total"], 2);
    EXPECT_EQ(cache["status"]["copies"]["available"], 0);

    // Two 10 GB copies over the 1 GB/s hub link: about 20 s.
    factory().runFor(20);
    cache = get("/apis/serving.kserve.io/v1alpha1/localmodelcaches/llama");
    EXPECT_EQ(cache["status"]["copies"]["available"], 2) << cache.dump();
    EXPECT_EQ(cache["status"]["nodeStatus"]["h100-1"], "NodeDownloaded");
}

class CaptionFactory : public FactoryTest
{
    Scenario scenario() override
    {
        Scenario s = baseScenario();
        s.pools = {pool("h100", 1, 1)};
        s.captions = {{0, "Cold start", "a replica is starting"}, {30, "Spike", "traffic quadruples"}};
        return s;
    }
};

TEST_F(CaptionFactory, CaptionsAppearAsEventsWhenTheirTimeComes)
{
    factory().runFor(10);
    auto captions = items("/api/v1/namespaces/default/events?fieldSelector=reason=DemoCaption");
    ASSERT_EQ(captions.size(), 1u);
    EXPECT_EQ(captions[0]["message"], "Cold start: a replica is starting");
    EXPECT_EQ(captions[0]["involvedObject"]["kind"], "Namespace");
    EXPECT_EQ(captions[0]["involvedObject"]["name"], "gantry-demo");
    factory().runFor(25);
    captions = items("/api/v1/namespaces/default/events?fieldSelector=reason=DemoCaption");
    ASSERT_EQ(captions.size(), 2u);
    EXPECT_EQ(captions[1]["message"], "Spike: traffic quadruples");
}

// The scenario loader: the shipped scenarios load and tell the promised story;
// bad files report every problem with its line, column and path.

#include "sim/scenario/scenario.h"
#include "sim/scenario/storageuri.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>

using namespace gantry::sim;

namespace {

const std::string kScenariosDir = GANTRY_SCENARIOS_DIR;

Scenario loadShipped(const std::string &fileName)
{
    const ScenarioLoadResult result = loadScenarioFile(kScenariosDir + "/" + fileName);
    std::string errors;
    for (const ScenarioError &error : result.errors)
        errors += error.toString() + "\n";
    EXPECT_TRUE(result.errors.empty()) << errors;
    EXPECT_TRUE(result.scenario.has_value());
    return result.scenario.value_or(Scenario{});
}

const Scenario::Service &service(const Scenario &scenario, const std::string &name)
{
    const auto it = std::find_if(scenario.services.begin(), scenario.services.end(),
                                 [&name](const Scenario::Service &s) { return s.name == name; });
    if (it == scenario.services.end())
        throw std::runtime_error("no service " + name);
    return *it;
}

StorageUri::Kind storageKind(const Scenario::Model &model)
{
    return parseStorageUri(model.storageUri).uri.value().kind;
}

// Prefix of the small scenarios in the bad-input table: 10 lines, valid on its own.
constexpr std::string_view kPrelude = R"(name: t
pools:
  - name: gpu
    gpuProduct: NVIDIA-H100-80GB-HBM3
    gpuMemory: 80GB
    maxNodes: 2
models:
  - name: m
    storageUri: hf://org/model
    size: 16GB
)";

std::vector<std::string> errorStrings(const ScenarioLoadResult &result)
{
    std::vector<std::string> out;
    for (const ScenarioError &error : result.errors)
        out.push_back(error.toString());
    return out;
}

} // namespace

// --- the shipped scenarios ---------------------------------------------------

class ShippedScenario : public testing::TestWithParam<const char *>
{
};

TEST_P(ShippedScenario, LoadsWithoutErrors)
{
    const Scenario scenario = loadShipped(GetParam());
    EXPECT_FALSE(scenario.name.empty());
    EXPECT_FALSE(scenario.captions.empty());
    EXPECT_TRUE(std::is_sorted(scenario.captions.begin(), scenario.captions.end(),
                               [](const auto &a, const auto &b) { return a.at < b.at; }));
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenario,
                         testing::Values("factory.yaml", "scale-from-zero.yaml", "node-failure.yaml", "large.yaml"));

TEST(ScenarioLoader, FactoryHasThreePoolsOfRealProducts)
{
    const Scenario scenario = loadShipped("factory.yaml");
    EXPECT_GE(scenario.durationSeconds, 30 * 60);
    EXPECT_LE(scenario.durationSeconds, 60 * 60);
    ASSERT_EQ(scenario.pools.size(), 3u);
    EXPECT_EQ(scenario.findPool("a100")->gpuProduct, "NVIDIA-A100-SXM4-80GB");
    EXPECT_EQ(scenario.findPool("h100")->gpuProduct, "NVIDIA-H100-80GB-HBM3");
    EXPECT_EQ(scenario.findPool("h200")->gpuProduct, "NVIDIA-H200");
    for (const auto &pool : scenario.pools) {
        EXPECT_EQ(pool.gpusPerNode, 8) << pool.name;
        EXPECT_EQ(pool.provisioningSeconds.min, 180) << pool.name;
        EXPECT_EQ(pool.provisioningSeconds.max, 420) << pool.name;
    }
    const auto *h100 = scenario.findPool("h100");
    EXPECT_GT(h100->maxNodes, h100->initialNodes) << "a pool with room to grow";
}

TEST(ScenarioLoader, FactoryServesModelsFromSeveralStores)
{
    const Scenario scenario = loadShipped("factory.yaml");
    ASSERT_GE(scenario.models.size(), 4u);
    EXPECT_EQ(storageKind(*scenario.findModel("llama-3.1-8b")), StorageUri::Kind::Hub);
    EXPECT_EQ(storageKind(*scenario.findModel("llama-3.1-70b")), StorageUri::Kind::SharedVolume);
    EXPECT_EQ(storageKind(*scenario.findModel("qwen2.5-7b")), StorageUri::Kind::OciImage);
    EXPECT_EQ(scenario.findModel("llama-3.1-70b")->gpusPerReplica, 4);
    EXPECT_DOUBLE_EQ(scenario.findModel("llama-3.1-8b")->sizeBytes, 16e9);
    EXPECT_EQ(scenario.findModel("llama-3.1-8b")->runtimeImage, "vllm/vllm-openai:v0.8.5");
    EXPECT_DOUBLE_EQ(scenario.findModel("llama-3.1-8b")->runtimeImageBytes, 16.5e9);

    const auto knative = std::count_if(scenario.services.begin(), scenario.services.end(),
                                       [](const auto &s) { return s.deploymentMode == "Knative"; });
    const auto standard = std::count_if(scenario.services.begin(), scenario.services.end(),
                                        [](const auto &s) { return s.deploymentMode == "Standard"; });
    EXPECT_GE(knative, 3);
    EXPECT_EQ(standard, 1);
    EXPECT_EQ(service(scenario, "chat").annotations.at("autoscaling.knative.dev/window"), "60s");
}

// The spike at ~10 min asks chat for more replicas than the h100 pool has free GPUs.
TEST(ScenarioLoader, FactorySpikeOutgrowsTheFreeGpus)
{
    const Scenario scenario = loadShipped("factory.yaml");
    const auto &chat = service(scenario, "chat");
    const auto spike = std::find_if(scenario.traffic.begin(), scenario.traffic.end(), [](const auto &t) {
        return t.service == "chat" && t.shape == Scenario::Traffic::Shape::Spike;
    });
    ASSERT_NE(spike, scenario.traffic.end());
    EXPECT_GE(spike->at, 8 * 60);
    EXPECT_LE(spike->at, 12 * 60);
    const auto base = std::find_if(scenario.traffic.begin(), scenario.traffic.end(), [](const auto &t) {
        return t.service == "chat" && t.shape == Scenario::Traffic::Shape::Step;
    });
    ASSERT_NE(base, scenario.traffic.end()) << "chat goes live with a step";
    EXPECT_LT(base->at, spike->at) << "chat serves before the spike";
    EXPECT_GE(base->to + spike->to, 10 * base->to) << "the spike multiplies the traffic tenfold";

    const auto *pool = scenario.findPool(chat.pool);
    ASSERT_NE(pool, nullptr);
    int usedAtRest = 0;
    for (const auto &s : scenario.services) {
        if (s.pool == pool->name)
            usedAtRest += s.minReplicas.value_or(1) * scenario.findModel(s.model)->gpusPerReplica;
    }
    const int freeGpus = pool->initialNodes * pool->gpusPerNode - usedAtRest;
    const int extraGpus = (chat.maxReplicas.value() - chat.minReplicas.value())
        * scenario.findModel(chat.model)->gpusPerReplica;
    EXPECT_GT(extraGpus, freeGpus) << "the spike must need a node scale-up";
    EXPECT_LE(chat.maxReplicas.value() * scenario.findModel(chat.model)->gpusPerReplica,
              pool->maxNodes * pool->gpusPerNode)
        << "and the grown pool must hold it";
}

TEST(ScenarioLoader, FactoryPrewarmsBeforeTheSecondScaleUp)
{
    const Scenario scenario = loadShipped("factory.yaml");
    ASSERT_EQ(scenario.actions.size(), 1u);
    const auto &prewarm = scenario.actions.front();
    EXPECT_EQ(prewarm.kind, Scenario::Action::Kind::Prewarm);
    EXPECT_EQ(prewarm.model, service(scenario, "chat").model);
    EXPECT_EQ(prewarm.pool, "h100");
    std::vector<double> spikes;
    for (const auto &t : scenario.traffic) {
        if (t.service == "chat" && t.shape == Scenario::Traffic::Shape::Spike)
            spikes.push_back(t.at);
    }
    ASSERT_EQ(spikes.size(), 2u);
    EXPECT_GT(prewarm.at, spikes[0]);
    EXPECT_LT(prewarm.at, spikes[1]);
    EXPECT_GE(scenario.findPool("h100")->nodeCacheBytes, scenario.findModel(prewarm.model)->sizeBytes);

    // A caption points at each beat.
    for (const double beat : {spikes[0], prewarm.at, spikes[1]}) {
        EXPECT_TRUE(std::any_of(scenario.captions.begin(), scenario.captions.end(),
                                [beat](const auto &c) { return c.at == beat; }))
            << "no caption at " << beat;
    }
}

TEST(ScenarioLoader, ScaleFromZeroDeploysOneModelThreeWays)
{
    const Scenario scenario = loadShipped("scale-from-zero.yaml");
    ASSERT_EQ(scenario.services.size(), 3u);
    std::vector<std::string> pools;
    for (const auto &s : scenario.services) {
        EXPECT_EQ(s.minReplicas, 0) << s.name;
        EXPECT_EQ(s.annotations.at("autoscaling.knative.dev/initial-scale"), "0") << s.name;
        pools.push_back(s.pool);
    }
    std::sort(pools.begin(), pools.end());
    EXPECT_EQ(std::unique(pools.begin(), pools.end()), pools.end()) << "one pool each";

    EXPECT_EQ(storageKind(*scenario.findModel(service(scenario, "chat-hub").model)), StorageUri::Kind::Hub);
    EXPECT_EQ(storageKind(*scenario.findModel(service(scenario, "chat-volume").model)),
              StorageUri::Kind::SharedVolume);
    const auto &cache = service(scenario, "chat-cache");
    ASSERT_EQ(scenario.actions.size(), 1u);
    EXPECT_EQ(scenario.actions[0].kind, Scenario::Action::Kind::Prewarm);
    EXPECT_EQ(scenario.actions[0].pool, cache.pool);
    EXPECT_EQ(scenario.actions[0].model, cache.model);
    // The first request comes after the prewarm, at the same time for all three.
    for (const auto &t : scenario.traffic)
        EXPECT_GT(t.at, scenario.actions[0].at);
}

TEST(ScenarioLoader, NodeFailureFailsANodeUnderSteadyTraffic)
{
    const Scenario scenario = loadShipped("node-failure.yaml");
    ASSERT_EQ(scenario.faults.size(), 1u);
    const auto &fault = scenario.faults[0];
    EXPECT_EQ(fault.kind, Scenario::Fault::Kind::NodeFailure);
    EXPECT_EQ(fault.target, "h100-1");
    EXPECT_GT(fault.at, 0);
    for (const auto &t : scenario.traffic)
        EXPECT_EQ(t.shape, Scenario::Traffic::Shape::Constant);
    EXPECT_EQ(service(scenario, "reasoning").deploymentMode, "Standard"); // written RawDeployment
}

TEST(ScenarioLoader, LargeHasTheBenchmarkTotals)
{
    const Scenario scenario = loadShipped("large.yaml");
    int nodes = 0;
    int gpus = 0;
    for (const auto &pool : scenario.pools) {
        nodes += pool.initialNodes;
        gpus += pool.initialNodes * pool.gpusPerNode;
    }
    EXPECT_EQ(nodes, 2000);
    EXPECT_EQ(gpus, 16000);
    EXPECT_EQ(scenario.services.size(), 1000u);
    const int replicas = std::accumulate(scenario.services.begin(), scenario.services.end(), 0,
                                         [](int sum, const auto &s) { return sum + s.minReplicas.value(); });
    EXPECT_EQ(replicas, 18000);
    const auto &first = service(scenario, "h100-svc-000");
    EXPECT_EQ(first.namespaceName, "team-0");
    EXPECT_EQ(first.pool, "h100");
    EXPECT_EQ(service(scenario, "a100-svc-249").namespaceName, "team-9");
}

// The schema's own example must stay valid.
TEST(ScenarioLoader, ReadmeExampleLoads)
{
    std::ifstream file(kScenariosDir + "/README.md");
    std::stringstream readme;
    readme << file.rdbuf();
    const std::string text = readme.str();
    const std::string opening = "```yaml\n";
    const std::size_t start = text.rfind(opening);
    ASSERT_NE(start, std::string::npos);
    const std::size_t end = text.find("```", start + opening.size());
    ASSERT_NE(end, std::string::npos);
    const ScenarioLoadResult result
        = parseScenario(text.substr(start + opening.size(), end - start - opening.size()), "README.md");
    EXPECT_TRUE(result.scenario) << (result.errors.empty() ? "" : result.errors[0].toString());
}

// --- defaults, aliases and generators ----------------------------------------

TEST(ScenarioLoader, FillsDocumentedDefaults)
{
    const ScenarioLoadResult result = parseScenario(std::string(kPrelude) + "inferenceServices:\n  - name: svc\n"
                                                                            "    model: m\n",
                                                    "t.yaml");
    ASSERT_TRUE(result.scenario) << errorStrings(result).front();
    const Scenario &scenario = *result.scenario;
    EXPECT_EQ(scenario.durationSeconds, 0);
    const auto &pool = scenario.pools[0];
    EXPECT_EQ(pool.gpusPerNode, 8);
    EXPECT_EQ(pool.minNodes, 0);
    EXPECT_EQ(pool.initialNodes, 0);
    EXPECT_EQ(pool.maxNodes, 2);
    EXPECT_EQ(pool.provisioningSeconds.min, 180);
    EXPECT_EQ(pool.provisioningSeconds.max, 420);
    EXPECT_EQ(pool.idleRemovalSeconds, 600);
    EXPECT_TRUE(pool.gpuTaint);
    EXPECT_TRUE(pool.images.empty());
    EXPECT_DOUBLE_EQ(scenario.storage.hubBytesPerSecond, 125e6);
    EXPECT_DOUBLE_EQ(scenario.storage.objectStorePerClientBytesPerSecond, scenario.storage.objectStoreBytesPerSecond);
    EXPECT_DOUBLE_EQ(scenario.storage.nodeCacheBytesPerSecond, 7e9);
    const auto &model = scenario.models[0];
    EXPECT_EQ(model.gpusPerReplica, 1);
    EXPECT_EQ(model.maxConcurrencyPerReplica, 256);
    EXPECT_DOUBLE_EQ(model.ttftSeconds, 0.1);
    const auto &svc = scenario.services[0];
    EXPECT_EQ(svc.namespaceName, "default");
    EXPECT_EQ(svc.deploymentMode, "Knative");
    EXPECT_EQ(svc.pool, "");
    EXPECT_FALSE(svc.minReplicas);
}

TEST(ScenarioLoader, ReadsImagesBakedIntoAPoolsNodes)
{
    const ScenarioLoadResult result = parseScenario(
        "name: t\npools:\n  - name: gpu\n    gpuProduct: NVIDIA-H100-80GB-HBM3\n    gpuMemory: 80GB\n"
        "    images: [vllm/vllm-openai:v0.8.5, \"registry.example.com/a@sha256:00\"]\n",
        "t.yaml");
    ASSERT_TRUE(result.scenario) << errorStrings(result).front();
    EXPECT_EQ(result.scenario->pools[0].images,
              (std::vector<std::string>{"vllm/vllm-openai:v0.8.5", "registry.example.com/a@sha256:00"}));

    // The shipped factory bakes chat's runtime into the H100 nodes, so it can go live before the spike.
    const Scenario factory = loadShipped("factory.yaml");
    const auto &chat = service(factory, "chat");
    const auto &images = factory.findPool(chat.pool)->images;
    EXPECT_NE(std::find(images.begin(), images.end(), factory.findModel(chat.model)->runtimeImage), images.end());
}

TEST(ScenarioLoader, NormalisesDeploymentModeAliases)
{
    const ScenarioLoadResult result = parseScenario(std::string(kPrelude) + R"(inferenceServices:
  - {name: a, model: m, deploymentMode: Serverless}
  - {name: b, model: m, deploymentMode: RawDeployment}
  - {name: c, model: m, deploymentMode: Knative}
  - {name: d, model: m, deploymentMode: Standard}
  - name: e
    model: m
    annotations: {serving.kserve.io/deploymentMode: RawDeployment}
)",
                                                    "t.yaml");
    ASSERT_TRUE(result.scenario) << errorStrings(result).front();
    std::vector<std::string> modes;
    for (const auto &s : result.scenario->services)
        modes.push_back(s.deploymentMode);
    EXPECT_EQ(modes, (std::vector<std::string>{"Knative", "Standard", "Knative", "Standard", "Standard"}));
}

TEST(ScenarioLoader, ExpandsServiceGenerators)
{
    const ScenarioLoadResult result = parseScenario(std::string(kPrelude) + R"(  - name: m2
    storageUri: pvc://models/m2
    size: 10GB
inferenceServices:
  - name: hand-made
    model: m
  - namePattern: gen-{index:2}
    count: 3
    namespaceFrom: [a, b]
    modelFrom: [m, m2]
    replicas: 4
traffic:
  - {service: b/gen-01, rps: 5}
)",
                                                    "t.yaml");
    ASSERT_TRUE(result.scenario) << errorStrings(result).front();
    const auto &services = result.scenario->services;
    ASSERT_EQ(services.size(), 4u);
    EXPECT_EQ(services[1].name, "gen-00");
    EXPECT_EQ(services[1].namespaceName, "a");
    EXPECT_EQ(services[1].model, "m");
    EXPECT_EQ(services[2].name, "gen-01");
    EXPECT_EQ(services[2].namespaceName, "b");
    EXPECT_EQ(services[2].model, "m2");
    EXPECT_EQ(services[3].name, "gen-02");
    EXPECT_EQ(services[3].namespaceName, "a");
    EXPECT_EQ(services[3].minReplicas, 4);
    EXPECT_EQ(services[3].maxReplicas, 4);
    EXPECT_EQ(result.scenario->traffic[0].service, "b/gen-01");
}

TEST(ScenarioLoader, SortsEventsByTime)
{
    const ScenarioLoadResult result = parseScenario(std::string(kPrelude) + R"(captions:
  - {at: 5m, title: later}
  - {at: 1m, title: sooner}
)",
                                                    "t.yaml");
    ASSERT_TRUE(result.scenario);
    EXPECT_EQ(result.scenario->captions[0].title, "sooner");
    EXPECT_EQ(result.scenario->captions[1].at, 300);
}

TEST(ScenarioLoader, FormatsErrorsAsEditorsDo)
{
    EXPECT_EQ((ScenarioError{"f.yaml", 12, 5, "pools[1].gpusPerNode: must be between 1 and 16, got 0"}.toString()),
              "f.yaml:12:5: pools[1].gpusPerNode: must be between 1 and 16, got 0");
    EXPECT_EQ((ScenarioError{"f.yaml", 0, 0, "the file is empty"}.toString()), "f.yaml: the file is empty");
}

TEST(ScenarioLoader, ReportsUnreadableFiles)
{
    const ScenarioLoadResult missing = loadScenarioFile(kScenariosDir + "/no-such-file.yaml");
    ASSERT_EQ(missing.errors.size(), 1u);
    EXPECT_EQ(missing.errors[0].line, 0);
    EXPECT_NE(missing.errors[0].message.find("cannot read the file"), std::string::npos);
    const ScenarioLoadResult directory = loadScenarioFile(kScenariosDir);
    ASSERT_EQ(directory.errors.size(), 1u);
    EXPECT_EQ(directory.errors[0].message, "is a directory, not a scenario file");
}

// --- bad inputs: every problem, located --------------------------------------

struct BadInput
{
    const char *name;
    std::string text; ///< appended to kPrelude unless `whole`
    std::vector<std::string> errors;
    bool whole = false;
};

class BadScenario : public testing::TestWithParam<BadInput>
{
};

TEST_P(BadScenario, ReportsEveryProblemWithItsPlace)
{
    const BadInput &input = GetParam();
    const ScenarioLoadResult result
        = parseScenario(input.whole ? input.text : std::string(kPrelude) + input.text, "bad.yaml");
    EXPECT_FALSE(result.scenario);
    EXPECT_EQ(errorStrings(result), input.errors);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadScenario,
    testing::Values(
        BadInput{"MalformedYaml", "name: t\npools: [\n  - a\n", {"bad.yaml:3:3: invalid YAML: illegal block entry"}, true},
        BadInput{"Empty", "# nothing\n", {"bad.yaml: the file is empty"}, true},
        BadInput{"NotAMap", "- a\n", {"bad.yaml:1:1: a scenario is a map with name, pools, models, inferenceServices, …; got a list"}, true},
        BadInput{"TwoDocuments", std::string(kPrelude) + "---\nname: u\n",
                 {"bad.yaml:12:1: a scenario is one YAML document; remove the second one"}, true},
        BadInput{"UnknownTopLevelKey", "name: t\npool: []\n",
                 {"bad.yaml:1:1: pools: is required", "bad.yaml:2:1: pool: unknown key; did you mean \"pools\"?"}, true},
        BadInput{"DuplicateKey", "name: t\nname: u\npools: [{name: p, gpuProduct: x, gpuMemory: 1GB}]\n",
                 {"bad.yaml:2:1: name: duplicate key (first at line 1)"}, true},
        BadInput{"UnknownKeyListsTheAllowedOnes", "storage:\n  wan: 1Gbit/s\n",
                 {"bad.yaml:12:3: storage.wan: unknown key (expected hub, objectStore, objectStorePerClient, "
                  "sharedVolume, sharedVolumePerClient, registry, registryPerClient or nodeCache)"}},
        BadInput{"WrongTypes", "inferenceServices: {a: 1}\ntraffic: 3\n",
                 {"bad.yaml:11:20: inferenceServices: expected a list, got a map",
                  "bad.yaml:12:10: traffic: expected a list, got \"3\""}},
        BadInput{"Pools",
                 "name: t\npools:\n  - name: H100\n    gpuProduct: NVIDIA H100\n    gpusPerNode: 0\n"
                 "    gpuMemory: 80 gigs\n    minNodes: 3\n    initialNodes: 2\n    maxNodes: 1\n"
                 "    provisioning: 7m-3m\n    gpusPerNodes: 8\n"
                 "  - name: p2\n    gpuProduct: x\n    gpuMemory: 1GB\n    provisioning: {min: 1m, max: -3m}\n"
                 "    gpuTaint: yes\n  - {name: p2, gpuProduct: x}\n",
                 {"bad.yaml:3:11: pools[0].name: \"H100\" is not a valid name (use at most 63 lower-case letters, "
                  "digits and '-', starting and ending with a letter or digit)",
                  "bad.yaml:4:17: pools[0].gpuProduct: \"NVIDIA H100\" is not a valid label value (e.g. "
                  "NVIDIA-H100-80GB-HBM3)",
                  "bad.yaml:5:18: pools[0].gpusPerNode: must be between 1 and 16, got 0",
                  "bad.yaml:6:16: pools[0].gpuMemory: \"80 gigs\" is not a size (write e.g. 16GiB, 16.5GB or a number "
                  "of bytes)",
                  "bad.yaml:8:19: pools[0].initialNodes: initialNodes (2) must not be below minNodes (3)",
                  "bad.yaml:8:19: pools[0].initialNodes: initialNodes (2) must not exceed maxNodes (1)",
                  "bad.yaml:9:15: pools[0].maxNodes: maxNodes (1) must not be below minNodes (3)",
                  "bad.yaml:10:19: pools[0].provisioning: min (7m) must not exceed max (3m)",
                  "bad.yaml:11:5: pools[0].gpusPerNodes: unknown key; did you mean \"gpusPerNode\"?",
                  "bad.yaml:15:34: pools[1].provisioning.max: must not be negative, got -3m",
                  "bad.yaml:16:15: pools[1].gpuTaint: expected true or false, got \"yes\"",
                  "bad.yaml:17:5: pools[2].gpuMemory: is required",
                  "bad.yaml:17:12: pools[2].name: duplicate pool name \"p2\" (first at line 12)"},
                 true},
        BadInput{"PoolImages",
                 "name: t\npools:\n  - name: gpu\n    gpuProduct: x\n    gpuMemory: 1GB\n    images: [\"\", \"a b\"]\n"
                 "  - name: gpu2\n    gpuProduct: x\n    gpuMemory: 1GB\n    images: vllm\n",
                 {"bad.yaml:6:14: pools[0].images[0]: \"\" is not an image reference (e.g. vllm/vllm-openai:v0.8.5)",
                  "bad.yaml:6:18: pools[0].images[1]: \"a b\" is not an image reference (e.g. vllm/vllm-openai:v0.8.5)",
                  "bad.yaml:10:13: pools[1].images: expected a list, got \"vllm\""},
                 true},
        BadInput{"Units", "storage:\n  hub: 1Gbit\n  sharedVolume: -2GiB/s\n  registry: 1e400GB/s\n",
                 {"bad.yaml:12:8: storage.hub: \"1Gbit\" is not a bandwidth (write e.g. 1Gbit/s, 450MB/s, 2GiB/s or a "
                  "number of bytes per second)",
                  "bad.yaml:13:17: storage.sharedVolume: must be greater than 0, got -2GiB/s",
                  "bad.yaml:14:13: storage.registry: \"1e400GB/s\" is out of range"}},
        BadInput{"Models",
                 "  - name: m\n    storageUri: hf://meta-llama\n    size: 1e400GiB\n    gpusPerReplica: 16\n"
                 "    engineWarmup: soon\n",
                 {"bad.yaml:11:11: models[1].name: duplicate model name \"m\" (first at line 8)",
                  "bad.yaml:12:17: models[1].storageUri: \"hf://meta-llama\" is not a valid hf:// URI (expected "
                  "hf://owner/model[:revision])",
                  "bad.yaml:13:11: models[1].size: \"1e400GiB\" is out of range",
                  "bad.yaml:15:19: models[1].engineWarmup: \"soon\" is not a duration (write e.g. 90s, 5m, 1h30m or a "
                  "number of seconds)"}},
        BadInput{"ServiceReferencesAndModes",
                 "inferenceServices:\n  - name: svc\n    model: mm\n    pool: gpus\n    deploymentMode: Knatve\n"
                 "  - name: Svc\n    model: m\n    deploymentMode: ModelMesh\n  - name: svc\n    model: m\n",
                 {"bad.yaml:13:12: inferenceServices[0].model: unknown model \"mm\"; did you mean \"m\"?",
                  "bad.yaml:14:11: inferenceServices[0].pool: unknown pool \"gpus\"; did you mean \"gpu\"?",
                  "bad.yaml:15:21: inferenceServices[0].deploymentMode: must be Knative, Serverless, Standard or "
                  "RawDeployment, got \"Knatve\"; did you mean \"Knative\"?",
                  "bad.yaml:16:11: inferenceServices[1].name: \"Svc\" is not a valid InferenceService name (use at "
                  "most 63 lower-case letters, digits and '-', starting with a letter and ending with a letter or "
                  "digit)",
                  "bad.yaml:18:21: inferenceServices[1].deploymentMode: ModelMesh is not simulated (use Knative or "
                  "Standard)",
                  "bad.yaml:19:11: inferenceServices[2].name: duplicate InferenceService \"default/svc\" (first at "
                  "line 12)"}},
        BadInput{"KnativeAnnotationRanges",
                 "inferenceServices:\n  - name: svc\n    model: m\n    minReplicas: 5\n    maxReplicas: 3\n"
                 "    annotations:\n"
                 "      autoscaling.knative.dev/target: \"0.001\"\n"
                 "      autoscaling.knative.dev/target-utilization-percentage: \"0\"\n"
                 "      autoscaling.knative.dev/min-scale: \"4\"\n"
                 "      autoscaling.knative.dev/max-scale: \"2\"\n"
                 "      autoscaling.knative.dev/scale-down-delay: 2h\n"
                 "      autoscaling.knative.dev/window: 5s\n"
                 "      autoscaling.knative.dev/panic-threshold-percentage: \"100\"\n"
                 "      autoscaling.knative.dev/minscale: \"1\"\n",
                 {"bad.yaml:14:18: inferenceServices[0].minReplicas: minReplicas (5) must not exceed maxReplicas (3)",
                  "bad.yaml:17:39: inferenceServices[0].annotations[\"autoscaling.knative.dev/target\"]: must be at "
                  "least 0.01, got 0.001",
                  "bad.yaml:18:62: inferenceServices[0].annotations[\"autoscaling.knative.dev/"
                  "target-utilization-percentage\"]: must be between 1 and 100, got 0",
                  "bad.yaml:19:42: inferenceServices[0].annotations[\"autoscaling.knative.dev/min-scale\"]: min-scale "
                  "(4) must not exceed max-scale (2)",
                  "bad.yaml:21:49: inferenceServices[0].annotations[\"autoscaling.knative.dev/scale-down-delay\"]: must "
                  "be between 0s and 1h, got 2h",
                  "bad.yaml:22:39: inferenceServices[0].annotations[\"autoscaling.knative.dev/window\"]: must be "
                  "between 6s and 1h, got 5s",
                  "bad.yaml:23:59: inferenceServices[0].annotations[\"autoscaling.knative.dev/"
                  "panic-threshold-percentage\"]: must be between 110 and 1000, got 100",
                  "bad.yaml:24:7: inferenceServices[0].annotations[\"autoscaling.knative.dev/minscale\"]: unknown "
                  "Knative autoscaling annotation; did you mean \"autoscaling.knative.dev/minScale\"?"}},
        BadInput{"AnnotationsOutOfMode",
                 "inferenceServices:\n  - name: svc\n    model: m\n    deploymentMode: Standard\n    scaleMetric: gpu\n"
                 "    annotations:\n      autoscaling.knative.dev/min-scale: \"1\"\n"
                 "      serving.kserve.io/deploymentMode: Serverless\n",
                 {"bad.yaml:15:18: inferenceServices[0].scaleMetric: must be concurrency, rps, cpu or memory, got "
                  "\"gpu\"; did you mean \"cpu\"?",
                  "bad.yaml:17:7: inferenceServices[0].annotations[\"autoscaling.knative.dev/min-scale\"]: Knative "
                  "autoscaling annotations apply only in Knative mode (the service is Standard)",
                  "bad.yaml:18:41: inferenceServices[0].annotations[\"serving.kserve.io/deploymentMode\"]: says "
                  "Knative but the service's deploymentMode is Standard"}},
        BadInput{"DoesNotFit",
                 "  - name: big\n    storageUri: pvc://models/big\n    size: 400GB\n    gpusPerReplica: 4\n"
                 "inferenceServices:\n  - {name: a, model: big, pool: gpu}\n  - {name: b, model: big}\n",
                 {"bad.yaml:16:33: inferenceServices[0].pool: the weights of model \"big\" (400 GB) do not fit in the "
                  "memory of 4 GPUs of pool \"gpu\" (320 GB)",
                  "bad.yaml:17:22: inferenceServices[1].model: no pool has nodes that fit model \"big\" (4 GPUs per "
                  "replica, 400 GB of weights)"}},
        BadInput{"Generators",
                 // Braces are flow syntax: a pattern inside {…} must be quoted.
                 "inferenceServices:\n  - {name: svc-1, model: m}\n  - {namePattern: svc, count: 2, model: m}\n"
                 "  - {namePattern: \"svc-{index}\", count: 3, modelFrom: [m, x]}\n"
                 "  - {namePattern: \"{idx}\", count: 1, model: m}\n"
                 "  - {namePattern: \"s-{index}\", count: 1000000, model: m}\n",
                 {"bad.yaml:13:19: inferenceServices[1].namePattern: needs {index} so the 2 names differ",
                  "bad.yaml:14:19: inferenceServices[2].namePattern: duplicate InferenceService \"default/svc-1\" "
                  "(first at line 12)",
                  "bad.yaml:14:59: inferenceServices[2].modelFrom[1]: unknown model \"x\"",
                  "bad.yaml:15:19: inferenceServices[3].namePattern: unknown placeholder \"{idx}\" (use {index}, or "
                  "{index:4} for 0000, 0001, …)",
                  "bad.yaml:16:39: inferenceServices[4].count: must be between 1 and 100000, got 1000000"}},
        BadInput{"Traffic",
                 "duration: 30m\ninferenceServices:\n  - {name: chat, model: m}\ntraffic:\n"
                 "  - {service: chta, rps: 1}\n  - {service: chat, shape: spik}\n"
                 "  - {service: chat, rps: 3, to: 5}\n  - {service: chat, shape: spike, at: 40m}\n",
                 {"bad.yaml:15:15: traffic[0].service: unknown InferenceService \"chta\"; did you mean \"chat\"?",
                  "bad.yaml:16:28: traffic[1].shape: must be constant, step, ramp, daily, spike or idle, got \"spik\"; "
                  "did you mean \"spike\"?",
                  "bad.yaml:17:33: traffic[2].to: is not used by shape constant",
                  "bad.yaml:18:5: traffic[3].to: is required",
                  "bad.yaml:18:5: traffic[3].duration: is required",
                  "bad.yaml:18:39: traffic[3].at: at 40m is after the end of the scenario (30m)"}},
        BadInput{"FaultsAndActions",
                 "inferenceServices:\n  - name: chat\n    model: m\n    annotations: {autoscaling.knative.dev/min-scale: \"2\"}\n"
                 "faults:\n  - {kind: nodeFailure, at: 1m, target: gpu-7}\n  - {kind: storageSlowdown, at: 1m, target: hubb}\n"
                 "  - {kind: nodeFailure, at: 1m, target: cpu, factor: 2}\n"
                 "actions:\n  - {kind: prewarm, at: 1m, model: m, pool: gpu}\n"
                 "  - {kind: scale, at: 2m, service: chat, annotations: {autoscaling.knative.dev/max-scale: \"1\"}}\n"
                 "  - {kind: resize, at: 2m}\n",
                 {"bad.yaml:16:41: faults[0].target: pool \"gpu\" never has a node \"gpu-7\" (maxNodes is 2)",
                  "bad.yaml:17:5: faults[1].factor: is required",
                  "bad.yaml:17:45: faults[1].target: must be hub, objectStore, sharedVolume or registry, got \"hubb\"; "
                  "did you mean \"hub\"?",
                  "bad.yaml:18:41: faults[2].target: unknown node \"cpu\" (nodes are named <pool>-<n>, e.g. gpu-0)",
                  "bad.yaml:18:54: faults[2].factor: is not used by kind nodeFailure",
                  "bad.yaml:20:45: actions[0].pool: model \"m\" (16 GB) does not fit in the node cache of pool \"gpu\" "
                  "(0 B)",
                  "bad.yaml:21:91: actions[1].annotations[\"autoscaling.knative.dev/max-scale\"]: max-scale (1) must "
                  "not be below min-scale (2)",
                  "bad.yaml:22:12: actions[2].kind: must be prewarm or scale, got \"resize\""}},
        BadInput{"Captions", "captions:\n  - {at: -1m, title: x}\n  - {at: 1m}\n  - {at: 1m, title: \"\"}\n",
                 {"bad.yaml:12:10: captions[0].at: must not be negative, got -1m",
                  "bad.yaml:13:5: captions[1].title: is required",
                  "bad.yaml:14:21: captions[2].title: must not be empty"}}),
    [](const testing::TestParamInfo<BadInput> &param) { return std::string(param.param.name); });

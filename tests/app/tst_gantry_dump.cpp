// `gantry dump` as scripts run it: the real executable against gantry-sim
// running the shipped factory scenario. The derived cold-start phases are
// compared with what the simulator actually did (its ground-truth record), the
// document with the published schema, and the server's write counter proves a
// dump never writes.

#include "common/jsonschemacheck.h"
#include "common/ports.h"
#include "sim/factory/factory.h"
#include "sim/factory/podlifecycle.h"
#include "sim/scenario/scenario.h"
#include "sim/simfixture.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>

using nlohmann::json;
using namespace gantry::test;

namespace {

const std::string gantryPath = GANTRY_EXECUTABLE;

std::string readFileText(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const json *findByName(const json &list, const std::string &key, const std::string &value)
{
    for (const json &item : list) {
        if (item.value(key, std::string()) == value)
            return &item;
    }
    return nullptr;
}

// The span of `phase` in a dumped start, or nullptr when it is missing or merged with a neighbour.
const json *phaseOf(const json &start, const std::string &phase)
{
    for (const json &span : start["phases"]) {
        if (span["phase"] == phase && span["lastPhase"] == phase)
            return &span;
    }
    return nullptr;
}

class GantryDumpTest : public SimulatorTest
{
protected:
    void configure(gantry::sim::SimulatorOptions &options) override
    {
        auto loaded = gantry::sim::loadScenarioFile(GANTRY_SCENARIOS_DIR "/factory.yaml");
        ASSERT_TRUE(loaded.scenario) << loaded.errors.front().toString();
        options.scenario = std::move(loaded.scenario);
        options.speed = 0; // the test steps the factory; the dump sees a still cluster
    }

    ProcessResult dump(std::vector<std::string> extra = {})
    {
        std::vector<std::string> argv = {gantryPath, "dump", "--kubeconfig", kubeconfigPath(), "--timeout", "30"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return runProcess(argv, {{"HOME", dir()}, {"XDG_DATA_HOME", dir()}}, {}, std::chrono::seconds(90));
    }

    json dumpJson(std::vector<std::string> extra = {})
    {
        const ProcessResult result = dump(std::move(extra));
        EXPECT_EQ(result.exitCode, 0) << result.err;
        try {
            return json::parse(result.out);
        } catch (const std::exception &error) {
            ADD_FAILURE() << "not JSON: " << error.what() << "\n" << result.out.substr(0, 400) << "\n" << result.err;
            return json::object();
        }
    }

    std::map<std::string, gantry::sim::StartRecord> groundTruth()
    {
        std::map<std::string, gantry::sim::StartRecord> byPod;
        for (const auto &record : simulator().factory()->lifecycle().history())
            byPod[record.pod] = record;
        return byPod;
    }

    // Compares each observed phase with the simulator's record; returns how many were compared.
    int compareWithGroundTruth(const json &document)
    {
        const auto truth = groundTruth();
        int compared = 0;
        for (const json &start : document["coldStarts"]["starts"]) {
            const auto record = truth.find(start["pod"].get<std::string>());
            if (record == truth.end() || !start["complete"].get<bool>())
                continue;
            const auto &r = record->second;
            const auto check = [&](const char *phase, double begin, double end) {
                const json *span = phaseOf(start, phase);
                if (!span || begin < 0 || end < 0 || (*span)["seconds"].is_null())
                    return;
                const double expected = end - begin;
                const double derived = (*span)["seconds"].get<double>();
                // Kubernetes timestamps have one-second precision; 10% otherwise.
                EXPECT_LE(std::fabs(derived - expected), std::max(0.10 * expected, 2.0))
                    << start["pod"] << " " << phase << ": derived " << derived << " s, simulated " << expected << " s";
                ++compared;
            };
            check("model download", r.downloadStart, r.downloadEnd);
            check("image pull", r.pullStart, r.pullEnd);
            check("weight load", r.weightStart, r.weightEnd);
            if (r.ready >= 0 && r.created >= 0) {
                const double expected = r.ready - r.created;
                EXPECT_LE(std::fabs(start["totalSeconds"].get<double>() - expected), std::max(0.10 * expected, 2.0))
                    << start["pod"] << " total";
                ++compared;
            }
            EXPECT_EQ(start["weightSource"], r.weightSource) << start["pod"];
        }
        return compared;
    }
};

} // namespace

TEST_F(GantryDumpTest, AfterTheSpikeShowsScaleOutNodeScaleUpAndTrueColdStarts)
{
    simulator().factory()->runFor(36 * 60); // the spike at 9 min has run its course
    const auto writesBefore = simulator().server().requestCounts().writes;
    const json document = dumpJson({"--wait-synced", "--metrics-url", simulator().server().url() + "/metrics"});
    ASSERT_TRUE(document.contains("pools")) << document.dump().substr(0, 300);
    EXPECT_EQ(simulator().server().requestCounts().writes, writesBefore) << "a dump must never write";

    std::ifstream schemaFile(GANTRY_SOURCE_DIR "/resources/dump-schema.json");
    std::vector<std::string> problems;
    checkJsonSchema(document, json::parse(schemaFile), "$", problems);
    for (const std::string &problem : problems)
        ADD_FAILURE() << problem;
    EXPECT_TRUE(document["freshness"]["synced"].get<bool>());

    // The spike scaled chat out beyond its two minimum replicas …
    const json *chat = findByName(document["deployments"], "name", "chat");
    ASSERT_NE(chat, nullptr);
    EXPECT_GT((*chat)["replicas"].size(), 2u);
    EXPECT_EQ((*chat)["weightSource"], "hub");
    // … which took a second H100 node …
    const json *h100 = findByName(document["pools"], "name", "h100");
    ASSERT_NE(h100, nullptr);
    EXPECT_GE((*h100)["nodes"].size(), 2u);
    EXPECT_GT((*h100)["gpus"]["allocated"].get<double>(), 8);
    // … whose provisioning shows on the replicas that waited for it.
    int provisioned = 0;
    for (const json &start : document["coldStarts"]["starts"])
        provisioned += phaseOf(start, "node provisioning") != nullptr;
    EXPECT_GE(provisioned, 1);
    // Metrics came through the direct scrape and joined GPUs to pods.
    EXPECT_FALSE(document["freshness"]["metrics"]["source"].is_null());
    int measured = 0;
    for (const json &node : (*h100)["nodes"])
        for (const json &gpu : node["gpus"])
            measured += !gpu["utilizationPercent"].is_null();
    EXPECT_GT(measured, 0);

    EXPECT_GE(compareWithGroundTruth(document), 10);
}

// factory.yaml prewarms the H100 nodes with chat's weights at 37 min; the same
// spike at 45 min then starts replicas that read them from local NVMe.
TEST_F(GantryDumpTest, TheSpikeAfterThePrewarmStartsFromNodeCaches)
{
    struct Sums
    {
        int count = 0;
        double weights = 0; // download + load
        double total = 0;
    };
    // chat's completed starts in a dump, by weight source.
    const auto chatStarts = [](const json &document) {
        std::map<std::string, Sums> bySource;
        for (const json &start : document["coldStarts"]["starts"]) {
            if (start["inferenceService"] != "chat" || !start["complete"].get<bool>())
                continue;
            Sums &sums = bySource[start["weightSource"].get<std::string>()];
            ++sums.count;
            for (const char *phase : {"model download", "weight load"}) {
                if (const json *span = phaseOf(start, phase))
                    sums.weights += (*span)["seconds"].get<double>();
            }
            sums.total += start["totalSeconds"].get<double>();
        }
        return bySource;
    };
    const auto mean = [](double sum, int count) { return count ? sum / count : 0.0; };

    // 36 min: the first spike's replicas, every one fetched from the hub.
    simulator().factory()->runFor(36 * 60);
    const json before = dumpJson({"--wait-synced"});
    auto first = chatStarts(before);
    ASSERT_GE(first["hub"].count, 8) << before["coldStarts"].dump().substr(0, 2000);
    EXPECT_EQ(first.count("node cache"), 0u) << "a hub download warms no node";
    EXPECT_GE(compareWithGroundTruth(before), 20);

    // 52 min: the prewarm at 37 min filled the H100 caches; the spike at 45 min reads them.
    simulator().factory()->runFor(16 * 60);
    const json after = dumpJson({"--wait-synced"});
    auto second = chatStarts(after);
    ASSERT_GE(second["node cache"].count, 6) << after["coldStarts"].dump().substr(0, 2000);
    const double hubWeights = mean(first["hub"].weights, first["hub"].count);
    const double cacheWeights = mean(second["node cache"].weights, second["node cache"].count);
    // 16 GB from local NVMe at ~7 GB/s against a share of one 1 Gb/s hub link.
    EXPECT_LT(cacheWeights * 5, hubWeights) << "node cache " << cacheWeights << " s, hub " << hubWeights << " s";
    // Ready in minutes instead of twenty.
    const double cacheTotal = mean(second["node cache"].total, second["node cache"].count);
    const double hubTotal = mean(first["hub"].total, first["hub"].count);
    EXPECT_LT(cacheTotal, 6 * 60);
    EXPECT_LT(cacheTotal * 2, hubTotal) << "node cache " << cacheTotal << " s, hub " << hubTotal << " s";

    // Every H100 node holds the weights, put there by its prewarm Job.
    int prewarmedH100 = 0;
    for (const json &cache : after["coldStarts"]["warmCaches"])
        prewarmedH100 += cache["modelUri"] == "hf://meta-llama/Llama-3.1-8B-Instruct"
            && cache["node"].get<std::string>().rfind("h100-", 0) == 0
            && cache["via"].get<std::string>().rfind("prewarm job", 0) == 0;
    EXPECT_GE(prewarmedH100, 2) << after["coldStarts"]["warmCaches"].dump();
    EXPECT_GE(compareWithGroundTruth(after), 20);
}

// The shipped scale-from-zero scenario prewarms cache-nodes with the weights
// chat-hub downloads from the hub; at 8 min both scale from zero.
class GantryDumpPrewarmTest : public GantryDumpTest
{
protected:
    void configure(gantry::sim::SimulatorOptions &options) override
    {
        auto loaded = gantry::sim::loadScenarioFile(GANTRY_SCENARIOS_DIR "/scale-from-zero.yaml");
        ASSERT_TRUE(loaded.scenario) << loaded.errors.front().toString();
        options.scenario = std::move(loaded.scenario);
        options.speed = 0;
    }
};

TEST_F(GantryDumpPrewarmTest, APrewarmedNodeStartsFromItsCache)
{
    simulator().factory()->runFor(20 * 60);
    const json document = dumpJson({"--wait-synced"});
    ASSERT_TRUE(document.contains("coldStarts"));
    // Time spent getting the weights (download + load) of each service's start.
    std::map<std::string, std::pair<std::string, double>> byService;
    for (const json &start : document["coldStarts"]["starts"]) {
        if (!start["complete"].get<bool>())
            continue;
        double weights = 0;
        for (const char *phase : {"model download", "weight load"}) {
            if (const json *span = phaseOf(start, phase))
                weights += (*span)["seconds"].get<double>();
        }
        byService[start["inferenceService"].get<std::string>()] = {start["weightSource"].get<std::string>(), weights};
    }
    ASSERT_TRUE(byService.count("chat-cache") && byService.count("chat-hub")) << document["coldStarts"].dump();
    EXPECT_EQ(byService["chat-cache"].first, "node cache");
    EXPECT_EQ(byService["chat-hub"].first, "hub");
    // 16 GB from local NVMe at ~7 GB/s against the same bytes over a 1 Gb/s WAN.
    EXPECT_LT(byService["chat-cache"].second * 5, byService["chat-hub"].second)
        << "node cache " << byService["chat-cache"].second << " s, hub " << byService["chat-hub"].second << " s";
    // The cache is listed, and it came from the prewarm Job.
    bool prewarmed = false;
    for (const json &cache : document["coldStarts"]["warmCaches"])
        prewarmed = prewarmed
            || (cache["modelUri"] == "hf://meta-llama/Llama-3.1-8B-Instruct"
                && cache["via"].get<std::string>().rfind("prewarm job", 0) == 0);
    EXPECT_TRUE(prewarmed) << document["coldStarts"]["warmCaches"].dump();
    EXPECT_GE(compareWithGroundTruth(document), 6);
}

TEST_F(GantryDumpTest, BadKubeconfigNamesFileAndLine)
{
    const std::string path = writeFile("broken", "apiVersion: v1\nclusters:\n  - name: x\n    cluster: [unclosed\n");
    const ProcessResult result = runProcess({gantryPath, "dump", "--kubeconfig", path}, {{"HOME", dir()}});
    EXPECT_EQ(result.exitCode, 4);
    EXPECT_NE(result.err.find(path + ":"), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty());
}

TEST_F(GantryDumpTest, UnreachableClusterStillPrintsWhatFailed)
{
    const std::string port = std::to_string(unusedLoopbackPort());
    std::string config = readFileText(kubeconfigPath());
    const std::string server = simulator().server().url();
    config.replace(config.find(server), server.size(), "https://127.0.0.1:" + port);
    const std::string path = writeFile("unreachable", config);
    const ProcessResult result = runProcess({gantryPath, "dump", "--kubeconfig", path, "--timeout", "1"}, {{"HOME", dir()}});
    EXPECT_EQ(result.exitCode, 5) << result.err;
    const json document = json::parse(result.out);
    EXPECT_FALSE(document["freshness"]["synced"].get<bool>());
    bool saidWhy = false;
    for (const json &kind : document["freshness"]["kinds"])
        saidWhy = saidWhy || (kind["error"].is_string() && kind["error"].get<std::string>().find("127.0.0.1") != std::string::npos);
    EXPECT_TRUE(saidWhy) << document["freshness"].dump();
}

TEST_F(GantryDumpTest, UsageErrorsAreExplained)
{
    const ProcessResult both = runProcess({gantryPath, "dump", "-n", "x", "-A"}, {{"HOME", dir()}});
    EXPECT_EQ(both.exitCode, 2);
    EXPECT_NE(both.err.find("--namespace"), std::string::npos);
    const ProcessResult watch = runProcess({gantryPath, "dump", "--watch", "soon"}, {{"HOME", dir()}});
    EXPECT_EQ(watch.exitCode, 2);
    EXPECT_NE(watch.err.find("--watch"), std::string::npos);
    const ProcessResult help = runProcess({gantryPath, "dump", "--help"}, {{"HOME", dir()}});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("--wait-synced"), std::string::npos);
}

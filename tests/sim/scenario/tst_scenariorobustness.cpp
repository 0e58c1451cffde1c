// Hostile and broken scenario files: the loader never crashes or hangs, and
// always says what is wrong.

#include "sim/scenario/scenario.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

using namespace gantry::sim;

namespace {

std::string readShipped(const std::string &fileName)
{
    std::ifstream file(std::string(GANTRY_SCENARIOS_DIR) + "/" + fileName, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

// A result is either a scenario or at least one located message, never both.
void expectWellFormed(const ScenarioLoadResult &result)
{
    EXPECT_NE(result.scenario.has_value(), !result.errors.empty());
    for (const ScenarioError &error : result.errors) {
        EXPECT_FALSE(error.message.empty());
        EXPECT_GE(error.line, 0);
    }
}

// Deterministic, so a failure reproduces.
struct Random
{
    std::uint64_t state = 0x9e3779b97f4a7c15ULL;
    std::uint32_t next()
    {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state >> 33);
    }
};

const char *const kShipped[] = {"factory.yaml", "scale-from-zero.yaml", "node-failure.yaml", "large.yaml"};

} // namespace

TEST(ScenarioRobustness, TruncatedFiles)
{
    for (const char *fileName : kShipped) {
        const std::string text = readShipped(fileName);
        ASSERT_FALSE(text.empty()) << fileName;
        for (std::size_t length = 0; length < text.size(); length += 13) {
            SCOPED_TRACE(std::string(fileName) + " cut at " + std::to_string(length));
            expectWellFormed(parseScenario(text.substr(0, length), fileName));
        }
    }
}

TEST(ScenarioRobustness, MutatedBytes)
{
    const std::string original = readShipped("factory.yaml");
    static constexpr char kInteresting[] = "\0\xff:[]{}&*!%|>-#'\"\t\n ";
    const std::string interesting(kInteresting, sizeof kInteresting - 1);
    Random random;
    for (int round = 0; round < 1500; ++round) {
        std::string text = original;
        for (int flips = 1 + static_cast<int>(random.next() % 4); flips > 0; --flips) {
            const std::size_t at = random.next() % text.size();
            text[at] = random.next() % 2 ? interesting[random.next() % interesting.size()]
                                         : static_cast<char>(random.next() & 0xff);
        }
        SCOPED_TRACE("round " + std::to_string(round));
        expectWellFormed(parseScenario(text, "mutant.yaml"));
    }
}

TEST(ScenarioRobustness, BinaryGarbage)
{
    Random random;
    for (int round = 0; round < 300; ++round) {
        std::string text(1 + random.next() % 4096, '\0');
        for (char &c : text)
            c = static_cast<char>(random.next() & 0xff);
        expectWellFormed(parseScenario(text, "garbage.bin"));
    }
}

TEST(ScenarioRobustness, DeepNestingIsOneError)
{
    for (const std::string &text : {std::string(100000, '['), std::string("pools: ") + std::string(50000, '{'),
                                    [] {
                                        std::string blocks = "pools:\n";
                                        for (int i = 0; i < 30000; ++i)
                                            blocks += "- ";
                                        return blocks + "x\n";
                                    }()}) {
        const ScenarioLoadResult result = parseScenario(text, "deep.yaml");
        ASSERT_EQ(result.errors.size(), 1u);
        EXPECT_EQ(result.errors[0].message.rfind("invalid YAML: ", 0), 0u) << result.errors[0].message;
        EXPECT_GE(result.errors[0].line, 1);
    }
}

TEST(ScenarioRobustness, StrayCommaIsAnErrorNotAnEndlessLoop)
{
    // yaml-cpp 0.7 reads a ',' outside a flow collection as empty documents without end.
    for (const char *text : {",", "name: t\n---\n&anchor,\n"}) {
        const ScenarioLoadResult result = parseScenario(text, "comma.yaml");
        EXPECT_FALSE(result.scenario) << text;
        ASSERT_EQ(result.errors.size(), 1u) << text;
        EXPECT_EQ(result.errors[0].message, "invalid YAML: unexpected ',' where a value should start") << text;
        EXPECT_GE(result.errors[0].line, 1) << text;
    }
}

TEST(ScenarioRobustness, HugeNumbers)
{
    const ScenarioLoadResult result = parseScenario(R"(name: huge
duration: 1e400h
pools:
  - name: p
    gpuProduct: x
    gpusPerNode: 99999999999999999999
    gpuMemory: 1e400GiB
    maxNodes: 1e9
models:
  - {name: m, storageUri: hf://a/b, size: 1e308PB, gpusPerReplica: -1}
inferenceServices:
  - {namePattern: "s-{index}", count: 99999999999999999999, model: m}
)",
                                                    "huge.yaml");
    expectWellFormed(result);
    std::vector<std::string> messages;
    for (const auto &error : result.errors)
        messages.push_back(error.toString());
    EXPECT_EQ(messages, (std::vector<std::string>{
                            "huge.yaml:2:11: duration: \"1e400h\" is out of range",
                            "huge.yaml:6:18: pools[0].gpusPerNode: must be between 1 and 16, got 99999999999999999999",
                            "huge.yaml:7:16: pools[0].gpuMemory: \"1e400GiB\" is out of range",
                            "huge.yaml:8:15: pools[0].maxNodes: expected a whole number, got \"1e9\"",
                            "huge.yaml:10:43: models[0].size: \"1e308PB\" is out of range",
                            "huge.yaml:10:68: models[0].gpusPerReplica: must be between 1 and 64, got -1",
                            "huge.yaml:12:39: inferenceServices[0].count: must be between 1 and 100000, got "
                            "99999999999999999999",
                        }));
}

// Aliases share nodes: a "billion laughs" document costs only what it spells out.
TEST(ScenarioRobustness, AliasBombsStayCheap)
{
    std::string text = "name: bomb\nx0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int level = 1; level < 12; ++level) {
        text += "x" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
        for (int i = 0; i < 10; ++i)
            text += std::string(i ? ", " : "") + "*a" + std::to_string(level - 1);
        text += "]\n";
    }
    text += "pools: *a11\ncaptions: *a11\n";
    const auto start = std::chrono::steady_clock::now();
    const ScenarioLoadResult result = parseScenario(text, "bomb.yaml");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    expectWellFormed(result);
    EXPECT_LT(result.errors.size(), 40u);
}

TEST(ScenarioRobustness, LongKeysAndValues)
{
    // YAML caps implicit keys at 1024 characters; values have no cap.
    const std::string longKey(1000, 'k');
    const std::string longValue(1 << 20, 'v');
    const ScenarioLoadResult result = parseScenario("name: t\n" + longKey + ": 1\npools: [{name: " + longValue
                                                        + ", gpuProduct: x, gpuMemory: 1GB}]\n",
                                                    "long.yaml");
    expectWellFormed(result);
    ASSERT_EQ(result.errors.size(), 2u);
    for (const ScenarioError &error : result.errors)
        EXPECT_LT(error.message.size(), 400u) << "long text is shortened in messages";
}

TEST(ScenarioRobustness, OversizedFileIsRefused)
{
    const ScenarioLoadResult result = loadScenarioFile("/dev/zero");
    ASSERT_EQ(result.errors.size(), 1u);
    EXPECT_NE(result.errors[0].message.find("is larger than 16 MiB"), std::string::npos);
}

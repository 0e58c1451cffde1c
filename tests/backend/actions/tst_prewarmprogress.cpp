// Reading prewarm progress: Job states, the sim's and the template's log lines,
// LocalModelCache node states, and the names the action gives its objects.

#include "backend/actions/prewarmaction.h"
#include "backend/actions/prewarmprogress.h"
#include "backend/actions/validation.h"

#include <gtest/gtest.h>

using namespace gantry::actions;
using nlohmann::json;
using State = NodePrewarmProgress::State;

namespace {

TEST(PrewarmProgress, JobStates)
{
    EXPECT_EQ(prewarmJobState(json::object()), State::Pending);
    EXPECT_EQ(prewarmJobState({ { "status", { { "active", 1 } } } }), State::Running);
    EXPECT_EQ(prewarmJobState({ { "status", { { "active", 0 }, { "succeeded", 1 } } } }), State::Succeeded);
    EXPECT_EQ(prewarmJobState({ { "status", { { "failed", 1 } } } }), State::Failed);
    EXPECT_EQ(
        prewarmJobState({ { "status", { { "conditions", { { { "type", "Failed" }, { "status", "True" } } } } } } }),
        State::Failed);
    EXPECT_EQ(
        prewarmJobState({ { "status", { { "conditions", { { { "type", "Complete" }, { "status", "True" } } } } } } }),
        State::Succeeded);
    EXPECT_EQ(prewarmJobState({ { "status", "garbage" } }), State::Pending);
    EXPECT_STREQ(prewarmStateName(State::Succeeded), "succeeded");
}

TEST(PrewarmProgress, LogLines)
{
    EXPECT_NEAR(
        *prewarmLogFraction("prewarm: read 7.5/14.9 GiB of pvc://m/x into the page cache of h100-0"), 7.5 / 14.9, 1e-9);
    EXPECT_EQ(prewarmLogFraction("prewarm: done, 14.9 GiB in 16.0 s; h100-0 is warm"), 1.0);
    EXPECT_EQ(prewarmLogFraction("prewarm: done, 15627788 KiB in 14 s; h100-0 is warm"), 1.0) << "the template's line";
    EXPECT_FALSE(prewarmLogFraction("prewarm: reading 14.9 GiB of pvc://m/x on h100-0"));
    EXPECT_FALSE(prewarmLogFraction("prewarm: read x/y GiB"));
    EXPECT_FALSE(prewarmLogFraction("prewarm: read 1/0 GiB"));
    EXPECT_FALSE(prewarmLogFraction("something else"));
    EXPECT_EQ(prewarmLogFraction("prewarm: read 20/10 GiB of x"), 1.0) << "clamped";
}

TEST(PrewarmProgress, CacheNodeStates)
{
    EXPECT_EQ(cacheNodeState("NodeDownloaded"), State::Succeeded);
    EXPECT_EQ(cacheNodeState("NodeDownloading"), State::Running);
    EXPECT_EQ(cacheNodeState("NodeDownloadPending"), State::Pending);
    EXPECT_EQ(cacheNodeState("NodeNotReady"), State::Pending);
    EXPECT_EQ(cacheNodeState("NodeDownloadError"), State::Failed);
}

TEST(PrewarmProgress, NamesAreValidAndStable)
{
    const std::string name = PrewarmAction::jobNameFor("h100-0", "pvc://models/llama");
    EXPECT_EQ(name, PrewarmAction::jobNameFor("h100-0", "pvc://models/llama"));
    EXPECT_NE(name, PrewarmAction::jobNameFor("h100-0", "pvc://models/other"));
    EXPECT_EQ(name.rfind("prewarm-h100-0-", 0), 0u);
    const std::string longNode = std::string(60, 'n') + "-.x.example.com";
    const std::string longName = PrewarmAction::jobNameFor(longNode, "pvc://models/llama");
    EXPECT_LE(longName.size(), 63u);
    EXPECT_TRUE(validateDns1123Label("job", longName).empty()) << longName;
    const std::string cache = PrewarmAction::cacheNameFor("hf://Meta-Llama/Llama-3.1-8B_Instruct");
    EXPECT_EQ(cache.rfind("llama-3-1-8b-instruct-", 0), 0u) << cache;
    EXPECT_TRUE(validateDns1123Subdomain("name", cache).empty()) << cache;
}

TEST(PrewarmProgress, SpecsAreValidatedPerMethod)
{
    PrewarmSpec jobs;
    jobs.modelUri = "hf://org/model";
    jobs.nodes = { "h100-0", "h100-0", "Bad_Node" };
    std::vector<std::string> fields;
    for (const Problem &problem : PrewarmAction::validate(jobs))
        fields.push_back(problem.field + ": " + problem.message);
    ASSERT_EQ(fields.size(), 3u);
    EXPECT_EQ(fields[0], "nodes[1]: is listed twice");
    EXPECT_EQ(fields[1].rfind("nodes[2]: ", 0), 0u);
    EXPECT_EQ(fields[2], "modelUri: a prewarm Job reads a shared volume: use pvc://<claim>/<path>");

    PrewarmSpec cache;
    cache.method = PrewarmMethod::LocalModelCache;
    cache.modelUri = "hf://org/model";
    cache.modelSize = "16GB";
    const Problems problems = PrewarmAction::validate(cache);
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].field, "spec.nodeGroups");
    EXPECT_EQ(problems[1].field, "spec.modelSize");
}

} // namespace

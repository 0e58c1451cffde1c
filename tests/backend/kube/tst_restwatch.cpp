// Watch and logs streams against the real gantry-sim: events as they happen,
// 410 for an expired version, prompt cancellation, followed logs.

#include "backend/kube/restclient.h"
#include "resttestsupport.h"
#include "sim/simfixture.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

using namespace gantry::kube;
using gantry::kube::test::podObject;
using gantry::kube::test::podsIn;

namespace {

class RestWatchTest : public gantry::test::SimulatorTest
{
protected:
    void configure(gantry::sim::SimulatorOptions &options) override { options.historyPerType = 5; }

    std::shared_ptr<RestClient> admin()
    {
        ResolvedConnection c;
        c.server = simulator().server().url();
        c.caPem = simulator().server().caCertificatePem();
        c.auth = TokenAuth{simulator().access().adminToken()};
        return RestClient::forConnection(c);
    }
};

// Events a watch thread has seen, for the test thread to wait on.
class EventLog
{
public:
    bool add(const WatchEvent &event)
    {
        std::lock_guard lock(m_mutex);
        if (event.type != WatchEvent::Type::Bookmark)
            m_events.push_back(std::string(event.typeName()) + " "
                               + event.object["metadata"].value("name", std::string()));
        ++m_all;
        m_changed.notify_all();
        return true;
    }
    bool waitFor(std::size_t count, std::chrono::seconds timeout = std::chrono::seconds(10))
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return m_events.size() >= count; });
    }
    bool waitForAny(std::chrono::seconds timeout = std::chrono::seconds(10))
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return m_all > 0; });
    }
    std::vector<std::string> events()
    {
        std::lock_guard lock(m_mutex);
        return m_events;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::string> m_events;
    std::size_t m_all = 0;
};

TEST_F(RestWatchTest, ReceivesAddedModifiedAndDeletedAsTheyHappen)
{
    auto client = admin();
    const JsonResult list = client->list(podsIn());
    ASSERT_TRUE(list) << list.error().summary();
    const std::string version = (*list)["metadata"]["resourceVersion"];

    EventLog log;
    WatchOptions options;
    auto watching = std::async(std::launch::async, [&] {
        return client->watch(podsIn(), version, options, [&log](const WatchEvent &event) { return log.add(event); });
    });
    ASSERT_TRUE(client->create(podsIn(), podObject("w1")));
    ASSERT_TRUE(log.waitFor(1)) << "ADDED arrives while the stream is open";
    ASSERT_TRUE(client->patch(podsIn().named("w1"), PatchType::Merge, {{"metadata", {{"labels", {{"a", "b"}}}}}}));
    ASSERT_TRUE(client->remove(podsIn().named("w1")));
    ASSERT_TRUE(log.waitFor(3));
    EXPECT_EQ(log.events(), (std::vector<std::string>{"ADDED w1", "MODIFIED w1", "DELETED w1"}));

    options.cancellation.cancel();
    const ApiResult<StreamSummary> result = watching.get();
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().isCancelled());
}

TEST_F(RestWatchTest, EndsWhenTheServerEndsTheStream)
{
    auto client = admin();
    ASSERT_TRUE(client->create(podsIn(), podObject("existing")));
    WatchOptions options;
    options.timeoutSeconds = 1;
    options.allowBookmarks = false;
    std::vector<std::string> seen;
    // No resourceVersion: the current state comes first as ADDED events.
    const ApiResult<StreamSummary> result = client->watch(podsIn(), "", options, [&seen](const WatchEvent &event) {
        seen.push_back(std::string(event.typeName()) + " " + event.object["metadata"].value("name", std::string()));
        return true;
    });
    ASSERT_TRUE(result) << result.error().summary();
    EXPECT_EQ(seen, (std::vector<std::string>{"ADDED existing"}));
    EXPECT_EQ(result->items, 1u);
    EXPECT_FALSE(result->lastResourceVersion.empty());
    EXPECT_FALSE(result->stoppedByCallback);
}

TEST_F(RestWatchTest, ANamedWatchSeesOnlyThatObjectAndStopsWhenAsked)
{
    auto client = admin();
    const std::string version = (*client->list(podsIn()))["metadata"]["resourceVersion"];
    ASSERT_TRUE(client->create(podsIn(), podObject("other")));
    ASSERT_TRUE(client->create(podsIn(), podObject("mine")));
    std::vector<std::string> names;
    const ApiResult<StreamSummary> result =
        client->watch(podsIn().named("mine"), version, {}, [&names](const WatchEvent &event) {
            names.push_back(event.object["metadata"]["name"]);
            return false; // one is enough
        });
    ASSERT_TRUE(result) << result.error().summary();
    EXPECT_TRUE(result->stoppedByCallback);
    EXPECT_EQ(names, (std::vector<std::string>{"mine"}));
}

TEST_F(RestWatchTest, AnExpiredVersionGivesAn410ErrorEvent)
{
    auto client = admin();
    const std::string old = (*client->list(podsIn()))["metadata"]["resourceVersion"];
    // More changes than the simulator's history of 5 keeps.
    for (int i = 0; i < 12; ++i)
        ASSERT_TRUE(client->create(podsIn(), podObject("churn-" + std::to_string(i))));

    std::optional<WatchEvent> error;
    WatchOptions options;
    options.timeoutSeconds = 5;
    const ApiResult<StreamSummary> result = client->watch(podsIn(), old, options, [&error](const WatchEvent &event) {
        if (event.type == WatchEvent::Type::Error)
            error = event;
        return true;
    });
    ASSERT_TRUE(result) << result.error().summary();
    ASSERT_TRUE(error.has_value());
    ASSERT_TRUE(error->status.has_value());
    EXPECT_EQ(error->status->code, 410);
    EXPECT_EQ(error->status->reason, "Expired");
    EXPECT_NE(error->status->message.find("too old resource version: " + old), std::string::npos);
    EXPECT_TRUE(ApiError::fromStatus(*error->status).isExpired());
}

TEST_F(RestWatchTest, CancellationStopsAnIdleWatchPromptly)
{
    auto client = admin();
    EventLog log;
    WatchOptions options;
    auto watching = std::async(std::launch::async, [&] {
        return client->watch(podsIn(), "", options, [&log](const WatchEvent &event) { return log.add(event); });
    });
    // The fixture's server sends a bookmark every 500 ms: the stream is open.
    ASSERT_TRUE(log.waitForAny());
    const auto start = std::chrono::steady_clock::now();
    options.cancellation.cancel();
    ASSERT_EQ(watching.wait_for(std::chrono::seconds(2)), std::future_status::ready);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
    const ApiResult<StreamSummary> result = watching.get();
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().isCancelled()) << result.error().summary();
}

TEST_F(RestWatchTest, WatchOfAnUnknownResourceIsNotFound)
{
    const ApiResult<StreamSummary> result =
        admin()->watch({"example.com", "v1", "gadgets", "default", "", ""}, "", {}, [](const WatchEvent &) {
            return true;
        });
    ASSERT_FALSE(result);
    EXPECT_TRUE(result.error().isNotFound()) << result.error().summary();
}

TEST_F(RestWatchTest, ReadsAndFollowsPodLogs)
{
    auto client = admin();
    ASSERT_TRUE(client->create(podsIn(), podObject("server")));
    simulator().logs().append("default", "server", "main", "INFO starting vLLM");
    simulator().logs().append("default", "server", "main", "INFO loading weights");

    std::vector<std::string> lines;
    LogOptions options;
    const ApiResult<StreamSummary> all = client->logs(podsIn().named("server"), options, [&lines](std::string_view line) {
        lines.emplace_back(line);
        return true;
    });
    ASSERT_TRUE(all) << all.error().summary();
    EXPECT_EQ(lines, (std::vector<std::string>{"INFO starting vLLM", "INFO loading weights"}));

    // Following: a new line arrives while the stream is open; stop after it.
    lines.clear();
    options.follow = true;
    options.tailLines = 1;
    options.container = "main";
    auto following = std::async(std::launch::async, [&] {
        return client->logs(podsIn().named("server"), options, [&lines](std::string_view line) {
            lines.emplace_back(line);
            return lines.size() < 2;
        });
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    simulator().logs().append("default", "server", "main", "INFO ready");
    ASSERT_EQ(following.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    const ApiResult<StreamSummary> followed = following.get();
    ASSERT_TRUE(followed) << followed.error().summary();
    EXPECT_TRUE(followed->stoppedByCallback);
    EXPECT_EQ(lines, (std::vector<std::string>{"INFO loading weights", "INFO ready"}));

    options.container = "sidecar";
    const ApiResult<StreamSummary> wrong = client->logs(podsIn().named("server"), options, [](std::string_view) {
        return true;
    });
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().status().code, 400);
    EXPECT_NE(wrong.error().message().find("container sidecar is not valid for pod server"), std::string::npos);
}

} // namespace

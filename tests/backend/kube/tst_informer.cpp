// Informers against the real gantry-sim: a paged initial sync, ordered changes,
// recovery across a server restart, relist after a forced expiry with only the
// differences published, and a kind the cluster does not serve.

#include "common/ports.h"
#include "backend/kube/informer.h"
#include "backend/kube/objectstore.h"
#include "resttestsupport.h"
#include "sim/simfixture.h"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace gantry::kube;
using gantry::kube::test::podObject;
using gantry::kube::test::podsIn;

namespace {

template<typename Predicate>
bool waitUntil(Predicate predicate, std::chrono::seconds timeout = std::chrono::seconds(30))
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!predicate()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}


// Every batch a subscriber saw, flattened to "added ns/name" lines, for the test thread.
class BatchLog
{
public:
    explicit BatchLog(ObjectStore &store)
        : m_store(store)
    {
        m_id = store.subscribe([this](const ChangeBatch &batch) { record(batch); });
    }
    ~BatchLog() { m_store.unsubscribe(m_id); }

    std::vector<std::string> lines() const
    {
        std::lock_guard lock(m_mutex);
        return m_lines;
    }
    std::size_t count(const std::string &prefix) const
    {
        std::lock_guard lock(m_mutex);
        return std::count_if(m_lines.begin(), m_lines.end(), [&](const std::string &line) { return line.starts_with(prefix); });
    }
    std::size_t batches() const
    {
        std::lock_guard lock(m_mutex);
        return m_batches;
    }
    void clear()
    {
        std::lock_guard lock(m_mutex);
        m_lines.clear();
        m_batches = 0;
    }

private:
    void record(const ChangeBatch &batch)
    {
        std::lock_guard lock(m_mutex);
        ++m_batches;
        const auto add = [this](const char *what, const std::vector<CompactPtr> &objects) {
            for (const CompactPtr &object : objects)
                m_lines.push_back(std::string(what) + " " + compactMeta(*object).name);
        };
        add("added", batch.added);
        add("modified", batch.modified);
        add("deleted", batch.deleted);
    }

    ObjectStore &m_store;
    int m_id = 0;
    mutable std::mutex m_mutex;
    std::vector<std::string> m_lines;
    std::size_t m_batches = 0;
};

class InformerTest : public gantry::test::SimulatorTest
{
protected:
    void configure(gantry::sim::SimulatorOptions &options) override
    {
        options.server.port = m_port;
        options.historyPerType = m_history;
    }

    std::shared_ptr<RestClient> admin()
    {
        ResolvedConnection connection;
        connection.server = simulator().server().url();
        // A restarted simulator has a new CA; these tests are about the informer, not TLS.
        connection.insecureSkipTlsVerify = true;
        connection.auth = TokenAuth{simulator().access().adminToken()};
        return RestClient::forConnection(connection, true);
    }

    static InformerOptions fastOptions()
    {
        InformerOptions options;
        options.initialBackoff = std::chrono::milliseconds(20);
        options.maxBackoff = std::chrono::milliseconds(200);
        return options;
    }

    const gantry::sim::ResourceType &podType() { return *gantry::sim::findResourceType("", "v1", "pods"); }

    void createPods(int first, int count)
    {
        for (int i = first; i < first + count; ++i)
            simulator().store().create(podType(), podObject("pod-" + std::to_string(i)));
    }

    void touchPod(const std::string &name)
    {
        simulator().store().modify(
            podType(), "default", name, [](nlohmann::json &pod) { pod["metadata"]["labels"]["touched"] = "yes"; },
            gantry::sim::WriteScope::Main);
    }

    // The server's pods as "name@resourceVersion", in name order.
    std::set<std::string> serverPods()
    {
        std::set<std::string> result;
        const JsonResult list = admin()->list(podsIn(""));
        EXPECT_TRUE(list) << list.error().summary();
        if (list) {
            for (const auto &item : (*list)["items"])
                result.insert(item["metadata"]["name"].get<std::string>() + "@"
                              + item["metadata"]["resourceVersion"].get<std::string>());
        }
        return result;
    }

    std::set<std::string> storePods(const ObjectStore &store)
    {
        std::set<std::string> result;
        for (const CompactPtr &pod : store.items(ObjectKind::Pod))
            result.insert(compactMeta(*pod).name + "@" + compactMeta(*pod).resourceVersion);
        return result;
    }

    void restartServer()
    {
        std::string error;
        ASSERT_TRUE(simulator().start(&error)) << error;
    }

    std::uint16_t m_port = gantry::test::unusedLoopbackPort();
    std::size_t m_history = 20000;
};

class InformerExpiryTest : public InformerTest
{
protected:
    InformerExpiryTest() { m_history = 5; }
};

TEST_F(InformerTest, InitialPagedSyncEqualsTheServer)
{
    createPods(0, 1200);
    ObjectStore store;
    BatchLog log(store);
    Informer informer(admin(), ObjectKind::Pod, store, fastOptions());
    informer.start();
    ASSERT_TRUE(waitUntil([&] { return informer.status().state == InformerState::Live; }));
    EXPECT_EQ(storePods(store), serverPods());
    EXPECT_EQ(store.size(ObjectKind::Pod), 1200u);
    // Three pages, one batch: subscribers see the sync at once.
    EXPECT_EQ(log.batches(), 1u);
    EXPECT_EQ(log.count("added"), 1200u);
    EXPECT_EQ(informer.status().lists, 1u);
}

TEST_F(InformerTest, ChangesArriveInOrderAndStopIsPrompt)
{
    createPods(0, 3);
    ObjectStore store;
    Informer informer(admin(), ObjectKind::Pod, store, fastOptions());
    informer.start();
    ASSERT_TRUE(waitUntil([&] { return informer.status().state == InformerState::Live; }));
    BatchLog log(store);

    simulator().store().create(podType(), podObject("a", {{"serving.kserve.io/inferenceservice", "llama"}}));
    touchPod("a");
    simulator().store().remove(podType(), "default", "pod-1");
    simulator().store().create(podType(), podObject("b"));
    const std::vector<std::string> expected = {"added a", "modified a", "deleted pod-1", "added b"};
    ASSERT_TRUE(waitUntil([&] { return log.lines().size() >= expected.size(); }));
    EXPECT_EQ(log.lines(), expected);
    EXPECT_EQ(storePods(store), serverPods());
    ASSERT_EQ(store.podsOfInferenceService("default", "llama").size(), 1u);
    EXPECT_EQ(compactMeta(*store.podsOfInferenceService("default", "llama")[0]).name, "a");

    const auto before = std::chrono::steady_clock::now();
    informer.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(3));
    EXPECT_EQ(informer.status().state, InformerState::Stopped);
}

TEST_F(InformerTest, ServerRestartMidWatchLosesAndDuplicatesNothing)
{
    createPods(0, 50);
    ObjectStore store;
    Informer informer(admin(), ObjectKind::Pod, store, fastOptions());
    informer.start();
    ASSERT_TRUE(waitUntil([&] { return informer.status().state == InformerState::Live; }));
    BatchLog log(store);

    simulator().stop();
    ASSERT_TRUE(waitUntil([&] { return informer.status().state == InformerState::Reconnecting; }));
    createPods(50, 10);
    for (int i = 0; i < 5; ++i)
        simulator().store().remove(podType(), "default", "pod-" + std::to_string(i));
    touchPod("pod-10");
    restartServer();

    ASSERT_TRUE(waitUntil([&] { return log.lines().size() >= 16; }));
    ASSERT_TRUE(waitUntil([&] { return informer.status().state == InformerState::Live; }));
    EXPECT_EQ(storePods(store), serverPods());
    EXPECT_EQ(log.count("added"), 10u);
    EXPECT_EQ(log.count("deleted"), 5u);
    EXPECT_EQ(log.count("modified"), 1u);
    // The history still held the versions: a resumed watch, no relist.
    EXPECT_EQ(informer.status().lists, 1u);

    simulator().store().create(podType(), podObject("after"));
    ASSERT_TRUE(waitUntil([&] { return log.count("added after") == 1; }));
}

TEST_F(InformerExpiryTest, ForcedExpiryRelistsAndPublishesOnlyTheDifferences)
{
    createPods(0, 40);
    ObjectStore store;
    Informer informer(admin(), ObjectKind::Pod, store, fastOptions());
    informer.start();
    ASSERT_TRUE(waitUntil([&] { return informer.status().state == InformerState::Live; }));
    BatchLog log(store);

    simulator().stop();
    ASSERT_TRUE(waitUntil([&] { return informer.status().state == InformerState::Reconnecting; }));
    // Far more writes than the 5 versions of history kept: the watch cannot resume.
    createPods(40, 4);
    for (int i = 0; i < 2; ++i)
        simulator().store().remove(podType(), "default", "pod-" + std::to_string(i));
    for (int i = 10; i < 13; ++i)
        touchPod("pod-" + std::to_string(i));
    restartServer();

    ASSERT_TRUE(waitUntil([&] { return informer.status().lists >= 2; }));
    ASSERT_TRUE(waitUntil([&] { return log.lines().size() >= 9; }));
    EXPECT_EQ(storePods(store), serverPods());
    EXPECT_EQ(log.count("added"), 4u);
    EXPECT_EQ(log.count("deleted"), 2u);
    EXPECT_EQ(log.count("modified"), 3u);
    EXPECT_EQ(log.lines().size(), 9u);
}

TEST_F(InformerTest, AResourceTheServerDoesNotServeIsNotInstalledWithoutAnErrorLoop)
{
    ObjectStore store;
    const ResourceRef scaledObjects{"keda.sh", "v1alpha1", "scaledobjects", {}, {}, {}};
    InformerOptions options = fastOptions();
    options.absentRetry = std::chrono::seconds(60);
    Informer informer(admin(), ObjectKind::Job, scaledObjects, store, options);
    informer.start();
    ASSERT_TRUE(waitUntil([&] { return informer.status().state == InformerState::NotInstalled; }));
    const std::uint64_t reads = simulator().server().requestCounts().reads;
    // A measurement window, not a synchronisation: a loop would send hundreds of requests in it.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    EXPECT_LE(simulator().server().requestCounts().reads - reads, 1u);
    EXPECT_EQ(informer.status().state, InformerState::NotInstalled);
    EXPECT_FALSE(informer.status().lastError.empty());
    informer.stop();
}

} // namespace

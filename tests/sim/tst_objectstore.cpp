#include "sim/api/apierror.h"
#include "sim/api/objectstore.h"
#include "sim/apimachinery/labelselector.h"

#include <gtest/gtest.h>

#include <thread>

using namespace gantry::sim;
using nlohmann::json;

namespace {

const ResourceType &type(const char *plural)
{
    for (const ResourceType &candidate : resourceCatalog()) {
        if (candidate.plural == plural)
            return candidate;
    }
    throw std::logic_error("no such type");
}

json namespaceObject(const std::string &name)
{
    return {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
}

json podObject(const std::string &name, const std::string &namespaceName = "default")
{
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}, {"namespace", namespaceName}, {"labels", {{"app", "vllm"}}}}},
            {"spec", {{"containers", json::array({{{"name", "c"}, {"image", "i"}}})}}}};
}

json isvcObject(const std::string &name)
{
    return {{"apiVersion", "serving.kserve.io/v1beta1"},
            {"kind", "InferenceService"},
            {"metadata", {{"name", name}, {"namespace", "default"}}},
            {"spec", {{"predictor", {{"minReplicas", 1}}}}}};
}

int expectApiError(const std::function<void()> &call)
{
    try {
        call();
    } catch (const ApiError &error) {
        return error.code();
    }
    return 0;
}

class ObjectStoreTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        store.create(type("namespaces"), namespaceObject("default"));
        store.create(type("namespaces"), namespaceObject("team-a"));
    }
    ObjectStore store;
};

} // namespace

TEST_F(ObjectStoreTest, CreateFillsServerFields)
{
    const ObjectPtr pod = store.create(type("pods"), podObject("p1"));
    const json &metadata = pod->object["metadata"];
    EXPECT_EQ(metadata["uid"].get<std::string>().size(), 36u);
    EXPECT_EQ(metadata["resourceVersion"], std::to_string(pod->resourceVersion));
    EXPECT_EQ(metadata["generation"], 1);
    EXPECT_TRUE(metadata.contains("creationTimestamp"));
    EXPECT_EQ(json::parse(pod->json), pod->object) << "the cached JSON text is the object";
}

TEST_F(ObjectStoreTest, GenerateNameAndErrors)
{
    json object = podObject("");
    object["metadata"].erase("name");
    object["metadata"]["generateName"] = "vllm-";
    const ObjectPtr pod = store.create(type("pods"), object);
    const std::string name = pod->object["metadata"]["name"];
    EXPECT_EQ(name.rfind("vllm-", 0), 0u);
    EXPECT_EQ(name.size(), 10u);

    EXPECT_EQ(expectApiError([&] { store.create(type("pods"), podObject("p1")); }), 0);
    EXPECT_EQ(expectApiError([&] { store.create(type("pods"), podObject("p1")); }), 409);
    EXPECT_EQ(expectApiError([&] { store.create(type("pods"), podObject("p2", "missing")); }), 404);
}

TEST_F(ObjectStoreTest, SameSeedGivesSameUids)
{
    ObjectStore other;
    other.create(type("namespaces"), namespaceObject("default"));
    other.create(type("namespaces"), namespaceObject("team-a"));
    EXPECT_EQ(store.create(type("pods"), podObject("p"))->object["metadata"]["uid"],
              other.create(type("pods"), podObject("p"))->object["metadata"]["uid"]);
}

TEST_F(ObjectStoreTest, ReplaceChecksResourceVersionAndBumpsGeneration)
{
    const ObjectPtr created = store.create(type("inferenceservices"), isvcObject("m"));
    json changed = created->object;
    changed["spec"]["predictor"]["minReplicas"] = 2;
    const ObjectPtr updated = store.replace(type("inferenceservices"), changed, WriteScope::Main);
    EXPECT_EQ(updated->object["metadata"]["generation"], 2);
    EXPECT_GT(updated->resourceVersion, created->resourceVersion);

    // The old version is stale now: a write based on it is a conflict, not an overwrite.
    changed["spec"]["predictor"]["minReplicas"] = 5;
    EXPECT_EQ(expectApiError([&] { store.replace(type("inferenceservices"), changed, WriteScope::Main); }), 409);
    EXPECT_EQ(store.get(type("inferenceservices"), "default", "m")->object["spec"]["predictor"]["minReplicas"], 2);

    // Writing the same thing again changes nothing, not even the version.
    EXPECT_EQ(store.replace(type("inferenceservices"), updated->object, WriteScope::Main)->resourceVersion,
              updated->resourceVersion);
}

TEST_F(ObjectStoreTest, StatusSubresourceSeparatesSpecFromStatus)
{
    store.create(type("inferenceservices"), isvcObject("m"));
    store.modify(type("inferenceservices"), "default", "m",
                 [](json &object) {
                     object["status"] = {{"url", "http://m.default"}};
                     object["spec"]["predictor"]["minReplicas"] = 9;
                 },
                 WriteScope::Status);
    ObjectPtr now = store.get(type("inferenceservices"), "default", "m");
    EXPECT_EQ(now->object["status"]["url"], "http://m.default");
    EXPECT_EQ(now->object["spec"]["predictor"]["minReplicas"], 1) << "a status write ignores spec";
    EXPECT_EQ(now->object["metadata"]["generation"], 1);

    store.modify(type("inferenceservices"), "default", "m", [](json &object) { object.erase("status"); },
                 WriteScope::Main);
    now = store.get(type("inferenceservices"), "default", "m");
    EXPECT_EQ(now->object["status"]["url"], "http://m.default") << "a main write keeps status";
}

TEST_F(ObjectStoreTest, PagedListWalksEverythingOnceInKeyOrder)
{
    for (int i = 0; i < 25; ++i)
        store.create(type("pods"), podObject("p" + std::to_string(100 + i), i % 2 ? "default" : "team-a"));
    std::vector<std::string> seen;
    ListOptions options;
    options.limit = 7;
    int pages = 0;
    do {
        const ListResult page = store.list(type("pods"), options);
        ++pages;
        for (const ObjectPtr &item : page.items)
            seen.push_back(item->object["metadata"]["namespace"].get<std::string>() + "/"
                           + item->object["metadata"]["name"].get<std::string>());
        if (!page.continueToken.empty()) {
            EXPECT_EQ(page.remainingItemCount.value_or(-1), 25 - static_cast<std::int64_t>(seen.size()));
        }
        options.continueToken = page.continueToken;
    } while (!options.continueToken.empty());
    EXPECT_EQ(pages, 4);
    ASSERT_EQ(seen.size(), 25u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 25u);

    ListOptions oneNamespace;
    oneNamespace.namespaceName = "team-a";
    EXPECT_EQ(store.list(type("pods"), oneNamespace).items.size(), 13u);
}

TEST_F(ObjectStoreTest, ContinueTokenExpiresWithTheHistory)
{
    ObjectStore::Options options;
    options.historyPerType = 3;
    ObjectStore small(options);
    small.create(type("namespaces"), namespaceObject("default"));
    for (int i = 0; i < 4; ++i)
        small.create(type("pods"), podObject("p" + std::to_string(i)));
    ListOptions listOptions;
    listOptions.limit = 2;
    const ListResult first = small.list(type("pods"), listOptions);
    ASSERT_FALSE(first.continueToken.empty());
    for (int i = 0; i < 5; ++i)
        small.create(type("pods"), podObject("q" + std::to_string(i)));
    listOptions.continueToken = first.continueToken;
    EXPECT_EQ(expectApiError([&] { small.list(type("pods"), listOptions); }), 410);
    listOptions.continueToken = "garbage";
    EXPECT_EQ(expectApiError([&] { small.list(type("pods"), listOptions); }), 400);
}

TEST_F(ObjectStoreTest, WatchReplaysFromAVersionAndRefusesExpiredOnes)
{
    const ObjectPtr a = store.create(type("pods"), podObject("a"));
    store.create(type("pods"), podObject("b"));
    store.remove(type("pods"), "default", "b");

    auto watch = store.watch(type("pods"), "default", a->resourceVersion);
    ASSERT_TRUE(watch);
    auto events = watch->take(std::chrono::milliseconds(10));
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].type, WatchEventType::Added);
    EXPECT_EQ(events[0].object->object["metadata"]["name"], "b");
    EXPECT_EQ(events[1].type, WatchEventType::Deleted);

    store.modify(type("pods"), "default", "a", [](json &pod) { pod["metadata"]["labels"]["x"] = "y"; },
                 WriteScope::Main);
    events = watch->take(std::chrono::milliseconds(1000));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, WatchEventType::Modified);
    EXPECT_EQ(events[0].previous->object["metadata"].value("labels", json::object()).count("x"), 0u);

    ObjectStore::Options options;
    options.historyPerType = 2;
    ObjectStore small(options);
    small.create(type("namespaces"), namespaceObject("default"));
    const ObjectPtr first = small.create(type("pods"), podObject("p0"));
    for (int i = 1; i < 5; ++i)
        small.create(type("pods"), podObject("p" + std::to_string(i)));
    EXPECT_EQ(small.watch(type("pods"), "", first->resourceVersion), nullptr);
    EXPECT_NE(small.watch(type("pods"), "", small.currentResourceVersion()), nullptr);
}

TEST_F(ObjectStoreTest, WatchFromZeroStartsWithSyntheticAdds)
{
    store.create(type("pods"), podObject("a"));
    store.create(type("pods"), podObject("b", "team-a"));
    auto all = store.watch(type("pods"), "", 0);
    EXPECT_EQ(all->take(std::chrono::milliseconds(10)).size(), 2u);
    auto one = store.watch(type("pods"), "team-a", 0);
    const auto events = one->take(std::chrono::milliseconds(10));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].object->object["metadata"]["name"], "b");
}

TEST_F(ObjectStoreTest, ASlowWatcherIsClosedAndNeverBlocksWriters)
{
    ObjectStore::Options options;
    options.watchQueueCapacity = 10;
    ObjectStore small(options);
    small.create(type("namespaces"), namespaceObject("default"));
    auto slow = small.watch(type("pods"), "", small.currentResourceVersion());
    auto fast = small.watch(type("pods"), "", small.currentResourceVersion());
    for (int i = 0; i < 100; ++i) {
        small.create(type("pods"), podObject("p" + std::to_string(i)));
        if (i % 5 == 0)
            fast->take(std::chrono::milliseconds(0));
    }
    EXPECT_TRUE(slow->overflowed());
    EXPECT_TRUE(slow->isClosed());
    EXPECT_FALSE(fast->isClosed());
    EXPECT_EQ(small.list(type("pods"), {}).items.size(), 100u);
}

TEST_F(ObjectStoreTest, DeletingANamespaceDeletesItsObjects)
{
    store.create(type("pods"), podObject("a", "team-a"));
    store.create(type("pods"), podObject("b", "default"));
    auto watch = store.watch(type("pods"), "", store.currentResourceVersion());
    store.remove(type("namespaces"), "", "team-a");
    EXPECT_EQ(store.get(type("pods"), "team-a", "a"), nullptr);
    EXPECT_NE(store.get(type("pods"), "default", "b"), nullptr);
    const auto events = watch->take(std::chrono::milliseconds(10));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, WatchEventType::Deleted);
}

TEST_F(ObjectStoreTest, DryRunsChangeNothing)
{
    const auto before = store.currentResourceVersion();
    store.create(type("pods"), podObject("ghost"), true);
    EXPECT_EQ(store.get(type("pods"), "default", "ghost"), nullptr);
    store.create(type("pods"), podObject("real"));
    const auto version = store.currentResourceVersion();
    store.modify(type("pods"), "default", "real", [](json &pod) { pod["metadata"]["labels"]["x"] = "1"; },
                 WriteScope::Main, true);
    store.remove(type("pods"), "default", "real", {}, {}, true);
    EXPECT_EQ(store.currentResourceVersion(), version);
    EXPECT_GT(version, before);
    EXPECT_FALSE(store.get(type("pods"), "default", "real")->object["metadata"]["labels"].contains("x"));
}

TEST_F(ObjectStoreTest, DeletePreconditions)
{
    const ObjectPtr pod = store.create(type("pods"), podObject("a"));
    EXPECT_EQ(expectApiError([&] { store.remove(type("pods"), "default", "a", "other-uid"); }), 409);
    EXPECT_EQ(expectApiError([&] { store.remove(type("pods"), "default", "a", {}, "1"); }), 409);
    EXPECT_EQ(expectApiError(
                  [&] { store.remove(type("pods"), "default", "a", pod->object["metadata"]["uid"].get<std::string>()); }),
              0);
    EXPECT_EQ(expectApiError([&] { store.remove(type("pods"), "default", "a"); }), 404);
}

TEST_F(ObjectStoreTest, ConcurrentWritersAndReadersStayConsistent)
{
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([this, t] {
            for (int i = 0; i < 200; ++i)
                store.create(type("pods"), podObject("t" + std::to_string(t) + "-" + std::to_string(i)));
        });
    }
    threads.emplace_back([this] {
        for (int i = 0; i < 200; ++i)
            store.list(type("pods"), {});
    });
    for (auto &thread : threads)
        thread.join();
    const ListResult all = store.list(type("pods"), {});
    EXPECT_EQ(all.items.size(), 800u);
    std::set<std::uint64_t> versions;
    for (const ObjectPtr &pod : all.items)
        versions.insert(pod->resourceVersion);
    EXPECT_EQ(versions.size(), 800u) << "every write got its own version";
}

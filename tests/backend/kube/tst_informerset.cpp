// The informer set against gantry-sim running the shipped factory scenario: every
// kind syncs and equals the server, a namespace restriction keeps namespaced kinds
// to that namespace, list progress is reported, and waitSynced gives up in time
// against a server that does not answer.

#include "backend/kube/informerset.h"
#include "backend/kube/objectstore.h"
#include "common/ports.h"
#include "sim/scenario/scenario.h"
#include "sim/simfixture.h"

#include <gtest/gtest.h>

#include <set>

using namespace gantry::kube;

namespace {

class InformerSetTest : public gantry::test::SimulatorTest
{
protected:
    void configure(gantry::sim::SimulatorOptions &options) override
    {
        const auto loaded = gantry::sim::loadScenarioFile(std::string(GANTRY_SCENARIOS_DIR) + "/factory.yaml");
        ASSERT_TRUE(loaded.scenario.has_value());
        options.scenario = *loaded.scenario;
        options.speed = 0; // stepped by the test
    }

    std::shared_ptr<RestClient> admin()
    {
        ResolvedConnection connection;
        connection.server = simulator().server().url();
        connection.caPem = simulator().server().caCertificatePem();
        connection.auth = TokenAuth{simulator().access().adminToken()};
        return RestClient::forConnection(connection, true);
    }

    // namespace/name of every object of `resource` on the server.
    std::set<std::string> serverNames(const ResourceRef &resource)
    {
        std::set<std::string> names;
        const JsonResult list = admin()->list(resource);
        EXPECT_TRUE(list) << list.error().summary();
        if (list) {
            for (const auto &item : (*list)["items"])
                names.insert(item["metadata"].value("namespace", std::string()) + "/"
                             + item["metadata"]["name"].get<std::string>());
        }
        return names;
    }

    static std::set<std::string> storeNames(const ObjectStore &store, ObjectKind kind)
    {
        std::set<std::string> names;
        for (const CompactPtr &object : store.items(kind))
            names.insert(compactMeta(*object).namespaceName + "/" + compactMeta(*object).name);
        return names;
    }
};

TEST_F(InformerSetTest, EveryKindSyncsAndEqualsTheServer)
{
    simulator().factory()->runFor(120);
    ObjectStore store;
    InformerSet informers(admin(), store);
    informers.start();
    ASSERT_TRUE(informers.waitSynced(std::chrono::seconds(30)));
    informers.stop();

    const auto status = informers.status();
    ASSERT_EQ(status.size(), InformerSetOptions::allObjectKinds().size());
    for (const KindStatus &kind : status) {
        EXPECT_GE(kind.status.lists, 1u) << objectKindName(kind.kind) << ": " << kind.status.lastError;
        EXPECT_EQ(storeNames(store, kind.kind), serverNames(informerResource(kind.kind))) << objectKindName(kind.kind);
        EXPECT_EQ(kind.objects, store.size(kind.kind));
    }
    // The factory made something of each kind the fleet needs.
    EXPECT_EQ(store.size(ObjectKind::InferenceService), 4u);
    EXPECT_GE(store.size(ObjectKind::Node), 4u);
    EXPECT_GE(store.size(ObjectKind::Pod), 6u);
    EXPECT_GE(store.size(ObjectKind::MachineSet), 3u);
    EXPECT_GT(store.size(ObjectKind::Event), 0u);
}

TEST_F(InformerSetTest, ANamespaceRestrictsOnlyNamespacedKinds)
{
    simulator().factory()->runFor(60);
    ObjectStore store;
    InformerSetOptions options;
    options.namespaceName = "kube-system"; // nothing of the scenario lives there
    InformerSet informers(admin(), store, options);
    informers.start();
    ASSERT_TRUE(informers.waitSynced(std::chrono::seconds(30)));
    informers.stop();
    EXPECT_EQ(store.size(ObjectKind::InferenceService), 0u);
    EXPECT_EQ(store.size(ObjectKind::Pod), 0u);
    // Nodes and MachineSets are cluster facts and stay whole.
    EXPECT_GE(store.size(ObjectKind::Node), 4u);
    EXPECT_GE(store.size(ObjectKind::MachineSet), 3u);
}

TEST_F(InformerSetTest, ListProgressCountsWhatArrived)
{
    simulator().factory()->runFor(60);
    ObjectStore store;
    InformerSetOptions options;
    options.kinds = {ObjectKind::Event};
    options.informer.pageSize = 5; // several pages, so the server reports what remains
    InformerSet informers(admin(), store, options);
    informers.start();
    ASSERT_TRUE(informers.waitSynced(std::chrono::seconds(30)));
    informers.stop();
    const InformerStatus status = informers.status().front().status;
    EXPECT_EQ(status.listed, store.size(ObjectKind::Event));
    EXPECT_GT(status.listed, 5u);
}

TEST(InformerSetUnreachable, WaitSyncedGivesUpInTime)
{
    ResolvedConnection connection;
    connection.server = "https://127.0.0.1:" + std::to_string(gantry::test::unusedLoopbackPort());
    connection.insecureSkipTlsVerify = true;
    ObjectStore store;
    InformerSet informers(RestClient::forConnection(connection, true), store);
    informers.start();
    const auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(informers.waitSynced(std::chrono::milliseconds(300)));
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    // Connection refused is immediate, so every kind has already failed once, in words.
    for (const KindStatus &kind : informers.status()) {
        EXPECT_EQ(kind.status.lists, 0u);
        EXPECT_EQ(kind.status.state, InformerState::Reconnecting) << objectKindName(kind.kind);
        EXPECT_FALSE(kind.status.lastError.empty()) << objectKindName(kind.kind);
    }
    informers.stop();
}

} // namespace

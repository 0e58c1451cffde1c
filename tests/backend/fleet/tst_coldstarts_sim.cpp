// The cold-start tracker against gantry-sim's default factory: every object and
// log comes over HTTPS as from a real cluster, and each derived phase is
// compared with what the simulator really did (PodLifecycle::history()), within
// 10 % or 2 s (timestamps have one-second precision).

#include "backend/fleet/coldstarttracker.h"
#include "backend/kube/informer.h"
#include "backend/kube/objectstore.h"
#include "backend/kube/restclient.h"
#include "sim/factory/factory.h"
#include "sim/factory/podlifecycle.h"
#include "sim/scenario/scenario.h"
#include "sim/simfixture.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

using namespace gantry::fleet;
using gantry::SystemTime;
using gantry::kube::ObjectKind;

namespace {

class ColdStartsSim : public gantry::test::SimulatorTest
{
protected:
    void configure(gantry::sim::SimulatorOptions &options) override
    {
        auto loaded = gantry::sim::loadScenarioFile(std::string(GANTRY_SCENARIOS_DIR) + "/factory.yaml");
        ASSERT_TRUE(loaded.scenario.has_value());
        options.scenario = *loaded.scenario;
        options.speed = 0; // the test steps the clock
    }

    std::shared_ptr<gantry::kube::RestClient> client()
    {
        gantry::kube::ResolvedConnection connection;
        connection.server = simulator().server().url();
        connection.insecureSkipTlsVerify = true;
        connection.auth = gantry::kube::TokenAuth{simulator().access().viewerToken()};
        return gantry::kube::RestClient::forConnection(connection, true);
    }

    // One relist of every kind the tracker reads: the store publishes only the differences.
    void sync(gantry::kube::RestClient &rest, gantry::kube::ObjectStore &store)
    {
        for (ObjectKind kind : {ObjectKind::Node, ObjectKind::InferenceService, ObjectKind::Job, ObjectKind::LocalModelCache,
                                ObjectKind::Event, ObjectKind::Pod}) {
            const auto list = rest.list(gantry::kube::informerResource(kind));
            ASSERT_TRUE(list.ok()) << gantry::kube::objectKindName(kind);
            std::vector<gantry::kube::CompactPtr> items;
            for (const auto &item : list.value().value("items", nlohmann::json::array()))
                items.push_back(std::make_shared<const gantry::kube::CompactObject>(gantry::kube::extractCompact(kind, item)));
            store.reconcile(kind, items);
        }
    }

    void readLogs(gantry::kube::RestClient &rest, ColdStartTracker &tracker)
    {
        for (const LogRequest &request : tracker.wantedLogs()) {
            std::string text;
            gantry::kube::LogOptions options;
            options.container = request.container;
            const auto result = rest.logs({"", "v1", "pods", request.podNamespace, request.podName, "log"}, options,
                                          [&](std::string_view line) {
                                              text.append(line).push_back('\n');
                                              return true;
                                          });
            if (result.ok())
                ++m_logsRead;
            tracker.applyLog(request.podUid, result.ok() ? text : std::string());
        }
    }

    int m_logsRead = 0;
};

bool near(double derived, double truth)
{
    return std::abs(derived - truth) <= std::max(2.0, 0.1 * truth);
}

double seconds(SystemTime from, SystemTime to)
{
    return std::chrono::duration<double>(to - from).count();
}

} // namespace

TEST_F(ColdStartsSim, DerivedPhasesMatchWhatTheFactoryDid)
{
    gantry::sim::Factory &factory = *simulator().factory();
    const SystemTime origin = simulator().clock().start();
    auto rest = client();
    gantry::kube::ObjectStore store;
    ColdStartTrackerOptions options;
    options.clock = [this] { return simulator().clock().now(); };
    ColdStartTracker tracker(options);
    const int subscription = store.subscribe([&](const gantry::kube::ChangeBatch &batch) { tracker.apply(batch); });

    // Minute by minute until every kind of start has finished at least once: the
    // first starts, the spike's (chat's eight new replicas share the hub link, two on
    // a node the pool grew for) and, after the prewarm at 37 min, the second spike's
    // starts on nodes whose cache the prewarm Jobs filled.
    const auto wallStart = std::chrono::steady_clock::now();
    const auto finishedSources = [&] {
        std::set<std::string> sources;
        for (const gantry::sim::StartRecord &record : factory.lifecycle().history())
            sources.insert(record.weightSource);
        return sources.size();
    };
    int minutes = 0;
    for (; minutes < 100 && finishedSources() < 5; ++minutes) {
        factory.runFor(60);
        sync(*rest, store);
        readLogs(*rest, tracker);
    }
    store.unsubscribe(subscription);
    const double wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    EXPECT_LT(wallSeconds, 60) << "the factory steps much faster than real time (" << minutes << " simulated minutes)";
    EXPECT_GT(m_logsRead, 0);

    const auto snapshot = tracker.snapshot(simulator().clock().now());
    std::map<std::string, std::shared_ptr<const ColdStart>> byUid;
    for (const auto &start : snapshot->starts)
        byUid[start->podUid] = start;

    const auto history = factory.lifecycle().history();
    std::string derived;
    for (const auto &start : snapshot->starts) {
        derived += start->podName + " " + start->node + " " + start->weightSource + ":";
        for (const PhaseSpan &span : start->phases)
            derived += std::string(" ") + coldStartPhaseName(span.phase) + " " + std::to_string(seconds(origin, span.start))
                + (span.end ? "-" + std::to_string(seconds(origin, *span.end)) : "…");
        derived += "\n";
    }
    ASSERT_GE(history.size(), 20u) << "the first starts and the spike's\n" << derived;
    std::set<std::string> sources;
    int compared = 0, provisioned = 0;
    for (const gantry::sim::StartRecord &truth : history) {
        const auto found = byUid.find(truth.podUid);
        if (found == byUid.end())
            continue; // started and deleted between two relists
        const ColdStart &start = *found->second;
        SCOPED_TRACE(truth.pod + " on " + truth.node + " (" + truth.weightSource + ")");
        ++compared;
        EXPECT_TRUE(start.complete);
        EXPECT_TRUE(start.fromLog);
        EXPECT_EQ(start.weightSource, truth.weightSource);
        EXPECT_EQ(start.node, truth.node);
        sources.insert(start.weightSource);
        for (const PhaseSpan &span : start.phases)
            EXPECT_FALSE(span.merged()) << coldStartPhaseName(span.phase) << ": all evidence is there";

        const auto expect = [&](ColdStartPhase phase, double from, double to) {
            const PhaseSpan *span = start.span(phase);
            if (from < 0 || to < 0) {
                EXPECT_EQ(span, nullptr) << coldStartPhaseName(phase);
                return;
            }
            ASSERT_NE(span, nullptr) << coldStartPhaseName(phase);
            ASSERT_TRUE(span->end.has_value()) << coldStartPhaseName(phase);
            EXPECT_TRUE(near(span->seconds(), to - from))
                << coldStartPhaseName(phase) << ": derived " << span->seconds() << " s, true " << to - from << " s";
            EXPECT_TRUE(near(seconds(origin, span->start), from))
                << coldStartPhaseName(phase) << " starts at " << seconds(origin, span->start) << " s, truly " << from;
        };
        // Waiting (and provisioning, when the pool grew) ends when the pod is bound.
        const PhaseSpan *waiting = start.span(ColdStartPhase::WaitingForCapacity);
        ASSERT_NE(waiting, nullptr);
        const PhaseSpan *provisioning = start.span(ColdStartPhase::NodeProvisioning);
        provisioned += provisioning != nullptr;
        const PhaseSpan *bound = provisioning ? provisioning : waiting;
        ASSERT_TRUE(bound->end.has_value());
        EXPECT_TRUE(near(seconds(start.created, *bound->end), truth.scheduled - truth.created))
            << "scheduled after " << seconds(start.created, *bound->end) << " s, truly " << truth.scheduled - truth.created;
        expect(ColdStartPhase::ModelDownload, truth.downloadStart, truth.downloadEnd);
        expect(ColdStartPhase::ImagePull, truth.pullStart, truth.pullEnd);
        expect(ColdStartPhase::WeightLoad, truth.weightStart, truth.weightEnd);
        expect(ColdStartPhase::EngineWarmup, truth.weightEnd, truth.ready);
        EXPECT_TRUE(near(start.totalSeconds(SystemTime{}), truth.ready - truth.created));
    }
    EXPECT_GE(compared, 20) << derived;

    EXPECT_GE(provisioned, 1) << "the spike's replicas waited for a new H100 node";
    // All four storage kinds of factory.yaml, and the second spike's replicas on prewarmed nodes.
    for (const char *source : {"hub", "shared volume", "object store", "OCI image", "node cache"})
        EXPECT_TRUE(sources.count(source)) << source;

    // The warm nodes are known, with what warmed them: the prewarm Job for chat's
    // hub weights; an earlier load for reasoning's shared-volume weights. A hub
    // download warms nothing (it leaves with its pod's emptyDir).
    bool prewarmedH100 = false, pageCachedA100 = false;
    for (const WarmCache &cache : snapshot->warmCaches) {
        prewarmedH100 |= cache.node == "h100-0" && cache.modelUri == "hf://meta-llama/Llama-3.1-8B-Instruct"
            && cache.via.starts_with("prewarm job ");
        pageCachedA100 |= cache.node.starts_with("a100-") && cache.modelUri.starts_with("pvc://")
            && cache.via.starts_with("earlier load by ");
        EXPECT_FALSE(cache.modelUri.starts_with("hf://") && cache.via.starts_with("earlier load by ")) << cache.node;
    }
    EXPECT_TRUE(prewarmedH100);
    EXPECT_TRUE(pageCachedA100);

    // Statistics: the fleet and each service, split by weight source.
    ASSERT_FALSE(snapshot->stats.empty());
    EXPECT_GE(snapshot->stats[0].count, static_cast<std::size_t>(compared));
    EXPECT_GT(snapshot->stats[0].totalByWeightSource.at("hub").p50,
              snapshot->stats[0].totalByWeightSource.at("node cache").p50)
        << "a warm node starts faster than a hub download";
}

// The deployment tracker fed from the shipped factory scenario running in the
// in-process gantry-sim: InferenceServices and pods listed over HTTPS with the
// console's REST client (built from the simulator's kubeconfig), reconciled into
// the console's object store, and the change batches applied to the tracker.
// Every scenario service must appear with the weight source of its model's
// storage URI, its replicas as the server lists them, and its scaling policy.

#include "backend/fleet/deploymenttracker.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigresolver.h"
#include "backend/kube/objectstore.h"
#include "backend/kube/restclient.h"
#include "sim/scenario/scenario.h"
#include "sim/simfixture.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace gantry::fleet;
using namespace gantry::kube;
using nlohmann::json;

namespace gantry::fleet {
inline void PrintTo(const PolicyValue &value, std::ostream *out)
{
    *out << "{\"" << value.value << "\", \"" << value.source << "\"}";
}
} // namespace gantry::fleet

namespace {

const ResourceRef kServices{"serving.kserve.io", "v1beta1", "inferenceservices", "", "", ""};
const ResourceRef kPods{"", "v1", "pods", "", "", ""};
const ResourceRef kCaches{"serving.kserve.io", "v1alpha1", "localmodelcaches", "", "", ""};

bool podReady(const json &pod)
{
    for (const json &condition : pod["status"].value("conditions", json::array())) {
        if (condition.value("type", "") == "Ready")
            return condition.value("status", "") == "True";
    }
    return false;
}

class DeploymentTrackerSim : public gantry::test::SimulatorTest
{
protected:
    void configure(gantry::sim::SimulatorOptions &options) override
    {
        const auto loaded = gantry::sim::loadScenarioFile(std::string(GANTRY_SOURCE_DIR)
                                                          + "/resources/scenarios/factory.yaml");
        ASSERT_TRUE(loaded.scenario.has_value());
        m_scenario = *loaded.scenario;
        options.scenario = m_scenario;
        options.speed = 0; // stepped by the test
    }

    void SetUp() override
    {
        SimulatorTest::SetUp();
        if (HasFatalFailure())
            return;
        // The console's way in: the kubeconfig the simulator wrote, resolved like kubectl does.
        const auto config = loadKubeconfigFile(kubeconfigPath());
        ASSERT_TRUE(config) << config.error().message;
        const auto connection = resolveContext(*config);
        ASSERT_TRUE(connection) << connection.error().message;
        m_client = RestClient::forConnection(*connection, true);
    }

    void TearDown() override
    {
        // Close the client's kept-alive connections before the server stops.
        m_client.reset();
        SimulatorTest::TearDown();
    }

    std::vector<json> list(const ResourceRef &resource)
    {
        const JsonResult result = m_client->list(resource);
        EXPECT_TRUE(result) << resource.describe() << ": " << (result ? "" : result.error().summary());
        if (!result || !(*result).contains("items"))
            return {};
        return (*result)["items"].get<std::vector<json>>();
    }

    // Lists every kind over HTTPS and reconciles it; returns the keys the batches touched.
    std::set<std::string> sync()
    {
        std::set<std::string> touched;
        for (const auto &[kind, resource] : {std::pair(ObjectKind::InferenceService, kServices),
                                             std::pair(ObjectKind::Pod, kPods),
                                             std::pair(ObjectKind::LocalModelCache, kCaches)}) {
            std::vector<CompactPtr> items;
            for (const json &item : list(resource))
                items.push_back(std::make_shared<const CompactObject>(extractCompact(kind, item)));
            const ChangeBatch batch = m_store.reconcile(kind, items);
            for (const auto *objects : {&batch.added, &batch.modified, &batch.deleted}) {
                for (const CompactPtr &object : *objects) {
                    const CompactMeta &meta = compactMeta(*object);
                    const std::string service = kind == ObjectKind::Pod
                        ? std::get<CompactPod>(*object).inferenceService
                        : meta.name;
                    touched.insert(meta.namespaceName + "/" + service);
                }
            }
            m_tracker.apply(batch);
        }
        return touched;
    }

    gantry::sim::Scenario m_scenario;
    std::shared_ptr<RestClient> m_client;
    ObjectStore m_store;
    DeploymentTracker m_tracker;
};

} // namespace

TEST_F(DeploymentTrackerSim, FactoryServicesAfterFiveMinutes)
{
    simulator().factory()->runFor(300);
    sync();
    const auto snapshot = m_tracker.snapshot();
    ASSERT_EQ(snapshot->deployments.size(), m_scenario.services.size());

    // Where each service's weights come from, by the scheme of its model's URI.
    const std::map<std::string, WeightSource> sources = {{"chat", WeightSource::Hub},
                                                         {"mistral", WeightSource::ObjectStore},
                                                         {"reasoning", WeightSource::SharedVolume},
                                                         {"qwen", WeightSource::OciImage}};
    const std::vector<json> pods = list(kPods);
    for (const gantry::sim::Scenario::Service &service : m_scenario.services) {
        SCOPED_TRACE(service.name);
        const auto deployment = snapshot->find(service.namespaceName, service.name);
        ASSERT_TRUE(deployment);
        const gantry::sim::Scenario::Model *model = m_scenario.findModel(service.model);
        ASSERT_TRUE(model);
        EXPECT_EQ(deployment->storageUri, model->storageUri);
        ASSERT_TRUE(sources.contains(service.name));
        EXPECT_EQ(deployment->weightSource, sources.at(service.name));
        EXPECT_EQ(deployment->mode, service.deploymentMode);
        EXPECT_EQ(deployment->runtime, "kserve-vllmserver");
        EXPECT_EQ(deployment->modelFormat, "vLLM");
        EXPECT_EQ(deployment->gpusPerReplica, model->gpusPerReplica);
        EXPECT_TRUE(deployment->scaling.problems.empty()) << deployment->scaling.problems.front();

        // The replicas are exactly the server's pods of this service.
        std::map<std::string, const json *> expected;
        for (const json &pod : pods) {
            if (pod["metadata"]["namespace"] == service.namespaceName
                && pod["metadata"]["labels"].value("serving.kserve.io/inferenceservice", "") == service.name)
                expected[pod["metadata"]["name"]] = &pod;
        }
        ASSERT_EQ(deployment->replicas.size(), expected.size());
        EXPECT_GE(static_cast<int>(expected.size()), service.minReplicas.value_or(1));
        int ready = 0;
        for (const Replica &replica : deployment->replicas) {
            ASSERT_TRUE(expected.contains(replica.name)) << replica.name;
            const json &pod = *expected.at(replica.name);
            EXPECT_EQ(replica.ready, podReady(pod)) << replica.name;
            EXPECT_EQ(replica.node, pod["spec"].value("nodeName", "")) << replica.name;
            EXPECT_EQ(replica.gpus, model->gpusPerReplica) << replica.name;
            EXPECT_EQ(replica.stateReason.empty(), replica.ready) << replica.name << ": " << replica.stateReason;
            EXPECT_TRUE(replica.createdAt) << replica.name;
            ready += podReady(pod);
        }
        EXPECT_EQ(deployment->readyReplicas, ready);
    }

    // The policies, as the scenario writes them and as KServe and Knative default the rest.
    const ScalingPolicy &chat = snapshot->find("default", "chat")->scaling;
    EXPECT_EQ(chat.modeSource, "annotation serving.kserve.io/deploymentMode");
    EXPECT_EQ(chat.autoscalerClass, (PolicyValue{"kpa.autoscaling.knative.dev", "default (Knative pod-autoscaler-class)"}));
    EXPECT_EQ(chat.metric, (PolicyValue{"concurrency", "annotation autoscaling.knative.dev/metric"}));
    EXPECT_EQ(chat.target, (PolicyValue{"32", "annotation autoscaling.knative.dev/target"}));
    EXPECT_EQ(chat.targetUtilizationPercent,
              (PolicyValue{"70", "annotation autoscaling.knative.dev/target-utilization-percentage"}));
    EXPECT_EQ(chat.minReplicas, (PolicyValue{"2", "spec minReplicas"}));
    EXPECT_EQ(chat.maxReplicas, (PolicyValue{"10", "spec maxReplicas"}));
    EXPECT_EQ(chat.window, (PolicyValue{"60s", "annotation autoscaling.knative.dev/window"}));
    EXPECT_EQ(chat.scaleDownDelay, (PolicyValue{"5m", "annotation autoscaling.knative.dev/scale-down-delay"}));
    EXPECT_EQ(chat.initialScale, (PolicyValue{"1", "default (Knative initial-scale)"}));

    const ScalingPolicy &mistral = snapshot->find("default", "mistral")->scaling;
    EXPECT_EQ(mistral.metric, (PolicyValue{"concurrency", "default (Knative metric of class kpa)"}));
    EXPECT_EQ(mistral.target, (PolicyValue{"32", "annotation autoscaling.knative.dev/target"}));
    EXPECT_EQ(mistral.minReplicas, (PolicyValue{"1", "spec minReplicas"}));
    EXPECT_EQ(mistral.maxReplicas, (PolicyValue{"4", "spec maxReplicas"}));

    const ScalingPolicy &reasoning = snapshot->find("default", "reasoning")->scaling;
    EXPECT_EQ(reasoning.mode, "Standard");
    EXPECT_EQ(reasoning.autoscalerClass, (PolicyValue{"none", "annotation serving.kserve.io/autoscalerClass"}));
    EXPECT_EQ(reasoning.minReplicas, (PolicyValue{"2", "spec minReplicas"}));
    EXPECT_EQ(reasoning.maxReplicas, (PolicyValue{"2", "KServe"}));
    EXPECT_FALSE(reasoning.metric.applies());
    EXPECT_FALSE(reasoning.window.applies());
    EXPECT_EQ(snapshot->find("default", "reasoning")->desiredReplicas, 2);

    const ScalingPolicy &qwen = snapshot->find("default", "qwen")->scaling;
    EXPECT_EQ(qwen.metric, (PolicyValue{"rps", "spec scaleMetric"}));
    EXPECT_EQ(qwen.target, (PolicyValue{"8", "spec scaleTarget"}));
    EXPECT_EQ(qwen.minReplicas, (PolicyValue{"1", "spec minReplicas"}));
    EXPECT_EQ(qwen.maxReplicas, (PolicyValue{"6", "spec maxReplicas"}));
}

TEST_F(DeploymentTrackerSim, LaterSyncsRebuildOnlyWhatChanged)
{
    simulator().factory()->runFor(120);
    sync();
    auto before = m_tracker.snapshot();
    ASSERT_EQ(before->deployments.size(), m_scenario.services.size());

    // A minute at a time through the cold starts: whatever no batch touched keeps its pointer.
    int rebuilt = 0;
    int kept = 0;
    for (int minute = 0; minute < 12; ++minute) {
        simulator().factory()->runFor(60);
        const std::set<std::string> touched = sync();
        const auto after = m_tracker.snapshot();
        ASSERT_EQ(after->deployments.size(), before->deployments.size());
        if (touched.empty()) {
            EXPECT_EQ(after, before) << "nothing changed, the same snapshot";
        }
        for (std::size_t i = 0; i < after->deployments.size(); ++i) {
            const auto &deployment = after->deployments[i];
            const std::string key = deployment->namespaceName + "/" + deployment->name;
            if (!touched.contains(key)) {
                EXPECT_EQ(deployment, before->deployments[i]) << key << " changed without a change batch";
            }
            rebuilt += deployment != before->deployments[i];
            kept += deployment == before->deployments[i];
        }
        before = after;
    }
    EXPECT_GT(rebuilt, 0) << "replicas became ready along the way";
    EXPECT_GT(kept, 0);

    // Ready counts follow the server.
    const std::vector<json> pods = list(kPods);
    for (const auto &deployment : before->deployments) {
        int ready = 0;
        for (const json &pod : pods) {
            if (pod["metadata"]["labels"].value("serving.kserve.io/inferenceservice", "") == deployment->name)
                ready += podReady(pod);
        }
        EXPECT_EQ(deployment->readyReplicas, ready) << deployment->name;
        EXPECT_EQ(deployment->ready, ready > 0) << deployment->name;
    }
}

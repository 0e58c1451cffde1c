#include "sim/factory/kservecontroller.h"

#include "backend/core/fnv1a.h"
#include "sim/apimachinery/labelselector.h"
#include "sim/factory/factorycontext.h"
#include "sim/factory/modelprofile.h"

#include <algorithm>
#include <cstdio>

namespace gantry::sim {

namespace {

using nlohmann::json;

constexpr const char *serviceLabel = "serving.kserve.io/inferenceservice";
constexpr const char *queueProxyImage =
    "gcr.io/knative-releases/knative.dev/serving/cmd/queue@sha256:6c3d9b5e4f1b6e4a3c7d9a1f0e2b8c4d5a6f7e8d9c0b1a2f3e4d5c6b7a8f9e0d";
constexpr const char *storageInitializerImage = "kserve/storage-initializer:v0.15.0";

int intAnnotation(const json &isvc, std::initializer_list<const char *> keys, int fallback)
{
    const json annotations = objectAt(isvc, {"metadata", "annotations"});
    for (const char *key : keys) {
        if (annotations.contains(key) && annotations[key].is_string()) {
            try {
                return std::stoi(annotations[key].get<std::string>());
            } catch (...) {
            }
        }
    }
    return fallback;
}

std::string hashOf(const std::string &text, int digits)
{
    std::uint64_t hash = fnv1a64(text);
    static constexpr char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string out;
    for (int i = 0; i < digits; ++i) {
        out.push_back(alphabet[hash % (sizeof alphabet - 1)]);
        hash /= (sizeof alphabet - 1);
    }
    return out;
}

json condition(const json &previous, const std::string &type, bool ok, const std::string &now,
               const std::string &reason = {}, const std::string &message = {})
{
    // Keep the transition time while the status stays the same.
    std::string since = now;
    for (const auto &old : previous) {
        if (old.is_object() && old.value("type", "") == type && old.value("status", "") == (ok ? "True" : "False"))
            since = old.value("lastTransitionTime", now);
    }
    json result = {{"type", type}, {"status", ok ? "True" : "False"}, {"lastTransitionTime", since}};
    if (!ok && !reason.empty())
        result["reason"] = reason;
    if (!ok && !message.empty())
        result["message"] = message;
    return result;
}

} // namespace

ScaleBounds scaleBoundsOf(const json &isvc)
{
    ScaleBounds bounds;
    const std::string mode = stringAt(isvc, {"metadata", "annotations", "serving.kserve.io/deploymentMode"});
    bounds.knative = mode != "Standard" && mode != "RawDeployment";
    const json &minReplicas = field(isvc, {"spec", "predictor", "minReplicas"});
    const json &maxReplicas = field(isvc, {"spec", "predictor", "maxReplicas"});
    const int specMin = minReplicas.is_number_integer() ? minReplicas.get<int>() : 1;
    const int specMax = maxReplicas.is_number_integer() ? maxReplicas.get<int>() : 0;
    if (bounds.knative) {
        bounds.min = intAnnotation(isvc, {"autoscaling.knative.dev/min-scale", "autoscaling.knative.dev/minScale"}, specMin);
        bounds.max = intAnnotation(isvc, {"autoscaling.knative.dev/max-scale", "autoscaling.knative.dev/maxScale"}, specMax);
        bounds.initial = intAnnotation(isvc, {"autoscaling.knative.dev/initial-scale"}, 1);
    } else {
        // HPA never goes below one replica.
        bounds.min = std::max(1, specMin);
        bounds.max = std::max(specMax, bounds.min);
        bounds.initial = bounds.min;
    }
    if (stringAt(isvc, {"metadata", "annotations", "serving.kserve.io/stop"}) == "true")
        bounds.min = bounds.max = bounds.initial = 0;
    return bounds;
}

KServeController::KServeController(FactoryContext &context)
    : m_context(context)
{
}

void KServeController::setUp()
{
    ObjectStore &store = m_context.store;
    for (const Scenario::Service &service : m_context.scenario.services) {
        if (!store.get(types::namespaces(), {}, service.namespaceName))
            store.create(types::namespaces(), {{"apiVersion", "v1"}, {"kind", "Namespace"},
                                               {"metadata", {{"name", service.namespaceName}}}});
        const Scenario::Model *model = m_context.scenario.findModel(service.model);
        if (!model)
            continue;
        json annotations = json::object();
        for (const auto &[key, value] : service.annotations)
            annotations[key] = value;
        annotations["serving.kserve.io/deploymentMode"] = service.deploymentMode;
        json predictor = {{"model",
                           {{"modelFormat", {{"name", "vLLM"}}},
                            {"runtime", "kserve-vllmserver"},
                            {"storageUri", model->storageUri},
                            {"resources",
                             {{"limits", {{"nvidia.com/gpu", std::to_string(model->gpusPerReplica)}}},
                              {"requests", {{"nvidia.com/gpu", std::to_string(model->gpusPerReplica)}}}}}}}};
        if (service.minReplicas)
            predictor["minReplicas"] = *service.minReplicas;
        if (service.maxReplicas)
            predictor["maxReplicas"] = *service.maxReplicas;
        if (service.scaleTarget)
            predictor["scaleTarget"] = *service.scaleTarget;
        if (!service.scaleMetric.empty())
            predictor["scaleMetric"] = service.scaleMetric;
        if (!service.pool.empty())
            predictor["nodeSelector"] = {{"gantry.io/pool", service.pool}};
        store.create(types::inferenceServices(),
                     {{"apiVersion", "serving.kserve.io/v1beta1"},
                      {"kind", "InferenceService"},
                      {"metadata", {{"name", service.name}, {"namespace", service.namespaceName}, {"annotations", annotations}}},
                      {"spec", {{"predictor", predictor}}}});
        // A PVC for each shared-volume model, so the pod's claim resolves.
        if (model->storageUri.rfind("pvc://", 0) == 0) {
            const std::string claim = model->storageUri.substr(6, model->storageUri.find('/', 6) - 6);
            if (!store.get(types::pvcs(), service.namespaceName, claim))
                store.create(types::pvcs(),
                             {{"apiVersion", "v1"},
                              {"kind", "PersistentVolumeClaim"},
                              {"metadata", {{"name", claim}, {"namespace", service.namespaceName}}},
                              {"spec", {{"accessModes", {"ReadOnlyMany"}},
                                        {"resources", {{"requests", {{"storage", "2Ti"}}}}},
                                        {"storageClassName", "shared-nfs"}}},
                              {"status", {{"phase", "Bound"}, {"accessModes", {"ReadOnlyMany"}},
                                          {"capacity", {{"storage", "2Ti"}}}}}});
        }
    }
}

void KServeController::setDesiredReplicas(const std::string &service, int replicas)
{
    m_desired[service] = replicas;
}

int KServeController::desiredReplicas(const json &isvc) const
{
    const ScaleBounds bounds = scaleBoundsOf(isvc);
    const std::string key = stringAt(isvc, {"metadata", "namespace"}) + "/" + stringAt(isvc, {"metadata", "name"});
    const auto wanted = m_desired.find(key);
    int replicas = wanted == m_desired.end() ? std::max(bounds.min, bounds.initial) : wanted->second;
    replicas = std::max(replicas, bounds.min);
    if (bounds.max > 0)
        replicas = std::min(replicas, bounds.max);
    return replicas;
}

void KServeController::reconcile()
{
    for (const ObjectPtr &isvc : m_context.store.list(types::inferenceServices(), {}).items)
        reconcileService(isvc->object);
    // Garbage collection is asynchronous on a real cluster too.
    if (m_context.now() - m_lastCollection >= 5) {
        m_lastCollection = m_context.now();
        collectOrphans();
    }
}

void KServeController::reconcileService(const json &isvc)
{
    const std::string name = stringAt(isvc, {"metadata", "name"});
    const std::string namespaceName = stringAt(isvc, {"metadata", "namespace"});
    std::vector<ObjectPtr> pods = m_context.servicePods(namespaceName + "/" + name);
    pods.erase(std::remove_if(pods.begin(), pods.end(), [](const ObjectPtr &pod) { return isTerminating(pod->object); }),
               pods.end());

    const int desired = desiredReplicas(isvc);
    const std::string key = namespaceName + "/" + name;
    for (int i = static_cast<int>(pods.size()); i < desired; ++i)
        createPod(isvc, ++m_podsCreated[key]);
    if (static_cast<int>(pods.size()) > desired) {
        // Scale down the least useful first: not ready, then the newest.
        std::vector<std::pair<bool, ObjectPtr>> ranked;
        for (const ObjectPtr &pod : pods)
            ranked.emplace_back(conditionTrue(pod->object, "Ready"), pod);
        std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
            if (a.first != b.first)
                return !a.first;
            return stringAt(a.second->object, {"metadata", "name"}) > stringAt(b.second->object, {"metadata", "name"});
        });
        for (std::size_t i = 0; i < pods.size() - static_cast<std::size_t>(desired); ++i) {
            const json &pod = ranked[i].second->object;
            const std::string node = stringAt(pod, {"spec", "nodeName"});
            if (!node.empty())
                m_context.events.record(pod, "Normal", "Killing", "Stopping container kserve-container", "kubelet",
                                        node, EventRecorder::Style::Legacy, "spec.containers{kserve-container}");
            m_context.store.remove(types::pods(), namespaceName, stringAt(pod, {"metadata", "name"}));
        }
        pods.erase(std::remove_if(pods.begin(), pods.end(), [&](const ObjectPtr &pod) {
                       return !m_context.store.get(types::pods(), namespaceName, stringAt(pod->object, {"metadata", "name"}));
                   }),
                   pods.end());
    }
    int ready = 0;
    for (const ObjectPtr &pod : pods)
        ready += conditionTrue(pod->object, "Ready");
    writeStatus(isvc, ready, std::max<int>(desired, static_cast<int>(pods.size())));
}

void KServeController::createPod(const json &isvc, int ordinal)
{
    const std::string name = stringAt(isvc, {"metadata", "name"});
    const std::string namespaceName = stringAt(isvc, {"metadata", "namespace"});
    const ModelProfile model = modelProfileFor(m_context.scenario, isvc);
    const bool knative = scaleBoundsOf(isvc).knative;
    const std::string revision = name + "-predictor-00001";
    const std::string templateHash = hashOf(stringAt(isvc, {"metadata", "uid"}), 10);
    const std::string replicaSet = knative ? revision + "-deployment-" + templateHash : name + "-predictor-" + templateHash;
    const std::string podName = replicaSet + "-" + hashOf(replicaSet + std::to_string(ordinal), 5);

    json resources = {{"limits", {{"cpu", "8"}, {"memory", "64Gi"}, {"nvidia.com/gpu", std::to_string(model.gpus)}}},
                      {"requests", {{"cpu", "8"}, {"memory", "64Gi"}, {"nvidia.com/gpu", std::to_string(model.gpus)}}}};
    json mount = {{"name", "kserve-provision-location"}, {"mountPath", "/mnt/models"}, {"readOnly", true}};
    json volumes = json::array();
    json initContainers = json::array();
    json containers = json::array();

    const std::string uri = model.storageUri;
    if (uri.rfind("pvc://", 0) == 0) {
        const std::string rest = uri.substr(6);
        const std::string claim = rest.substr(0, rest.find('/'));
        const std::string subPath = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
        volumes.push_back({{"name", "kserve-pvc-source"}, {"persistentVolumeClaim", {{"claimName", claim}, {"readOnly", true}}}});
        mount = {{"name", "kserve-pvc-source"}, {"mountPath", "/mnt/models"}, {"subPath", subPath}, {"readOnly", true}};
    } else if (uri.rfind("oci://", 0) == 0) {
        const std::string image = uri.substr(6);
        initContainers.push_back({{"name", "modelcar-init"}, {"image", image},
                                  {"command", {"sh", "-c", "echo 'Pre-fetching modelcar " + image + ": ' && /bin/true"}},
                                  {"resources", {{"limits", {{"cpu", "10m"}, {"memory", "15Mi"}}}}}});
        containers.push_back({{"name", "modelcar"}, {"image", image},
                              {"args", {"sh", "-c", "ln -sf /proc/$$/root/models /mnt/models && sleep infinity"}},
                              {"resources", {{"limits", {{"cpu", "10m"}, {"memory", "15Mi"}}}}}});
        volumes.push_back({{"name", "kserve-provision-location"}, {"emptyDir", json::object()}});
    } else {
        initContainers.push_back({{"name", "storage-initializer"}, {"image", storageInitializerImage},
                                  {"args", {uri, "/mnt/models"}},
                                  {"resources", {{"limits", {{"cpu", "1"}, {"memory", "1Gi"}}},
                                                 {"requests", {{"cpu", "100m"}, {"memory", "100Mi"}}}}},
                                  {"volumeMounts", {{{"name", "kserve-provision-location"}, {"mountPath", "/mnt/models"}}}}});
        volumes.push_back({{"name", "kserve-provision-location"}, {"emptyDir", json::object()}});
    }
    containers.insert(containers.begin(),
                      json{{"name", "kserve-container"},
                           {"image", model.runtimeImage},
                           {"command", {"python3", "-m", "vllm.entrypoints.openai.api_server"}},
                           {"args", {"--port=8080", "--served-model-name=" + name, "--model=/mnt/models"}},
                           {"ports", {{{"containerPort", 8080}, {"name", "user-port"}, {"protocol", "TCP"}}}},
                           {"resources", resources},
                           {"readinessProbe", {{"httpGet", {{"path", "/v1/models"}, {"port", 8080}}}, {"periodSeconds", 10}}},
                           {"volumeMounts", {mount}}});
    if (knative)
        containers.push_back({{"name", "queue-proxy"}, {"image", queueProxyImage},
                              {"ports", {{{"containerPort", 8012}, {"name", "http-queueadm"}, {"protocol", "TCP"}}}},
                              {"resources", {{"requests", {{"cpu", "25m"}}}}}});

    json labels = {{serviceLabel, name}, {"component", "predictor"}, {"app", knative ? revision : name + "-predictor"},
                   {"pod-template-hash", templateHash}};
    if (knative) {
        labels["serving.knative.dev/revision"] = revision;
        labels["serving.knative.dev/configuration"] = name + "-predictor";
        labels["serving.knative.dev/service"] = name + "-predictor";
    }
    json spec = {{"containers", containers},
                 {"volumes", volumes},
                 {"serviceAccountName", "default"},
                 {"restartPolicy", "Always"},
                 {"schedulerName", "default-scheduler"},
                 {"tolerations", {{{"key", "nvidia.com/gpu"}, {"operator", "Exists"}, {"effect", "NoSchedule"}}}}};
    if (!initContainers.empty())
        spec["initContainers"] = initContainers;
    if (model.modelcar)
        spec["shareProcessNamespace"] = true;
    const json nodeSelector = objectAt(isvc, {"spec", "predictor", "nodeSelector"});
    if (!nodeSelector.empty())
        spec["nodeSelector"] = nodeSelector;

    m_context.store.create(types::pods(),
                           {{"apiVersion", "v1"},
                            {"kind", "Pod"},
                            {"metadata",
                             {{"name", podName},
                              {"namespace", namespaceName},
                              {"labels", labels},
                              {"annotations", {{"prometheus.kserve.io/port", "8080"}, {"prometheus.kserve.io/path", "/metrics"}}},
                              {"ownerReferences", {{{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", replicaSet},
                                                    {"uid", stringAt(isvc, {"metadata", "uid"})}, {"controller", true}}}}}},
                            {"spec", spec},
                            {"status", {{"phase", "Pending"}, {"qosClass", "Guaranteed"}}}});
}

void KServeController::writeStatus(const json &isvc, int readyPods, int totalPods)
{
    const std::string name = stringAt(isvc, {"metadata", "name"});
    const std::string namespaceName = stringAt(isvc, {"metadata", "namespace"});
    const std::string now = formatRfc3339(m_context.clock.now());
    const bool knative = scaleBoundsOf(isvc).knative;
    const bool scaledToZero = totalPods == 0;
    const bool ready = readyPods > 0 || (scaledToZero && knative);
    const json previous = arrayAt(isvc, {"status", "conditions"});
    const std::string url = "http://" + name + "-" + namespaceName + ".example.com";
    const std::string revision = name + "-predictor-00001";

    json status = {{"observedGeneration", field(isvc, {"metadata", "generation"})},
                   {"deploymentMode", knative ? "Knative" : "Standard"},
                   {"conditions", json::array({condition(previous, "IngressReady", true, now),
                                               condition(previous, "PredictorReady", ready, now, "RevisionMissing",
                                                         "Revision \"" + revision + "\" has no ready replicas yet"),
                                               condition(previous, "Ready", ready, now, "RevisionMissing",
                                                         "Revision \"" + revision + "\" has no ready replicas yet")})},
                   {"url", url},
                   {"address", {{"url", "http://" + name + "." + namespaceName + ".svc.cluster.local"}}},
                   {"components",
                    {{"predictor",
                      {{"latestCreatedRevision", revision},
                       {"url", "http://" + name + "-predictor-" + namespaceName + ".example.com"},
                       {"traffic", {{{"revisionName", revision}, {"percent", 100}, {"latestRevision", true}}}}}}}},
                   {"modelStatus",
                    {{"transitionStatus", ready ? "UpToDate" : "InProgress"},
                     {"states", {{"activeModelState", readyPods > 0 ? "Loaded" : (totalPods > 0 ? "Loading" : "Pending")},
                                 {"targetModelState", "Loaded"}}},
                     {"copies", {{"failedCopies", 0}, {"totalCopies", readyPods}}}}}};
    if (ready)
        status["components"]["predictor"]["latestReadyRevision"] = revision;
    m_context.store.modify(types::inferenceServices(), namespaceName, name, [&](json &object) { object["status"] = status; },
                           WriteScope::Status);
}

void KServeController::collectOrphans()
{
    std::string error;
    const auto selector = LabelSelector::parse(serviceLabel, &error);
    ListOptions options;
    options.labels = selector ? &*selector : nullptr;
    for (const ObjectPtr &pod : m_context.store.list(types::pods(), options).items) {
        const std::string service = stringAt(pod->object, {"metadata", "labels", serviceLabel});
        const std::string namespaceName = stringAt(pod->object, {"metadata", "namespace"});
        if (!m_context.store.get(types::inferenceServices(), namespaceName, service))
            m_context.store.remove(types::pods(), namespaceName, stringAt(pod->object, {"metadata", "name"}));
    }
}

} // namespace gantry::sim

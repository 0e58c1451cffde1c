#include "backend/actions/deployobserver.h"

#include "backend/actions/jsonaccess.h"

#include <set>
#include <thread>

namespace gantry::actions {

namespace {

using nlohmann::json;

std::string readyMessage(const json &service)
{
    const json &conditions = jsonAt(service, { "status", "conditions" });
    if (!conditions.is_array())
        return {};
    for (const json &condition : conditions) {
        if (condition.is_object() && condition.value("type", "") == "Ready" && condition.contains("message")
            && condition["message"].is_string())
            return condition["message"].get<std::string>();
    }
    return {};
}

} // namespace

DeployObserver::DeployObserver(std::shared_ptr<kube::RestClient> client, std::string namespaceName, std::string name)
    : m_client(std::move(client))
    , m_namespace(std::move(namespaceName))
    , m_name(std::move(name))
{
}

kube::ApiResult<DeployProgress> DeployObserver::poll(const kube::Cancellation &cancellation) const
{
    DeploySnapshot snapshot;
    kube::GetOptions get;
    get.cancellation = cancellation;
    const kube::JsonResult service =
        m_client->get({ "serving.kserve.io", "v1beta1", "inferenceservices", m_namespace, m_name, {} }, get);
    if (!service) {
        if (service.error().isNotFound())
            return assessDeployment(snapshot);
        return service.error();
    }
    snapshot.service = kube::extractInferenceService(*service);
    snapshot.readyMessage = readyMessage(*service);

    kube::ListOptions pods;
    pods.labelSelector = "serving.kserve.io/inferenceservice=" + m_name;
    pods.cancellation = cancellation;
    const kube::JsonResult podList = m_client->list({ "", "v1", "pods", m_namespace, {}, {} }, pods);
    if (!podList)
        return podList.error();
    const json &podItems = jsonAt(*podList, { "items" });
    for (const json &pod : podItems.is_array() ? podItems : json::array())
        snapshot.pods.push_back(kube::extractPod(pod));

    bool unscheduled = false;
    for (const kube::CompactPod &pod : snapshot.pods) {
        const auto scheduled = pod.conditions.find("PodScheduled");
        unscheduled = unscheduled || (scheduled != pod.conditions.end() && scheduled->second.status == "False");
    }
    if (unscheduled) {
        // Only then are events worth a request; their absence just loses the detail.
        kube::ListOptions events;
        events.fieldSelector = "reason=FailedScheduling";
        events.cancellation = cancellation;
        if (const kube::JsonResult eventList = m_client->list({ "", "v1", "events", m_namespace, {}, {} }, events)) {
            const json &eventItems = jsonAt(*eventList, { "items" });
            for (const json &event : eventItems.is_array() ? eventItems : json::array())
                snapshot.events.push_back(kube::extractEvent(event));
        }
    }
    return assessDeployment(snapshot);
}

kube::ApiResult<DeployProgress> DeployObserver::follow(const ProgressHandler &onProgress,
    std::chrono::milliseconds interval, std::chrono::milliseconds timeout, const kube::Cancellation &cancellation) const
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::optional<DeployProgress> last;
    while (true) {
        kube::ApiResult<DeployProgress> progress = poll(cancellation);
        if (!progress)
            return progress;
        if (!last || !(*last == *progress)) {
            last = *progress;
            if (onProgress)
                onProgress(*progress);
        }
        if (progress->finished() || std::chrono::steady_clock::now() + interval > deadline)
            return progress;
        // Sleep in slices so a cancel is honoured within a tenth of a second.
        const auto wake = std::chrono::steady_clock::now() + interval;
        while (std::chrono::steady_clock::now() < wake) {
            if (cancellation.isCancelled())
                return kube::ApiError::make(kube::ApiError::Kind::Cancelled, "following the deployment was cancelled");
            std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(interval, std::chrono::milliseconds(100)));
        }
    }
}

DeployProgress DeployObserver::fromStore(
    const kube::ObjectStore &store, const std::string &namespaceName, const std::string &name)
{
    DeploySnapshot snapshot;
    const kube::CompactPtr service = store.find(kube::ObjectKind::InferenceService, namespaceName, name);
    if (service)
        snapshot.service = std::get<kube::CompactInferenceService>(*service);
    std::set<std::string> podNames;
    for (const kube::CompactPtr &pod : store.podsOfInferenceService(namespaceName, name)) {
        snapshot.pods.push_back(std::get<kube::CompactPod>(*pod));
        podNames.insert(snapshot.pods.back().meta.name);
    }
    for (const kube::CompactPtr &object : store.items(kube::ObjectKind::Event)) {
        const auto &event = std::get<kube::CompactEvent>(*object);
        if (event.involvedNamespace == namespaceName && podNames.count(event.involvedName))
            snapshot.events.push_back(event);
    }
    return assessDeployment(snapshot);
}

} // namespace gantry::actions

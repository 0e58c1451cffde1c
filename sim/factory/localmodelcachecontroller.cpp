#include "sim/factory/localmodelcachecontroller.h"

#include "sim/factory/factorycontext.h"

namespace gantry::sim {

namespace {

using nlohmann::json;

const ResourceType &localModelCaches()
{
    static const ResourceType &type = *findResourceType("serving.kserve.io", "v1alpha1", "localmodelcaches");
    return type;
}


} // namespace

LocalModelCacheController::LocalModelCacheController(FactoryContext &context)
    : m_context(context)
{
}

void LocalModelCacheController::reconcile()
{
    for (const ObjectPtr &cache : m_context.store.list(localModelCaches(), {}).items) {
        const json &object = cache->object;
        const std::string name = stringAt(object, {"metadata", "name"});
        const std::string uri = stringAt(object, {"spec", "sourceModelUri"});
        if (uri.empty())
            continue;
        double bytes = 16e9;
        for (const Scenario::Model &model : m_context.scenario.models) {
            if (model.storageUri == uri)
                bytes = model.sizeBytes;
        }
        std::set<std::string> groups;
        for (const auto &group : arrayAt(object, {"spec", "nodeGroups"})) {
            if (group.is_string())
                groups.insert(group.get<std::string>());
        }

        json nodeStatus = json::object();
        int available = 0;
        int total = 0;
        std::set<std::string> &downloading = m_downloading[name];
        for (auto &[node, runtime] : m_context.nodes) {
            if (!groups.count(runtime.pool))
                continue;
            ++total;
            const std::string transfer = "localmodel/" + name + "/" + node;
            if (runtime.warmModels.count(uri)) {
                nodeStatus[node] = "NodeDownloaded";
                ++available;
                downloading.erase(node);
            } else if (runtime.failed || runtime.readyAt > m_context.now()) {
                nodeStatus[node] = "NodeNotReady";
            } else if (downloading.count(node)) {
                if (m_context.transfers.active(transfer)) {
                    nodeStatus[node] = "NodeDownloading";
                } else {
                    runtime.warmModels.insert(uri);
                    downloading.erase(node);
                    nodeStatus[node] = "NodeDownloaded";
                    ++available;
                }
            } else {
                m_context.transfers.start(transfer, storageLinkFor(uri), bytes);
                downloading.insert(node);
                nodeStatus[node] = "NodeDownloadPending";
            }
        }

        json services = json::array();
        for (const ObjectPtr &isvc : m_context.store.list(types::inferenceServices(), {}).items) {
            if (stringAt(isvc->object, {"spec", "predictor", "model", "storageUri"}) == uri)
                services.push_back({{"namespace", stringAt(isvc->object, {"metadata", "namespace"})},
                                    {"name", stringAt(isvc->object, {"metadata", "name"})}});
        }
        const json status = {{"nodeStatus", nodeStatus},
                             {"copies", {{"available", available}, {"total", total}, {"failed", 0}}},
                             {"inferenceServices", services}};
        if (field(object, {"status"}) != status)
            m_context.store.modify(localModelCaches(), {}, name, [&](json &current) { current["status"] = status; },
                                   WriteScope::Status);
    }
}

} // namespace gantry::sim

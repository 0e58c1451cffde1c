#include "sim/factory/factorycontext.h"

#include <charconv>

namespace gantry::sim {

void FactoryContext::indexPods()
{
    podsByService.clear();
    for (const ObjectPtr &pod : store.list(types::pods(), {}).items) {
        const std::string service = stringAt(pod->object, {"metadata", "labels", "serving.kserve.io/inferenceservice"});
        if (!service.empty())
            podsByService[stringAt(pod->object, {"metadata", "namespace"}) + "/" + service].push_back(pod);
    }
}

const std::vector<ObjectPtr> &FactoryContext::servicePods(const std::string &key) const
{
    static const std::vector<ObjectPtr> none;
    const auto it = podsByService.find(key);
    return it == podsByService.end() ? none : it->second;
}

namespace types {
const ResourceType &namespaces() { return *findResourceType("", "v1", "namespaces"); }
const ResourceType &nodes() { return *findResourceType("", "v1", "nodes"); }
const ResourceType &pods() { return *findResourceType("", "v1", "pods"); }
const ResourceType &pvcs() { return *findResourceType("", "v1", "persistentvolumeclaims"); }
const ResourceType &jobs() { return *findResourceType("batch", "v1", "jobs"); }
const ResourceType &inferenceServices() { return *findResourceType("serving.kserve.io", "v1beta1", "inferenceservices"); }
const ResourceType &machineSets() { return *findResourceType("machine.openshift.io", "v1beta1", "machinesets"); }
} // namespace types

const nlohmann::json &field(const nlohmann::json &object, std::initializer_list<const char *> path)
{
    static const nlohmann::json missing;
    const nlohmann::json *node = &object;
    for (const char *key : path) {
        if (!node->is_object())
            return missing;
        const auto it = node->find(key);
        if (it == node->end())
            return missing;
        node = &*it;
    }
    return *node;
}

std::string stringAt(const nlohmann::json &object, std::initializer_list<const char *> path)
{
    const nlohmann::json &value = field(object, path);
    return value.is_string() ? value.get<std::string>() : std::string();
}

nlohmann::json arrayAt(const nlohmann::json &object, std::initializer_list<const char *> path)
{
    const nlohmann::json &value = field(object, path);
    return value.is_array() ? value : nlohmann::json::array();
}

nlohmann::json objectAt(const nlohmann::json &object, std::initializer_list<const char *> path)
{
    const nlohmann::json &value = field(object, path);
    return value.is_object() ? value : nlohmann::json::object();
}

bool conditionTrue(const nlohmann::json &object, const char *type)
{
    // Runs for every pod in several controllers each step: read in place, no copies.
    const nlohmann::json &conditions = field(object, {"status", "conditions"});
    if (!conditions.is_array())
        return false;
    for (const auto &condition : conditions) {
        if (condition.is_object() && condition.value("type", "") == type)
            return condition.value("status", "") == "True";
    }
    return false;
}

int gpuRequest(const nlohmann::json &pod)
{
    int total = 0;
    const nlohmann::json &containers = field(pod, {"spec", "containers"});
    if (!containers.is_array())
        return 0;
    for (const auto &container : containers) {
        if (!container.is_object())
            continue;
        for (const char *section : {"limits", "requests"}) {
            const auto resources = container.find("resources");
            if (resources == container.end() || !resources->is_object() || !resources->contains(section))
                continue;
            const auto &values = (*resources)[section];
            if (!values.is_object() || !values.contains("nvidia.com/gpu"))
                continue;
            const auto &value = values["nvidia.com/gpu"];
            int count = 0;
            if (value.is_number_integer())
                count = value.get<int>();
            else if (value.is_string()) {
                const std::string text = value.get<std::string>();
                std::from_chars(text.data(), text.data() + text.size(), count);
            }
            total += count;
            break; // limits win; requests only when there are no limits
        }
    }
    return total;
}

std::string storageLinkFor(const std::string &uri)
{
    if (uri.rfind("pvc://", 0) == 0)
        return "sharedVolume";
    if (uri.rfind("s3://", 0) == 0)
        return "objectStore";
    if (uri.rfind("oci://", 0) == 0)
        return "registry";
    return "hub";
}

bool isTerminating(const nlohmann::json &object)
{
    const auto metadata = object.find("metadata");
    return metadata != object.end() && metadata->is_object() && metadata->contains("deletionTimestamp");
}

} // namespace gantry::sim

#include "sim/api/resourcetype.h"

namespace gantry::sim {

std::vector<std::string> ResourceType::verbs() const
{
    if (createOnly)
        return {"create"};
    return {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"};
}

const std::vector<ResourceType> &resourceCatalog()
{
    static const std::vector<ResourceType> catalog = [] {
        std::vector<ResourceType> types;
        auto add = [&types](ResourceType type) { types.push_back(std::move(type)); };
        add({"", "v1", "namespaces", "namespace", "Namespace", false, true, true, false, false, {"ns"}, {}});
        add({"", "v1", "nodes", "node", "Node", false, true, true, false, false, {"no"}, {}});
        add({"", "v1", "pods", "pod", "Pod", true, true, true, true, false, {"po"}, {"all"}});
        add({"", "v1", "events", "event", "Event", true, true, false, false, false, {"ev"}, {}});
        add({"", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, true, true,
             false, false, {"pvc"}, {}});
        add({"batch", "v1", "jobs", "job", "Job", true, true, true, false, false, {}, {"all"}});
        // KServe's CRDs declare no categories, so `kubectl get all` leaves them out.
        add({"serving.kserve.io", "v1beta1", "inferenceservices", "inferenceservice", "InferenceService", true, false,
             true, false, false, {"isvc"}, {}});
        add({"serving.kserve.io", "v1alpha1", "localmodelcaches", "localmodelcache", "LocalModelCache", false, false,
             true, false, false, {}, {}});
        add({"machine.openshift.io", "v1beta1", "machinesets", "machineset", "MachineSet", true, false, true, false,
             false, {}, {}});
        add({"authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview",
             "SelfSubjectAccessReview", false, true, false, false, true, {}, {}});
        add({"authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview",
             "SelfSubjectRulesReview", false, true, false, false, true, {}, {}});
        add({"authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false,
             true, false, false, true, {}, {}});
        return types;
    }();
    return catalog;
}

const ResourceType *findResourceType(const std::string &group, const std::string &version, const std::string &plural)
{
    for (const ResourceType &type : resourceCatalog()) {
        if (type.group == group && type.version == version && type.plural == plural)
            return &type;
    }
    return nullptr;
}

const ResourceType *findResourceTypeByKind(const std::string &apiVersion, const std::string &kind)
{
    for (const ResourceType &type : resourceCatalog()) {
        if (type.groupVersion() == apiVersion && type.kind == kind)
            return &type;
    }
    return nullptr;
}

} // namespace gantry::sim

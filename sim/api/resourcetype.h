#pragma once

#include <string>
#include <vector>

namespace gantry::sim {

/// One kind of object the simulated API server serves, with everything discovery,
/// routing, validation and access control need to know about it.
struct ResourceType
{
    std::string group;    ///< "" for the core group
    std::string version;  ///< "v1", "v1beta1", …
    std::string plural;   ///< "inferenceservices"
    std::string singular; ///< "inferenceservice"
    std::string kind;     ///< "InferenceService"
    bool namespaced = true;
    bool builtIn = true;         ///< compiled into Kubernetes: strategic merge patch allowed
    bool hasStatus = false;      ///< a `status` subresource separates spec from status writes
    bool hasLog = false;         ///< pods/log
    bool createOnly = false;     ///< access reviews: only create, nothing stored
    std::vector<std::string> shortNames;
    std::vector<std::string> categories;

    std::string groupVersion() const { return group.empty() ? version : group + "/" + version; }
    std::string listKind() const { return kind + "List"; }
    /// "pods" or "inferenceservices.serving.kserve.io", as in server messages.
    std::string qualifiedResource() const { return group.empty() ? plural : plural + "." + group; }
    /// "Pod" or "InferenceService.serving.kserve.io", as in Invalid messages.
    std::string qualifiedKind() const { return group.empty() ? kind : kind + "." + group; }
    std::vector<std::string> verbs() const;
};

/// Every resource type gantry-sim serves, in discovery order.
const std::vector<ResourceType> &resourceCatalog();

/// The type served at group/version/plural, or nullptr.
const ResourceType *findResourceType(const std::string &group, const std::string &version, const std::string &plural);

/// The type for an apiVersion ("serving.kserve.io/v1beta1" or "v1") and kind, or nullptr.
const ResourceType *findResourceTypeByKind(const std::string &apiVersion, const std::string &kind);

} // namespace gantry::sim

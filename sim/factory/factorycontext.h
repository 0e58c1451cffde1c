#pragma once

#include "sim/api/objectstore.h"
#include "sim/api/podlogs.h"
#include "sim/factory/eventrecorder.h"
#include "sim/factory/transfers.h"
#include "sim/factory/virtualclock.h"
#include "sim/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <map>
#include <random>
#include <set>
#include <string>

namespace gantry::sim {

/// What the simulated kubelets remember about their nodes: the images and
/// models already on local disk or in the page cache.
struct NodeRuntime
{
    std::string pool;
    std::set<std::string> images;
    std::set<std::string> warmModels; ///< storage URIs whose weights are in the node-local cache
    bool failed = false;    ///< a node-failure fault holds it NotReady
    double readyAt = 0;     ///< simulated second the node turns Ready (provisioning)
    double idleSince = -1;  ///< when it last ran no GPU pod; -1 while busy
};

/// Everything the controllers share. Owned by the Factory; controllers run one
/// after another on the factory thread, so none of this needs a lock.
struct FactoryContext
{
    FactoryContext(ObjectStore &objectStore, PodLogStore &podLogs, VirtualClock &virtualClock, Scenario plan,
                   std::uint64_t seed)
        : store(objectStore)
        , logs(podLogs)
        , clock(virtualClock)
        , events(objectStore, virtualClock)
        , scenario(std::move(plan))
        , random(seed)
    {
    }

    ObjectStore &store;
    PodLogStore &logs;
    VirtualClock &clock;
    EventRecorder events;
    Scenario scenario;
    std::mt19937_64 random;
    Transfers transfers;
    std::map<std::string, NodeRuntime> nodes; ///< by node name

    /// Pods by the InferenceService they serve ("namespace/name"), as they were at
    /// the start of this step: one pass over the pods instead of one per service.
    std::map<std::string, std::vector<ObjectPtr>> podsByService;
    void indexPods();
    const std::vector<ObjectPtr> &servicePods(const std::string &key) const;

    double now() const { return clock.elapsedSeconds(); }
    /// A uniform draw in [low, high], from the seeded generator.
    double uniform(double low, double high)
    {
        return low + (high - low) * std::uniform_real_distribution<double>(0, 1)(random);
    }
};

/// The resource types controllers write, looked up once.
namespace types {
const ResourceType &namespaces();
const ResourceType &nodes();
const ResourceType &pods();
const ResourceType &pvcs();
const ResourceType &jobs();
const ResourceType &inferenceServices();
const ResourceType &machineSets();
} // namespace types

/// Small readers for untrusted objects (anything may have been written through
/// the API, so nothing is assumed present or of the right type).
const nlohmann::json &field(const nlohmann::json &object, std::initializer_list<const char *> path);
std::string stringAt(const nlohmann::json &object, std::initializer_list<const char *> path);
nlohmann::json arrayAt(const nlohmann::json &object, std::initializer_list<const char *> path);
nlohmann::json objectAt(const nlohmann::json &object, std::initializer_list<const char *> path);
/// True when the object's `type` condition has status "True".
bool conditionTrue(const nlohmann::json &object, const char *type);
int gpuRequest(const nlohmann::json &pod);
bool isTerminating(const nlohmann::json &object);
/// The storage link a model's bytes travel over when fetched from `uri`:
/// "sharedVolume" (pvc://), "objectStore" (s3://), "registry" (oci://) or "hub".
std::string storageLinkFor(const std::string &uri);

} // namespace gantry::sim

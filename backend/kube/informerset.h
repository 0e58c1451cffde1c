#pragma once

#include "backend/kube/informer.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gantry::kube {

struct InformerSetOptions
{
    /// Restricts namespaced kinds (pods, events, InferenceServices, jobs) to one
    /// namespace; "" watches all. Nodes, LocalModelCaches and MachineSets are
    /// cluster-wide facts and are always watched whole.
    std::string namespaceName;
    std::vector<ObjectKind> kinds = allObjectKinds();
    InformerOptions informer;

    static std::vector<ObjectKind> allObjectKinds();
};

/// One kind's informer state, for a freshness badge or a sync progress line.
struct KindStatus
{
    ObjectKind kind = ObjectKind::Pod;
    InformerStatus status;
    std::size_t objects = 0; ///< in the store now
};

/// The informers that keep one ObjectStore in step with a cluster: one per
/// kind, each on its own worker. "Synced" means every kind finished its first
/// list, or learned that it cannot (Forbidden, NotInstalled), so a dump or a
/// first paint never waits for a kind the cluster does not have.
class InformerSet
{
public:
    using StateHandler = std::function<void(ObjectKind kind, const InformerStatus &status)>;

    InformerSet(std::shared_ptr<RestClient> client, ObjectStore &store, InformerSetOptions options = {});
    ~InformerSet();
    InformerSet(const InformerSet &) = delete;
    InformerSet &operator=(const InformerSet &) = delete;

    /// Called on informer threads at each state change; set before start().
    void setStateHandler(StateHandler handler);
    void start();
    void stop();

    std::vector<KindStatus> status() const;
    bool synced() const;
    /// Blocks until synced() or the timeout; returns synced().
    bool waitSynced(std::chrono::milliseconds timeout);

private:
    static bool settled(const InformerStatus &status);

    ObjectStore &m_store;
    std::vector<std::unique_ptr<Informer>> m_informers;
    StateHandler m_stateHandler;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
};

} // namespace gantry::kube

#pragma once

#include "sim/api/accesscontrol.h"
#include "sim/api/apiserver.h"
#include "sim/api/objectstore.h"
#include "sim/api/podlogs.h"
#include "sim/factory/factory.h"
#include "sim/factory/virtualclock.h"
#include "sim/scenario/scenario.h"
#include "sim/security/simcredentials.h"

#include <memory>
#include <optional>
#include <string>

namespace gantry::sim {

struct SimulatorOptions
{
    ApiServerOptions server;
    std::uint64_t seed = 1;
    std::size_t historyPerType = 20000;      ///< changes kept per type for watch resumption
    std::size_t watchQueueCapacity = 50000;  ///< events a watcher may fall behind before it is closed
    /// The factory to simulate; without one the cluster is an empty API server.
    std::optional<Scenario> scenario;
    /// Simulated seconds per real second; 0 leaves the clock to the caller (tests step it).
    double speed = 1;
    /// The users' tokens; nullopt makes new random ones.
    std::optional<SimCredentials> credentials;
};

/// The simulated cluster in one object: its state, its logs, its users and its
/// API server. gantry-sim, the tests and the console's demo mode all start it
/// this way; nothing outside talks to it but over HTTP.
class Simulator
{
public:
    explicit Simulator(SimulatorOptions options = {});
    ~Simulator();

    /// Creates the standard namespaces and starts serving.
    bool start(std::string *error);
    void stop();

    ObjectStore &store() { return *m_store; }
    PodLogStore &logs() { return m_logs; }
    ApiServer &server() { return *m_server; }
    const AccessControl &access() const { return m_access; }
    VirtualClock &clock() { return m_clock; }
    /// The running factory, or nullptr without a scenario.
    Factory *factory() { return m_factory.get(); }

    /// A kubeconfig with the admin and viewer contexts for this server.
    std::string kubeconfig() const;
    bool writeKubeconfig(const std::string &path, std::string *error) const;

private:
    SimulatorOptions m_options;
    VirtualClock m_clock;
    std::unique_ptr<ObjectStore> m_store;
    PodLogStore m_logs;
    AccessControl m_access;
    std::unique_ptr<ApiServer> m_server;
    std::unique_ptr<Factory> m_factory;
};

} // namespace gantry::sim

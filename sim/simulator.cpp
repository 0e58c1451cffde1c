#include "sim/simulator.h"

#include "sim/api/resourcetype.h"
#include "sim/security/kubeconfigwriter.h"
#include "sim/security/tlsmaterial.h"

namespace gantry::sim {

namespace {

ObjectStore::Options storeOptions(const SimulatorOptions &simulatorOptions, const VirtualClock &clock)
{
    ObjectStore::Options options;
    options.clock = [&clock] { return clock.now(); };
    options.seed = simulatorOptions.seed;
    options.historyPerType = simulatorOptions.historyPerType;
    options.watchQueueCapacity = simulatorOptions.watchQueueCapacity;
    return options;
}

KubeconfigSpec kubeconfigSpec(const ApiServer &server, const AccessControl &access)
{
    KubeconfigSpec spec;
    spec.serverUrl = server.url();
    spec.caCertificatePem = server.caCertificatePem();
    spec.adminToken = access.adminToken();
    spec.viewerToken = access.viewerToken();
    return spec;
}

} // namespace

Simulator::Simulator(SimulatorOptions options)
    : m_options(std::move(options))
    , m_store(std::make_unique<ObjectStore>(storeOptions(m_options, m_clock)))
    , m_access(m_options.credentials ? m_options.credentials->adminToken : randomToken(),
               m_options.credentials ? m_options.credentials->viewerToken : randomToken())
    , m_server(std::make_unique<ApiServer>(*m_store, m_logs, m_access, m_options.server))
{
}

Simulator::~Simulator()
{
    stop();
}

bool Simulator::start(std::string *error)
{
    const ResourceType &namespaces = *findResourceType("", "v1", "namespaces");
    for (const char *name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
        if (!m_store->get(namespaces, {}, name)) {
            m_store->create(namespaces, {{"apiVersion", "v1"},
                                         {"kind", "Namespace"},
                                         {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/metadata.name", name}}}}},
                                         {"spec", {{"finalizers", {"kubernetes"}}}},
                                         {"status", {{"phase", "Active"}}}});
        }
    }
    if (m_options.scenario && !m_factory) {
        m_factory = std::make_unique<Factory>(*m_store, m_logs, m_clock, *m_options.scenario, m_options.seed);
        m_factory->setUp();
        m_server->setMetricsSource([factory = m_factory.get()] { return factory->metrics(); });
    }
    if (!m_server->start(error))
        return false;
    if (m_factory && m_options.speed > 0)
        m_factory->start(m_options.speed);
    return true;
}

void Simulator::stop()
{
    if (m_factory)
        m_factory->stop();
    m_server->stop();
}

std::string Simulator::kubeconfig() const
{
    return renderKubeconfig(kubeconfigSpec(*m_server, m_access));
}

bool Simulator::writeKubeconfig(const std::string &path, std::string *error) const
{
    return gantry::sim::writeKubeconfig(path, kubeconfigSpec(*m_server, m_access), error);
}

} // namespace gantry::sim

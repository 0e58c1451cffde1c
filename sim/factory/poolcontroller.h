#pragma once

#include "sim/scenario/scenario.h"

#include <map>
#include <string>

namespace gantry::sim {

struct FactoryContext;

/// GPU node pools as OpenShift MachineSets: creates the initial nodes, grows a
/// pool when GPU pods cannot be scheduled (cluster-autoscaler's TriggeredScaleUp
/// / NotTriggerScaleUp events), turns new nodes Ready after their provisioning
/// time, and removes nodes that stayed idle above the pool's minimum.
class PoolController
{
public:
    explicit PoolController(FactoryContext &context);

    void setUp();
    void reconcile();

private:
    void createNode(const Scenario::GpuPool &pool, bool ready);
    void scaleUpForPendingPods();
    void finishProvisioning();
    void removeIdleNodes();
    void updateMachineSetStatus();

    FactoryContext &m_context;
    double m_lastScan = -1e9;
    std::map<std::string, double> m_lastScaleUpNotice; ///< pod uid → when it was last told why it did not scale
};

} // namespace gantry::sim

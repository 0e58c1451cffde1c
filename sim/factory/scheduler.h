#pragma once

#include <map>
#include <string>

namespace gantry::sim {

struct FactoryContext;

/// kube-scheduler, for the part the factory needs: binds pending pods to Ready
/// nodes with enough free `nvidia.com/gpu`, honouring nodeSelector and taints,
/// packing GPUs onto the fullest node first; pods that fit nowhere get the real
/// `FailedScheduling` message ("0/12 nodes are available: 4 Insufficient
/// nvidia.com/gpu, …") and a PodScheduled=False condition.
class Scheduler
{
public:
    explicit Scheduler(FactoryContext &context);
    void reconcile();

private:
    FactoryContext &m_context;
    std::map<std::string, double> m_lastFailure;  ///< pod uid → when it last failed to fit (retry backoff)
    std::map<std::string, double> m_lastRecorded; ///< pod uid → when FailedScheduling was last recorded
};

} // namespace gantry::sim

#pragma once

#include <map>
#include <string>

namespace gantry::sim {

struct FactoryContext;

/// Runs prewarm Jobs (the contract in scenariodirector.h): creates the Job's pod
/// on the named node, reads the model's bytes over its storage link (shared with
/// everything else on that link), logs progress lines ("read 12.3/16.0 GiB"),
/// completes the Job and leaves the node's cache warm. Deleting the Job cancels.
class PrewarmController
{
public:
    explicit PrewarmController(FactoryContext &context);
    void reconcile();

private:
    struct Run
    {
        std::string namespaceName;
        std::string job;
        std::string pod;
        std::string node;
        std::string modelUri;
        double bytes = 0;
        double start = 0;
        int reportedTenths = 0;
    };

    void startPod(const std::string &jobUid, Run &run);
    void finish(const std::string &jobUid, Run &run);

    FactoryContext &m_context;
    std::map<std::string, Run> m_runs; ///< by Job uid
};

} // namespace gantry::sim

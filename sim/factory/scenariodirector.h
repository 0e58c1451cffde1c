#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace gantry::sim {

struct FactoryContext;

/// Plays the scenario's timed faults and operator actions: node failures (the
/// node goes NotReady with the unreachable taint and its pods are evicted, as
/// the node lifecycle controller does), storage slowdowns, prewarm actions
/// (creating prewarm Jobs, like an operator would), scaling annotations and the
/// demo's captions, which appear as Normal events with reason `DemoCaption` on
/// the Namespace `gantry-demo` (message "<title>: <text>") so any client sees them.
class ScenarioDirector
{
public:
    explicit ScenarioDirector(FactoryContext &context);
    void reconcile();

private:
    void failNode(const std::string &target, double duration);
    void recoverNode(const std::string &node);
    void createPrewarmJob(const std::string &modelUri, const std::string &node);

    FactoryContext &m_context;
    std::size_t m_nextFault = 0;
    std::size_t m_nextAction = 0;
    std::size_t m_nextCaption = 0;
    std::map<std::string, double> m_nodeRecoveries;  ///< node → when it comes back
    std::map<std::string, double> m_linkRecoveries;  ///< link → when it is back to full speed
};

/// The prewarm Job contract (also used by the console): a batch/v1 Job labelled
/// `gantry.io/prewarm=true`, annotated `gantry.io/model-uri` (the model's
/// storage URI, pvc:// for a shared volume) and `gantry.io/node` (the node to
/// warm), reads the weights on that node and leaves them in its cache.
constexpr const char *prewarmLabel = "gantry.io/prewarm";
constexpr const char *prewarmModelAnnotation = "gantry.io/model-uri";
constexpr const char *prewarmNodeAnnotation = "gantry.io/node";

} // namespace gantry::sim

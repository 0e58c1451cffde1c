#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace gantry::sim {

struct FactoryContext;
struct ModelProfile;

/// KServe's controller for the factory: turns each InferenceService into
/// predictor pods of the real shape (storage-initializer for hf:// and s3://,
/// a direct PVC mount for pvc://, modelcar for oci://, queue-proxy in Knative
/// mode), keeps their number at the desired replica count, removes pods whose
/// service is gone, and writes the service's status (conditions PredictorReady,
/// IngressReady, Ready; URL; modelStatus) from its pods.
class KServeController
{
public:
    explicit KServeController(FactoryContext &context);

    void setUp();
    void reconcile();

    /// Replicas an autoscaler wants for a service ("namespace/name"); without
    /// one, the service's minimum applies.
    void setDesiredReplicas(const std::string &service, int replicas);
    int desiredReplicas(const nlohmann::json &isvc) const;

private:
    void reconcileService(const nlohmann::json &isvc);
    void createPod(const nlohmann::json &isvc, int ordinal);
    void writeStatus(const nlohmann::json &isvc, int readyPods, int totalPods);
    void collectOrphans();

    FactoryContext &m_context;
    std::map<std::string, int> m_desired;
    std::map<std::string, int> m_podsCreated; ///< per service, for stable pod names
    double m_lastCollection = -1e9;
};

/// The scaling bounds an InferenceService asks for, from its annotations and spec.
struct ScaleBounds
{
    int min = 1;
    int max = 0; ///< 0 = unbounded
    int initial = 1;
    bool knative = true;
};
ScaleBounds scaleBoundsOf(const nlohmann::json &isvc);

} // namespace gantry::sim

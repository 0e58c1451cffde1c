#include "sim/factory/modelprofile.h"

#include "sim/factory/factorycontext.h"

#include <nlohmann/json.hpp>

namespace gantry::sim {

ModelProfile modelProfileFor(const Scenario &scenario, const nlohmann::json &isvc)
{
    ModelProfile profile;
    profile.storageUri = stringAt(isvc, {"spec", "predictor", "model", "storageUri"});
    profile.name = stringAt(isvc, {"metadata", "name"});
    for (const Scenario::Model &model : scenario.models) {
        if (model.storageUri != profile.storageUri)
            continue;
        profile.name = model.name;
        profile.sizeBytes = model.sizeBytes;
        if (!model.runtimeImage.empty())
            profile.runtimeImage = model.runtimeImage;
        if (model.runtimeImageBytes > 0)
            profile.runtimeImageBytes = model.runtimeImageBytes;
        profile.warmupSeconds = model.engineWarmupSeconds;
        break;
    }
    const nlohmann::json pod = {{"spec", {{"containers", nlohmann::json::array({objectAt(isvc, {"spec", "predictor", "model"})})}}}};
    const int gpus = gpuRequest(pod);
    if (gpus > 0)
        profile.gpus = gpus;
    profile.modelcar = profile.storageUri.rfind("oci://", 0) == 0;
    return profile;
}

} // namespace gantry::sim

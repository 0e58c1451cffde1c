#include "sim/scenario/scenario.h"

namespace gantry::sim {

const Scenario::Model *Scenario::findModel(const std::string &modelName) const
{
    for (const Model &model : models) {
        if (model.name == modelName)
            return &model;
    }
    return nullptr;
}

const Scenario::GpuPool *Scenario::findPool(const std::string &poolName) const
{
    for (const GpuPool &pool : pools) {
        if (pool.name == poolName)
            return &pool;
    }
    return nullptr;
}

std::string ScenarioError::toString() const
{
    if (line <= 0)
        return file + ": " + message;
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

} // namespace gantry::sim

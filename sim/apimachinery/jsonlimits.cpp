#include "sim/apimachinery/jsonlimits.h"

#include "sim/apimachinery/apifailure.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>
#include <vector>

namespace gantry::sim {

std::size_t jsonDepth(const nlohmann::json &value, std::size_t limit)
{
    std::vector<std::pair<const nlohmann::json *, std::size_t>> pending{{&value, 0}};
    std::size_t deepest = 0;
    while (!pending.empty()) {
        const auto [node, depth] = pending.back();
        pending.pop_back();
        if (!node->is_structured())
            continue;
        const std::size_t level = depth + 1;
        deepest = std::max(deepest, level);
        if (level > limit)
            return level;
        for (const auto &child : *node)
            pending.emplace_back(&child, level);
    }
    return deepest;
}

void requirePatchDepth(const nlohmann::json &object, const nlohmann::json &patch)
{
    const std::string limit = std::to_string(kMaxJsonDepth);
    if (jsonDepth(object) > kMaxJsonDepth)
        throwFailure("the object nests deeper than " + limit + " levels");
    if (jsonDepth(patch) > kMaxJsonDepth)
        throwFailure("the patch nests deeper than " + limit + " levels");
}

} // namespace gantry::sim

#include "sim/scenario/sections.h"

#include "sim/apimachinery/names.h"
#include "sim/scenario/quantities.h"
#include "sim/scenario/suggestions.h"

#include <charconv>

namespace gantry::sim {

namespace {

// Suggestions compare against at most this many names, so a reference into a
// generated fleet of services stays cheap.
constexpr std::size_t kMaxSuggestionCandidates = 5000;

std::string quote(const std::string &text)
{
    return "\"" + printable(text) + "\"";
}

template<typename Items>
std::optional<std::size_t> resolveByName(const YamlValue &value, const Items &items, std::string_view what)
{
    if (!value.require())
        return std::nullopt;
    const auto name = value.text();
    if (!name)
        return std::nullopt;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].name == *name)
            return i;
        names.push_back(items[i].name);
    }
    value.error("unknown " + std::string(what) + " " + quote(*name) + didYouMean(*name, names));
    return std::nullopt;
}

} // namespace

void ScenarioBuild::checkWithinDuration(const YamlValue &at, double seconds) const
{
    if (scenario.durationSeconds > 0 && seconds > scenario.durationSeconds)
        at.error("at " + at.written() + " is after the end of the scenario (" + formatDuration(scenario.durationSeconds)
                 + ")");
}

std::string nameProblem(std::string_view name, NameRule rule)
{
    switch (rule) {
    case NameRule::Label:
        if (dns1123LabelErrors(name).empty())
            return {};
        return "is not a valid name (use at most 63 lower-case letters, digits and '-', starting and ending with a "
               "letter or digit)";
    case NameRule::Subdomain:
        if (dns1123SubdomainErrors(name).empty())
            return {};
        return "is not a valid name (use lower-case letters, digits, '-' and '.', starting and ending with a letter "
               "or digit, at most 253 characters)";
    case NameRule::Service:
        if (dns1123LabelErrors(name).empty() && name.front() >= 'a' && name.front() <= 'z')
            return {};
        return "is not a valid InferenceService name (use at most 63 lower-case letters, digits and '-', starting "
               "with a letter and ending with a letter or digit)";
    }
    return {};
}

std::optional<std::string> readName(const YamlValue &value, NameRule rule)
{
    if (!value.require())
        return std::nullopt;
    auto name = value.text();
    if (!name)
        return std::nullopt;
    if (const std::string problem = nameProblem(*name, rule); !problem.empty())
        value.error(value.quoted() + " " + problem);
    return name;
}

UniqueNames::UniqueNames(std::string what)
    : m_what(std::move(what))
{
}

bool UniqueNames::add(const std::string &name, const YamlValue &place)
{
    const auto [it, inserted] = m_firstLines.emplace(name, place.mark().line + 1);
    if (!inserted)
        place.error("duplicate " + m_what + " " + quote(name) + " (first at line " + std::to_string(it->second) + ")");
    return inserted;
}

std::optional<std::size_t> resolvePool(const YamlValue &value, const Scenario &scenario)
{
    return resolveByName(value, scenario.pools, "pool");
}

std::optional<std::size_t> resolveModel(const YamlValue &value, const Scenario &scenario)
{
    return resolveByName(value, scenario.models, "model");
}

std::string serviceKey(const std::string &namespaceName, const std::string &name)
{
    return namespaceName + "/" + name;
}

std::optional<std::size_t> resolveService(const YamlValue &value, const ScenarioBuild &build)
{
    if (!value.require())
        return std::nullopt;
    const auto reference = value.text();
    if (!reference)
        return std::nullopt;
    const std::string key = reference->find('/') == std::string::npos ? serviceKey("default", *reference) : *reference;
    if (const auto it = build.serviceIndex.find(key); it != build.serviceIndex.end())
        return it->second;
    std::vector<std::string> names;
    for (const Scenario::Service &service : build.scenario.services) {
        if (names.size() >= kMaxSuggestionCandidates)
            break;
        names.push_back(service.namespaceName == "default" ? service.name
                                                           : serviceKey(service.namespaceName, service.name));
    }
    value.error("unknown InferenceService " + quote(*reference) + didYouMean(*reference, names));
    return std::nullopt;
}

std::optional<std::size_t> resolveNode(const YamlValue &value, const Scenario &scenario)
{
    const auto name = value.text();
    if (!name)
        return std::nullopt;
    const std::size_t dash = name->rfind('-');
    if (dash != std::string::npos) {
        const std::string_view number = std::string_view(*name).substr(dash + 1);
        int index = -1;
        const auto result = std::from_chars(number.data(), number.data() + number.size(), index);
        const bool numbered = !number.empty() && result.ec == std::errc() && result.ptr == number.data() + number.size();
        for (std::size_t i = 0; numbered && i < scenario.pools.size(); ++i) {
            const Scenario::GpuPool &pool = scenario.pools[i];
            if (pool.name != name->substr(0, dash))
                continue;
            if (index >= pool.maxNodes) {
                value.error("pool " + quote(pool.name) + " never has a node " + quote(*name) + " (maxNodes is "
                            + std::to_string(pool.maxNodes) + ")");
                return std::nullopt;
            }
            return i;
        }
    }
    value.error("unknown node " + quote(*name) + " (nodes are named <pool>-<n>, e.g. "
                + (scenario.pools.empty() ? std::string("gpu-0") : scenario.pools.front().name + "-0") + ")");
    return std::nullopt;
}

void checkModelFits(const YamlValue &place, const Scenario::Model &model, const Scenario::GpuPool *pool,
                    const Scenario &scenario)
{
    const auto gpus = [](int count) { return std::to_string(count) + (count == 1 ? " GPU" : " GPUs"); };
    // A pool whose gpuMemory did not parse (0, already reported) is not held against the model.
    const auto memoryFits = [&model](const Scenario::GpuPool &candidate) {
        return candidate.gpuMemoryBytes <= 0 || model.sizeBytes <= model.gpusPerReplica * candidate.gpuMemoryBytes;
    };
    if (!pool) {
        for (const Scenario::GpuPool &candidate : scenario.pools) {
            if (model.gpusPerReplica <= candidate.gpusPerNode && memoryFits(candidate))
                return;
        }
        if (!scenario.pools.empty())
            place.error("no pool has nodes that fit model " + quote(model.name) + " (" + gpus(model.gpusPerReplica)
                        + " per replica, " + formatBytes(model.sizeBytes) + " of weights)");
        return;
    }
    if (model.gpusPerReplica > pool->gpusPerNode) {
        place.error("model " + quote(model.name) + " needs " + gpus(model.gpusPerReplica)
                    + " per replica but nodes of pool " + quote(pool->name) + " have " + std::to_string(pool->gpusPerNode));
    } else if (!memoryFits(*pool)) {
        place.error("the weights of model " + quote(model.name) + " (" + formatBytes(model.sizeBytes)
                    + ") do not fit in the memory of " + gpus(model.gpusPerReplica) + " of pool " + quote(pool->name)
                    + " (" + formatBytes(model.gpusPerReplica * pool->gpuMemoryBytes) + ")");
    }
}

void rejectUnused(const YamlMap &map, std::initializer_list<std::string_view> keys, const std::string &kind)
{
    for (std::string_view key : keys) {
        if (map.has(key))
            map[key].error("is not used by " + kind);
    }
}

} // namespace gantry::sim

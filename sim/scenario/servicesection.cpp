#include "sim/scenario/servicefields.h"

#include "sim/scenario/namepattern.h"

#include <set>

namespace gantry::sim {

namespace {

// Where each service was defined, for "first at line N" in duplicate reports.
using DefinitionLines = std::unordered_map<std::string, int>;

bool registerService(Scenario::Service service, const YamlValue &place, ScenarioBuild &build, DefinitionLines &lines)
{
    const std::string key = serviceKey(service.namespaceName, service.name);
    if (const auto it = lines.find(key); it != lines.end()) {
        place.error("duplicate InferenceService \"" + printable(key) + "\" (first at line " + std::to_string(it->second)
                    + ")");
        return false;
    }
    lines.emplace(key, place.mark().line + 1);
    build.serviceIndex.emplace(key, build.scenario.services.size());
    build.scenario.services.push_back(std::move(service));
    return true;
}

void readPlainService(const YamlMap &map, ScenarioBuild &build, DefinitionLines &lines)
{
    Scenario::Service service = readServiceTemplate(map);
    const auto name = readName(map["name"], NameRule::Service);
    if (map.has("namespace"))
        service.namespaceName = readName(map["namespace"], NameRule::Label).value_or(service.namespaceName);
    if (const auto model = resolveModel(map["model"], build.scenario)) {
        service.model = build.scenario.models[*model].name;
        std::optional<std::size_t> pool;
        if (map.has("pool"))
            pool = resolvePool(map["pool"], build.scenario);
        if (!map.has("pool") || pool) {
            service.pool = pool ? build.scenario.pools[*pool].name : std::string();
            checkModelFits(map.has("pool") ? map["pool"] : map["model"], build.scenario.models[*model],
                           pool ? &build.scenario.pools[*pool] : nullptr, build.scenario);
        }
    } else if (map.has("pool")) {
        resolvePool(map["pool"], build.scenario);
    }
    if (name) {
        service.name = *name;
        registerService(std::move(service), map["name"], build, lines);
    }
}

constexpr std::size_t kUnresolved = SIZE_MAX;

// One entry of `model`/`modelFrom` or `pool`/`poolFrom`: what it names and where.
struct Choice
{
    std::size_t index; ///< kUnresolved when the name is unknown (already reported)
    YamlValue place;
};

using Resolver = std::optional<std::size_t> (*)(const YamlValue &, const Scenario &);

// `one` or `list` (round-robin over the generated services), resolved.
std::vector<Choice> readChoices(const YamlMap &map, std::string_view one, std::string_view list, bool required,
                                Resolver resolve, const Scenario &scenario)
{
    std::vector<Choice> choices;
    if (map.has(one) && map.has(list)) {
        map[list].error("set either " + std::string(one) + " or " + std::string(list) + ", not both");
        return choices;
    }
    std::vector<YamlValue> places;
    if (map.has(list)) {
        places = map[list].items();
        if (places.empty() && map[list].node().IsSequence())
            map[list].error("must list at least one name");
    } else if (map.has(one)) {
        places.push_back(map[one]);
    } else if (required) {
        map.self().error("needs " + std::string(one) + " or " + std::string(list));
    }
    for (const YamlValue &place : places)
        choices.push_back({resolve(place, scenario).value_or(kUnresolved), place});
    return choices;
}

std::vector<std::string> readNamespaces(const YamlMap &map)
{
    std::vector<std::string> namespaces;
    if (map.has("namespace") && map.has("namespaceFrom")) {
        map["namespaceFrom"].error("set either namespace or namespaceFrom, not both");
    } else if (map.has("namespaceFrom")) {
        for (const YamlValue &item : map["namespaceFrom"].items()) {
            if (const auto name = readName(item, NameRule::Label))
                namespaces.push_back(*name);
        }
        if (namespaces.empty() && map["namespaceFrom"].node().IsSequence())
            map["namespaceFrom"].error("must list at least one namespace");
    } else if (map.has("namespace")) {
        if (const auto name = readName(map["namespace"], NameRule::Label))
            namespaces.push_back(*name);
    }
    if (namespaces.empty())
        namespaces.emplace_back("default");
    return namespaces;
}

// Every (model, pool) pairing the round-robin produces must fit, each reported once.
void checkGeneratedFits(const std::vector<Choice> &models, const std::vector<Choice> &pools, int count,
                        const Scenario &scenario)
{
    std::set<std::pair<std::size_t, std::size_t>> checked;
    // (i mod models, i mod pools) repeats after models × pools services.
    const std::size_t period = models.size() * std::max<std::size_t>(1, pools.size());
    for (std::size_t i = 0; i < std::min(static_cast<std::size_t>(count), period); ++i) {
        const Choice &model = models[i % models.size()];
        const std::size_t pool = pools.empty() ? kUnresolved : pools[i % pools.size()].index;
        if (model.index == kUnresolved || (!pools.empty() && pool == kUnresolved))
            continue;
        if (!checked.insert({model.index, pool}).second)
            continue;
        checkModelFits(model.place, scenario.models[model.index],
                       pool == kUnresolved ? nullptr : &scenario.pools[pool], scenario);
    }
}

void readGenerator(const YamlMap &map, ScenarioBuild &build, DefinitionLines &lines)
{
    const Scenario::Service base = readServiceTemplate(map);
    const YamlValue patternValue = map["namePattern"];
    std::optional<NamePattern> pattern;
    if (patternValue.require()) {
        if (const auto text = patternValue.text()) {
            std::string problem;
            pattern = NamePattern::parse(*text, problem);
            if (!pattern)
                patternValue.error(problem);
        }
    }
    const YamlValue countValue = map["count"];
    const int count = countValue.require() ? countValue.integer(1, kMaxServices).value_or(0) : 0;
    const std::vector<std::string> namespaces = readNamespaces(map);
    const std::vector<Choice> models = readChoices(map, "model", "modelFrom", true, resolveModel, build.scenario);
    const std::vector<Choice> pools = readChoices(map, "pool", "poolFrom", false, resolvePool, build.scenario);
    if (count == 0 || models.empty())
        return;
    checkGeneratedFits(models, pools, count, build.scenario);
    if (!pattern)
        return;
    if (count > 1 && !pattern->hasIndex()) {
        patternValue.error("needs {index} so the " + std::to_string(count) + " names differ");
        return;
    }
    for (const int index : {0, count - 1}) {
        const std::string name = pattern->expand(index);
        if (const std::string problem = nameProblem(name, NameRule::Service); !problem.empty()) {
            patternValue.error("generates \"" + printable(name) + "\", which " + problem);
            return;
        }
    }
    if (build.scenario.services.size() + static_cast<std::size_t>(count) > static_cast<std::size_t>(kMaxServices)) {
        countValue.error("the scenario would have more than " + std::to_string(kMaxServices) + " InferenceServices");
        return;
    }
    for (int i = 0; i < count; ++i) {
        const auto position = static_cast<std::size_t>(i);
        Scenario::Service service = base;
        service.name = pattern->expand(i);
        service.namespaceName = namespaces[position % namespaces.size()];
        if (const std::size_t model = models[position % models.size()].index; model != kUnresolved)
            service.model = build.scenario.models[model].name;
        if (!pools.empty()) {
            if (const std::size_t pool = pools[position % pools.size()].index; pool != kUnresolved)
                service.pool = build.scenario.pools[pool].name;
        }
        // One clash is enough to show the pattern collides; the rest would repeat it.
        if (!registerService(std::move(service), patternValue, build, lines))
            break;
    }
}

} // namespace

void readServices(const YamlValue &list, ScenarioBuild &build)
{
    DefinitionLines lines;
    for (const YamlValue &item : list.items()) {
        if (!item.node().IsMap()) {
            item.error("expected a map, got " + describeNode(item.node()));
            continue;
        }
        const bool generator = item.node()["namePattern"].IsDefined() || item.node()["count"].IsDefined();
        if (generator) {
            const YamlMap map(item, serviceKeys({"namePattern", "count", "namespace", "namespaceFrom", "model",
                                                 "modelFrom", "pool", "poolFrom"}));
            readGenerator(map, build, lines);
        } else {
            const YamlMap map(item, serviceKeys({"name", "namespace", "model", "pool"}));
            readPlainService(map, build, lines);
        }
    }
}

} // namespace gantry::sim

#include "sim/scenario/sections.h"

#include "sim/scenario/annotations.h"
#include "sim/scenario/quantities.h"
#include "sim/scenario/suggestions.h"

#include <algorithm>

namespace gantry::sim {

namespace {

template<typename Kind>
struct KindName
{
    std::string_view name;
    Kind kind;
};

template<typename Kind, std::size_t N>
std::optional<Kind> readKind(const YamlValue &value, const KindName<Kind> (&kinds)[N])
{
    if (!value.require())
        return std::nullopt;
    const auto text = value.text();
    if (!text)
        return std::nullopt;
    std::vector<std::string> names;
    for (const auto &kind : kinds) {
        if (kind.name == *text)
            return kind.kind;
        names.emplace_back(kind.name);
    }
    value.error("must be " + joinAlternatives(names) + ", got " + value.quoted() + didYouMean(*text, names));
    return std::nullopt;
}

// A required time from the start, within the scenario.
double readAt(const YamlValue &value, const ScenarioBuild &build)
{
    if (!value.require())
        return 0;
    const auto at = value.duration(Sign::NonNegative);
    if (at)
        build.checkWithinDuration(value, *at);
    return at.value_or(0);
}

// Things happen in time order whatever order the file lists them in.
template<typename Items>
void sortByTime(Items &items)
{
    std::stable_sort(items.begin(), items.end(), [](const auto &a, const auto &b) { return a.at < b.at; });
}

using FaultKind = Scenario::Fault::Kind;
constexpr KindName<FaultKind> kFaultKinds[] = {
    {"nodeFailure", FaultKind::NodeFailure},
    {"storageSlowdown", FaultKind::StorageSlowdown},
};

void readFaultTarget(const YamlMap &map, Scenario::Fault &fault, const Scenario &scenario)
{
    const YamlValue value = map["target"];
    if (!value.require())
        return;
    const auto target = value.text();
    if (!target)
        return;
    fault.target = *target;
    if (fault.kind == FaultKind::StorageSlowdown) {
        const std::vector<std::string> links{"hub", "objectStore", "sharedVolume", "registry"};
        if (std::find(links.begin(), links.end(), *target) == links.end())
            value.error("must be " + joinAlternatives(links) + ", got " + value.quoted() + didYouMean(*target, links));
        return;
    }
    for (const Scenario::GpuPool &pool : scenario.pools) {
        if (pool.name == *target)
            return;
    }
    resolveNode(value, scenario);
}

using ActionKind = Scenario::Action::Kind;
constexpr KindName<ActionKind> kActionKinds[] = {
    {"prewarm", ActionKind::Prewarm},
    {"scale", ActionKind::Scale},
};

// The node cache of every pool the prewarm writes to must hold the model.
void checkCacheFits(const YamlValue &place, const Scenario::Model &model, const Scenario::GpuPool &pool)
{
    if (model.sizeBytes > pool.nodeCacheBytes)
        place.error("model \"" + model.name + "\" (" + formatBytes(model.sizeBytes)
                    + ") does not fit in the node cache of pool \"" + pool.name + "\" ("
                    + formatBytes(pool.nodeCacheBytes) + ")");
}

void readPrewarm(const YamlMap &map, Scenario::Action &action, const Scenario &scenario)
{
    rejectUnused(map, {"service", "annotations"}, "kind prewarm");
    const auto model = resolveModel(map["model"], scenario);
    if (model)
        action.model = scenario.models[*model].name;
    if (map.has("pool") && map.has("nodes")) {
        map["nodes"].error("set either pool or nodes, not both");
        return;
    }
    if (map.has("pool")) {
        if (const auto pool = resolvePool(map["pool"], scenario)) {
            action.pool = scenario.pools[*pool].name;
            if (model)
                checkCacheFits(map["pool"], scenario.models[*model], scenario.pools[*pool]);
        }
    } else if (map.has("nodes")) {
        const std::vector<YamlValue> nodes = map["nodes"].items();
        if (nodes.empty() && map["nodes"].node().IsSequence())
            map["nodes"].error("must list at least one node");
        for (const YamlValue &node : nodes) {
            const auto pool = resolveNode(node, scenario);
            if (!pool)
                continue;
            action.nodes.push_back(node.node().Scalar());
            if (model)
                checkCacheFits(node, scenario.models[*model], scenario.pools[*pool]);
        }
    } else {
        map.self().error("needs pool or nodes");
    }
}

void readScale(const YamlMap &map, Scenario::Action &action, const ScenarioBuild &build)
{
    rejectUnused(map, {"model", "pool", "nodes"}, "kind scale");
    const auto service = resolveService(map["service"], build);
    const YamlValue annotationsValue = map["annotations"];
    if (!annotationsValue.require())
        return;
    const std::vector<YamlValue::Entry> annotations = annotationsValue.entries();
    if (annotations.empty() && annotationsValue.node().IsMap())
        annotationsValue.error("must set at least one annotation");
    if (service) {
        const Scenario::Service &target = build.scenario.services[*service];
        action.service = target.namespaceName == "default" ? target.name
                                                           : serviceKey(target.namespaceName, target.name);
        checkAnnotations(annotations, target.deploymentMode, target.annotations);
    }
    for (const YamlValue::Entry &entry : annotations)
        action.annotations[entry.key] = entry.value;
}

} // namespace

void readFaults(const YamlValue &list, ScenarioBuild &build)
{
    for (const YamlValue &item : list.items()) {
        const YamlMap map(item, {"kind", "at", "duration", "target", "factor"});
        if (!map.valid())
            continue;
        Scenario::Fault fault;
        const auto kind = readKind(map["kind"], kFaultKinds);
        fault.at = readAt(map["at"], build);
        fault.duration = map["duration"].duration(Sign::NonNegative).value_or(0);
        if (!kind)
            continue;
        fault.kind = *kind;
        readFaultTarget(map, fault, build.scenario);
        if (fault.kind == FaultKind::StorageSlowdown) {
            if (map["factor"].require())
                fault.factor = map["factor"].number(Sign::Positive).value_or(1);
        } else {
            rejectUnused(map, {"factor"}, "kind nodeFailure");
        }
        build.scenario.faults.push_back(std::move(fault));
    }
    sortByTime(build.scenario.faults);
}

void readActions(const YamlValue &list, ScenarioBuild &build)
{
    for (const YamlValue &item : list.items()) {
        const YamlMap map(item, {"kind", "at", "model", "pool", "nodes", "service", "annotations"});
        if (!map.valid())
            continue;
        Scenario::Action action;
        const auto kind = readKind(map["kind"], kActionKinds);
        action.at = readAt(map["at"], build);
        if (!kind)
            continue;
        action.kind = *kind;
        if (action.kind == ActionKind::Prewarm)
            readPrewarm(map, action, build.scenario);
        else
            readScale(map, action, build);
        build.scenario.actions.push_back(std::move(action));
    }
    sortByTime(build.scenario.actions);
}

void readCaptions(const YamlValue &list, ScenarioBuild &build)
{
    for (const YamlValue &item : list.items()) {
        const YamlMap map(item, {"at", "title", "text"});
        if (!map.valid())
            continue;
        Scenario::Caption caption;
        caption.at = readAt(map["at"], build);
        if (map["title"].require()) {
            caption.title = map["title"].text().value_or(std::string());
            if (caption.title.empty() && map["title"].node().IsScalar())
                map["title"].error("must not be empty");
        }
        caption.text = map["text"].text().value_or(std::string());
        build.scenario.captions.push_back(std::move(caption));
    }
    sortByTime(build.scenario.captions);
}

} // namespace gantry::sim

#include "sim/scenario/sections.h"

#include "sim/scenario/suggestions.h"

namespace gantry::sim {

namespace {

using Shape = Scenario::Traffic::Shape;

enum class Use {
    No,
    Required,
    Optional,
};

// Which fields each shape reads (the README's table).
struct ShapeRule
{
    std::string_view name;
    Shape shape;
    Use rps;
    Use to;
    Use at;
    Use duration;
};

constexpr ShapeRule kShapes[] = {
    {"constant", Shape::Constant, Use::Required, Use::No, Use::No, Use::No},
    {"step", Shape::Step, Use::Optional, Use::Required, Use::Required, Use::No},
    {"ramp", Shape::Ramp, Use::Optional, Use::Required, Use::Required, Use::Required},
    {"daily", Shape::Daily, Use::Optional, Use::Required, Use::No, Use::Optional},
    {"spike", Shape::Spike, Use::Optional, Use::Required, Use::Required, Use::Required},
    {"idle", Shape::Idle, Use::Required, Use::No, Use::Required, Use::Required},
};

// A daily curve repeats once a day unless told otherwise.
constexpr double kDay = 86400;

const ShapeRule *readShape(const YamlValue &value)
{
    if (!value.present())
        return &kShapes[0];
    const auto name = value.text();
    if (!name)
        return nullptr;
    std::vector<std::string> names;
    for (const ShapeRule &rule : kShapes) {
        if (rule.name == *name)
            return &rule;
        names.emplace_back(rule.name);
    }
    value.error("must be " + joinAlternatives(names) + ", got " + value.quoted() + didYouMean(*name, names));
    return nullptr;
}

// Applies one field's rule: reports it missing or unused, else reads it with `read`.
template<typename Read>
void field(const YamlMap &map, std::string_view key, Use use, const ShapeRule &shape, Read read)
{
    const YamlValue value = map[key];
    if (use == Use::No) {
        if (value.present())
            value.error("is not used by shape " + std::string(shape.name));
        return;
    }
    if (use == Use::Required && !value.require())
        return;
    if (value.present())
        read(value);
}

} // namespace

void readTraffic(const YamlValue &list, ScenarioBuild &build)
{
    for (const YamlValue &item : list.items()) {
        const YamlMap map(item, {"service", "shape", "rps", "to", "at", "duration"});
        if (!map.valid())
            continue;
        Scenario::Traffic traffic;
        const auto service = resolveService(map["service"], build);
        if (service) {
            const Scenario::Service &target = build.scenario.services[*service];
            traffic.service = target.namespaceName == "default" ? target.name
                                                                : serviceKey(target.namespaceName, target.name);
        }
        const ShapeRule *shape = readShape(map["shape"]);
        if (!shape)
            continue;
        traffic.shape = shape->shape;
        if (shape->shape == Shape::Daily)
            traffic.duration = kDay;
        field(map, "rps", shape->rps, *shape,
              [&](const YamlValue &v) { traffic.rps = v.number(Sign::NonNegative).value_or(0); });
        field(map, "to", shape->to, *shape,
              [&](const YamlValue &v) { traffic.to = v.number(Sign::NonNegative).value_or(0); });
        field(map, "at", shape->at, *shape, [&](const YamlValue &v) {
            traffic.at = v.duration(Sign::NonNegative).value_or(0);
            build.checkWithinDuration(v, traffic.at);
        });
        field(map, "duration", shape->duration, *shape,
              [&](const YamlValue &v) { traffic.duration = v.duration(Sign::Positive).value_or(traffic.duration); });
        build.scenario.traffic.push_back(std::move(traffic));
    }
}

} // namespace gantry::sim

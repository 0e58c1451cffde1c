#include "sim/scenario/annotations.h"

#include "sim/apimachinery/names.h"
#include "sim/scenario/quantities.h"
#include "sim/scenario/suggestions.h"

#include <algorithm>
#include <cmath>

namespace gantry::sim {

namespace {

constexpr std::string_view kKpaClass = "kpa.autoscaling.knative.dev";

// A check returns "" when the value is fine, else the message.
using Check = std::string (*)(const std::string &value);

std::string quote(const std::string &value)
{
    return "\"" + printable(value) + "\"";
}

std::string numberBetween(const std::string &value, double min, double max, std::string_view range)
{
    const ParsedQuantity number = parseNumber(value);
    if (!number.ok())
        return "expected a number, got " + quote(value);
    if (number.value < min || number.value > max)
        return "must be " + std::string(range) + ", got " + printable(value);
    return {};
}

std::string wholeAtLeast(const std::string &value, int min)
{
    const ParsedQuantity number = parseNumber(value);
    if (!number.ok() || value.find_first_of(".eE") != std::string::npos)
        return "expected a whole number, got " + quote(value);
    if (number.value < min)
        return "must be at least " + std::to_string(min) + ", got " + printable(value);
    return {};
}

// Knative reads these with Go's time.ParseDuration: a unit is required.
std::string goDurationBetween(const std::string &value, double min, double max, bool wholeSeconds)
{
    const ParsedQuantity seconds = parseDuration(value, DurationSyntax::Go);
    if (!seconds.ok())
        return quote(value) + " is not a duration (write e.g. 60s, 5m or 1h; Knative needs a unit)";
    if (seconds.value < min || seconds.value > max)
        return "must be between " + formatDuration(min) + " and " + formatDuration(max) + ", got " + printable(value);
    if (wholeSeconds && std::floor(seconds.value) != seconds.value)
        return "must be a whole number of seconds, got " + printable(value);
    return {};
}

std::string oneOf(const std::string &value, const std::vector<std::string> &allowed)
{
    for (const std::string &word : allowed) {
        if (word == value)
            return {};
    }
    return "must be " + joinAlternatives(allowed) + ", got " + quote(value) + didYouMean(value, allowed);
}

struct KnativeRule
{
    std::string_view name;   ///< after "autoscaling.knative.dev/"
    std::string_view legacy; ///< the camelCase name older releases read, if any
    Check check;
    bool kpaOnly;
};

const std::vector<KnativeRule> &knativeRules()
{
    static const std::vector<KnativeRule> rules{
        {"class", "", [](const std::string &v) { return v.empty() ? std::string("must not be empty") : ""; }, false},
        {"metric", "", [](const std::string &v) { return v.empty() ? std::string("must not be empty") : ""; }, false},
        {"target", "", [](const std::string &v) { return numberBetween(v, 0.01, HUGE_VAL, "at least 0.01"); }, false},
        {"target-utilization-percentage", "",
         [](const std::string &v) { return numberBetween(v, 1, 100, "between 1 and 100"); }, false},
        {"min-scale", "minScale", [](const std::string &v) { return wholeAtLeast(v, 0); }, false},
        {"max-scale", "maxScale", [](const std::string &v) { return wholeAtLeast(v, 0); }, false},
        // 0 needs allow-zero-initial-scale, which the simulated config-autoscaler sets.
        {"initial-scale", "initialScale", [](const std::string &v) { return wholeAtLeast(v, 0); }, false},
        {"scale-down-delay", "", [](const std::string &v) { return goDurationBetween(v, 0, 3600, true); }, false},
        {"scale-to-zero-pod-retention-period", "",
         [](const std::string &v) { return goDurationBetween(v, 0, 3600, false); }, false},
        {"window", "", [](const std::string &v) { return goDurationBetween(v, 6, 3600, true); }, true},
        {"panic-window-percentage", "",
         [](const std::string &v) { return numberBetween(v, 1, 100, "between 1.0 and 100.0"); }, true},
        {"panic-threshold-percentage", "",
         [](const std::string &v) { return numberBetween(v, 110, 1000, "between 110 and 1000"); }, false},
        {"activation-scale", "", [](const std::string &v) { return wholeAtLeast(v, 2); }, false},
        {"target-burst-capacity", "",
         [](const std::string &v) {
             const ParsedQuantity number = parseNumber(v);
             if (!number.ok())
                 return "expected a number, got " + quote(v);
             if (number.value < 0 && number.value != -1)
                 return "must be -1 (unlimited), 0 or more, got " + printable(v);
             return std::string();
         },
         false},
        {"metric-aggregation-algorithm", "",
         [](const std::string &v) { return oneOf(v, {"linear", "weighted-exponential", "weightedExponential"}); },
         false},
    };
    return rules;
}

const KnativeRule *findRule(std::string_view name)
{
    for (const KnativeRule &rule : knativeRules()) {
        if (rule.name == name || (!rule.legacy.empty() && rule.legacy == name))
            return &rule;
    }
    return nullptr;
}

std::vector<std::string> knativeKeys()
{
    std::vector<std::string> keys;
    for (const KnativeRule &rule : knativeRules()) {
        keys.push_back(std::string(kKnativePrefix) + std::string(rule.name));
        if (!rule.legacy.empty())
            keys.push_back(std::string(kKnativePrefix) + std::string(rule.legacy));
    }
    return keys;
}

// The annotations after the change: what `entries` set, else what the service had.
class EffectiveAnnotations
{
public:
    EffectiveAnnotations(const std::vector<YamlValue::Entry> &entries,
                         const std::map<std::string, std::string> &inherited)
        : m_entries(entries)
        , m_inherited(inherited)
    {
    }

    /// The value of a Knative setting under its name or legacy name.
    std::optional<std::string> knative(const KnativeRule &rule) const
    {
        for (std::string_view name : {rule.name, rule.legacy}) {
            if (name.empty())
                continue;
            if (const auto value = get(std::string(kKnativePrefix) + std::string(name)))
                return value;
        }
        return std::nullopt;
    }

    std::optional<std::string> get(const std::string &key) const
    {
        for (const YamlValue::Entry &entry : m_entries) {
            if (entry.key == key)
                return entry.value;
        }
        if (const auto it = m_inherited.find(key); it != m_inherited.end())
            return it->second;
        return std::nullopt;
    }

    /// Whether `entries` set the setting themselves (rather than inherit it).
    bool setHere(const KnativeRule &rule) const
    {
        for (const YamlValue::Entry &entry : m_entries) {
            for (std::string_view name : {rule.name, rule.legacy}) {
                if (!name.empty() && entry.key == std::string(kKnativePrefix) + std::string(name))
                    return true;
            }
        }
        return false;
    }

    /// A whole number, when the value is one (clamped so absurd values stay comparable).
    std::optional<long long> integer(std::string_view name) const
    {
        const auto value = knative(*findRule(name));
        if (!value || !wholeAtLeast(*value, 0).empty())
            return std::nullopt;
        return static_cast<long long>(std::min(parseNumber(*value).value, 1e15));
    }

private:
    const std::vector<YamlValue::Entry> &m_entries;
    const std::map<std::string, std::string> &m_inherited;
};

void checkKnativeEntry(const YamlValue::Entry &entry, const std::string &deploymentMode,
                       const EffectiveAnnotations &effective)
{
    const std::string name = entry.key.substr(kKnativePrefix.size());
    const KnativeRule *rule = findRule(name);
    if (!rule) {
        entry.keyPlace.error("unknown Knative autoscaling annotation" + didYouMean(entry.key, knativeKeys()));
        return;
    }
    if (deploymentMode != "Knative") {
        entry.keyPlace.error("Knative autoscaling annotations apply only in Knative mode (the service is "
                             + deploymentMode + ")");
        return;
    }
    if (const std::string problem = rule->check(entry.value); !problem.empty()) {
        entry.valuePlace.error(problem);
        return;
    }
    const std::string autoscalerClass = effective.get(std::string(kKnativePrefix) + "class").value_or(std::string(kKpaClass));
    if (rule->kpaOnly && autoscalerClass != kKpaClass)
        entry.keyPlace.error("applies only with class " + std::string(kKpaClass) + ", not " + quote(autoscalerClass));
    if (rule->name == "metric" && autoscalerClass == kKpaClass && entry.value != "concurrency" && entry.value != "rps")
        entry.valuePlace.error("the KPA scales on concurrency or rps, got " + quote(entry.value));

    const auto minScale = effective.integer("min-scale");
    const auto maxScale = effective.integer("max-scale");
    const bool bounded = maxScale && *maxScale > 0;
    if (rule->name == "min-scale" && minScale && bounded && *minScale > *maxScale)
        entry.valuePlace.error("min-scale (" + std::to_string(*minScale) + ") must not exceed max-scale ("
                               + std::to_string(*maxScale) + ")");
    if (rule->name == "max-scale" && minScale && bounded && *minScale > *maxScale
        && !effective.setHere(*findRule("min-scale")))
        entry.valuePlace.error("max-scale (" + std::to_string(*maxScale) + ") must not be below min-scale ("
                               + std::to_string(*minScale) + ")");
    if (rule->name == "activation-scale") {
        const auto activation = effective.integer("activation-scale");
        if (activation && minScale && *activation < *minScale)
            entry.valuePlace.error("activation-scale (" + std::to_string(*activation)
                                   + ") must not be below min-scale (" + std::to_string(*minScale) + ")");
        if (activation && bounded && *activation > *maxScale)
            entry.valuePlace.error("activation-scale (" + std::to_string(*activation) + ") must not exceed max-scale ("
                                   + std::to_string(*maxScale) + ")");
    }
}

void checkKServeEntry(const YamlValue::Entry &entry, const std::string &deploymentMode)
{
    if (entry.key == kDeploymentModeAnnotation) {
        const auto mode = normaliseDeploymentMode(entry.value);
        if (!mode)
            entry.valuePlace.error("must be Knative, Serverless, Standard or RawDeployment, got " + quote(entry.value)
                                   + didYouMean(entry.value, {"Knative", "Serverless", "Standard", "RawDeployment"}));
        else if (*mode != deploymentMode)
            entry.valuePlace.error("says " + *mode + " but the service's deploymentMode is " + deploymentMode);
    } else if (entry.key == kAutoscalerClassAnnotation) {
        if (deploymentMode != "Standard")
            entry.keyPlace.error("applies only in Standard mode (the service is " + deploymentMode + ")");
        else if (const std::string problem = oneOf(entry.value, {"hpa", "keda", "external", "none"}); !problem.empty())
            entry.valuePlace.error(problem);
    }
}

} // namespace

std::optional<std::string> normaliseDeploymentMode(std::string_view mode)
{
    if (mode == "Knative" || mode == "Serverless")
        return "Knative";
    if (mode == "Standard" || mode == "RawDeployment")
        return "Standard";
    return std::nullopt;
}

void checkAnnotations(const std::vector<YamlValue::Entry> &entries, const std::string &deploymentMode,
                      const std::map<std::string, std::string> &inherited)
{
    const EffectiveAnnotations effective(entries, inherited);
    for (const YamlValue::Entry &entry : entries) {
        if (const auto problems = qualifiedNameErrors(entry.key); !problems.empty()) {
            entry.keyPlace.error("is not a valid annotation key: " + joinMessages(problems));
            continue;
        }
        if (entry.key.starts_with(kKnativePrefix))
            checkKnativeEntry(entry, deploymentMode, effective);
        else
            checkKServeEntry(entry, deploymentMode);
    }
    // The same setting under its current and its legacy name is ambiguous.
    for (const KnativeRule &rule : knativeRules()) {
        if (rule.legacy.empty())
            continue;
        const std::string current = std::string(kKnativePrefix) + std::string(rule.name);
        const std::string legacy = std::string(kKnativePrefix) + std::string(rule.legacy);
        for (const YamlValue::Entry &entry : entries) {
            if (entry.key == legacy && effective.get(current))
                entry.keyPlace.error("set either " + current + " or its legacy name " + std::string(rule.legacy)
                                     + ", not both");
        }
    }
}

} // namespace gantry::sim

#include "backend/actions/scaleplan.h"

#include "backend/actions/jsonaccess.h"

#include <algorithm>
#include <cstdio>

namespace gantry::actions {

namespace {

using nlohmann::json;
using Path = std::vector<std::string>;

constexpr const char *kKnative = "autoscaling.knative.dev/";

const json &valueAt(const json &object, const Path &path)
{
    static const json null;
    const json *node = &object;
    for (const std::string &key : path) {
        if (!node->is_object())
            return null;
        const auto it = node->find(key);
        if (it == node->end())
            return null;
        node = &*it;
    }
    return *node;
}

void setAt(json &patch, const Path &path, const json &value)
{
    json *node = &patch;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        json &next = (*node)[path[i]];
        if (!next.is_object())
            next = json::object();
        node = &next;
    }
    (*node)[path.back()] = value;
}

std::string valueText(const json &value)
{
    if (value.is_null())
        return "(unset)";
    return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string formatNumber(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

struct Target {
    std::string field;
    Path path;
    json value;
};

Path annotationPath(const std::string &key)
{
    return { "metadata", "annotations", key };
}

Target annotation(const std::string &key, json value)
{
    return { "metadata.annotations[" + key + "]", annotationPath(key), std::move(value) };
}

Target specField(const std::string &key, json value)
{
    return { "spec.predictor." + key, { "spec", "predictor", key }, std::move(value) };
}

// min-scale/max-scale annotations the object already has (the current name and the
// legacy camelCase one) follow the spec field, so both say the same.
void replicaTargets(const json &current, const char *specKey, const char *annotationKey, const char *legacyKey,
    std::int64_t value, std::vector<Target> &targets)
{
    targets.push_back(specField(specKey, value));
    for (const char *key : { annotationKey, legacyKey }) {
        const std::string full = std::string(kKnative) + key;
        if (!valueAt(current, annotationPath(full)).is_null())
            targets.push_back(annotation(full, std::to_string(value)));
    }
}

std::vector<Target> targetsFor(const json &current, DeploymentMode mode, const ScaleChange &change)
{
    std::vector<Target> targets;
    const std::string k = kKnative;
    if (mode == DeploymentMode::Knative) {
        if (change.minReplicas)
            replicaTargets(current, "minReplicas", "min-scale", "minScale", *change.minReplicas, targets);
        if (change.maxReplicas)
            replicaTargets(current, "maxReplicas", "max-scale", "maxScale", *change.maxReplicas, targets);
        if (change.target)
            targets.push_back(annotation(k + "target", formatNumber(*change.target)));
        if (change.metric)
            targets.push_back(annotation(k + "metric", *change.metric));
        if (change.targetUtilizationPercent)
            targets.push_back(
                annotation(k + "target-utilization-percentage", formatNumber(*change.targetUtilizationPercent)));
        if (change.scaleToZeroRetentionSeconds)
            targets.push_back(annotation(
                k + "scale-to-zero-pod-retention-period", std::to_string(*change.scaleToZeroRetentionSeconds) + "s"));
        if (change.scaleDownDelaySeconds)
            targets.push_back(annotation(k + "scale-down-delay", std::to_string(*change.scaleDownDelaySeconds) + "s"));
        if (change.initialScale)
            targets.push_back(annotation(k + "initial-scale", std::to_string(*change.initialScale)));
        if (change.autoscalerClass) {
            const std::string &cls = *change.autoscalerClass;
            targets.push_back(
                annotation(k + "class", cls == "kpa" || cls == "hpa" ? cls + ".autoscaling.knative.dev" : cls));
        }
        return targets;
    }
    if (change.minReplicas)
        targets.push_back(specField("minReplicas", *change.minReplicas));
    if (change.maxReplicas)
        targets.push_back(specField("maxReplicas", *change.maxReplicas));
    if (change.target)
        targets.push_back(specField("scaleTarget", static_cast<std::int64_t>(*change.target)));
    if (change.metric)
        targets.push_back(specField("scaleMetric", *change.metric));
    if (change.autoscalerClass)
        targets.push_back(annotation("serving.kserve.io/autoscalerClass", *change.autoscalerClass));
    return targets;
}

ScalingSettings applied(ScalingSettings settings, const ScaleChange &change)
{
    if (change.minReplicas)
        settings.minReplicas = change.minReplicas;
    if (change.maxReplicas)
        settings.maxReplicas = change.maxReplicas;
    if (change.target)
        settings.target = change.target;
    if (change.metric)
        settings.metric = *change.metric;
    if (change.targetUtilizationPercent)
        settings.targetUtilizationPercent = change.targetUtilizationPercent;
    if (change.scaleToZeroRetentionSeconds)
        settings.scaleToZeroRetentionSeconds = static_cast<double>(*change.scaleToZeroRetentionSeconds);
    if (change.scaleDownDelaySeconds)
        settings.scaleDownDelaySeconds = static_cast<double>(*change.scaleDownDelaySeconds);
    if (change.initialScale)
        settings.initialScale = change.initialScale;
    if (change.autoscalerClass)
        settings.autoscalerClass = *change.autoscalerClass;
    return settings;
}

bool sameProblem(const Problem &a, const Problem &b)
{
    return a.field == b.field && a.message == b.message && a.value == b.value;
}

Result<ScalePlan, Problems> identify(const json &current, ScalePlan &plan)
{
    plan.namespaceName = jsonString(current, { "metadata", "namespace" });
    plan.name = jsonString(current, { "metadata", "name" });
    plan.resourceVersion = jsonString(current, { "metadata", "resourceVersion" });
    if (plan.name.empty() || plan.resourceVersion.empty())
        return Problems { { "metadata.resourceVersion",
            "the InferenceService must be read from the server first (it has no name or resourceVersion)", {} } };
    return plan;
}

void finish(ScalePlan &plan)
{
    plan.patch = { { "metadata", { { "resourceVersion", plan.resourceVersion } } } };
    for (const FieldDiff &diff : plan.diffs)
        setAt(plan.patch, diff.path, diff.after);
}

} // namespace

bool ScaleChange::empty() const
{
    return !minReplicas && !maxReplicas && !target && !metric && !targetUtilizationPercent
        && !scaleToZeroRetentionSeconds && !scaleDownDelaySeconds && !initialScale && !autoscalerClass;
}

std::string FieldDiff::text() const
{
    return field + ": " + valueText(before) + " → " + valueText(after);
}

std::string ScalePlan::summary() const
{
    std::string out;
    for (const FieldDiff &diff : diffs)
        out += (out.empty() ? "" : "\n") + diff.text();
    return out;
}

Result<ScalePlan, Problems> planScale(const json &current, const ScaleChange &change)
{
    ScalePlan plan;
    if (auto identified = identify(current, plan); !identified)
        return identified;
    if (change.empty())
        return Problems { { "", "nothing to change: no scaling value was given", {} } };
    plan.mode = deploymentModeOf(current);

    ScalingSettings before = scalingSettingsOf(current);
    before.allowZeroInitialScale = change.allowZeroInitialScale;
    const Problems existing = validateScaling(before);
    Problems introduced;
    for (Problem &problem : validateScaling(applied(before, change))) {
        const bool old =
            std::any_of(existing.begin(), existing.end(), [&](const Problem &p) { return sameProblem(p, problem); });
        if (!old)
            introduced.push_back(std::move(problem));
    }
    if (!introduced.empty())
        return introduced;

    for (Target &target : targetsFor(current, plan.mode, change)) {
        const json &now = valueAt(current, target.path);
        if (now == target.value)
            continue;
        plan.diffs.push_back({ target.field, target.path, now, std::move(target.value) });
    }
    if (plan.diffs.empty())
        return Problems { { "", "nothing to change: every value already is as requested", {} } };
    finish(plan);
    return plan;
}

Result<ScalePlan, Problems> planRevert(const json &current, const ScalePlan &appliedPlan)
{
    ScalePlan plan;
    if (auto identified = identify(current, plan); !identified)
        return identified;
    plan.mode = appliedPlan.mode;
    Problems problems;
    for (const FieldDiff &diff : appliedPlan.diffs) {
        const json &now = valueAt(current, diff.path);
        if (now != diff.after) {
            problems.push_back({ diff.field,
                "changed since the scale set it to " + valueText(diff.after) + " (now " + valueText(now)
                    + "); not reverting over someone else's change",
                valueText(now) });
            continue;
        }
        plan.diffs.push_back({ diff.field, diff.path, now, diff.before });
    }
    if (!problems.empty())
        return problems;
    if (plan.diffs.empty())
        return Problems { { "", "nothing to revert", {} } };
    finish(plan);
    return plan;
}

} // namespace gantry::actions

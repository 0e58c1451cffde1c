// The scaling half of validation.h: Knative annotations and KServe's Standard-mode
// fields, with the ranges of REFERENCE §1–2.
#include "backend/actions/validation.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace gantry::actions {

namespace {

using nlohmann::json;

constexpr const char *kKnative = "autoscaling.knative.dev/";

std::string number(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

bool isKpa(const std::string &cls)
{
    return cls.empty() || cls == "kpa" || cls == "kpa.autoscaling.knative.dev";
}

bool isKnativeHpa(const std::string &cls)
{
    return cls == "hpa" || cls == "hpa.autoscaling.knative.dev";
}

void checkKnative(const ScalingSettings &s, Problems &problems)
{
    const auto field = [](std::string_view what) { return scalingField(DeploymentMode::Knative, what); };
    if (!isKpa(s.autoscalerClass) && !isKnativeHpa(s.autoscalerClass))
        problems.push_back({ field("autoscalerClass"),
            "must be kpa or hpa (kpa.autoscaling.knative.dev, hpa.autoscaling.knative.dev) in Knative "
            "mode",
            s.autoscalerClass });
    if (!s.metric.empty()) {
        if (isKnativeHpa(s.autoscalerClass) && s.metric != "cpu" && s.metric != "memory")
            problems.push_back({ field("metric"), "must be cpu or memory with the hpa class", s.metric });
        else if (isKpa(s.autoscalerClass) && s.metric != "concurrency" && s.metric != "rps")
            problems.push_back({ field("metric"), "must be concurrency or rps with the kpa class", s.metric });
    }
    if (s.target && !(*s.target >= 0.01))
        problems.push_back({ field("target"), "must be a number of at least 0.01", number(*s.target) });
    if (s.targetUtilizationPercent && !(*s.targetUtilizationPercent >= 1 && *s.targetUtilizationPercent <= 100))
        problems.push_back(
            { field("targetUtilizationPercent"), "must be from 1 to 100", number(*s.targetUtilizationPercent) });
    if (s.scaleDownDelaySeconds) {
        const double v = *s.scaleDownDelaySeconds;
        if (!(v >= 0 && v <= 3600) || std::floor(v) != v)
            problems.push_back({ field("scaleDownDelay"), "must be whole seconds from 0s to 1h", number(v) + "s" });
    }
    if (s.scaleToZeroRetentionSeconds
        && !(*s.scaleToZeroRetentionSeconds >= 0 && *s.scaleToZeroRetentionSeconds <= 3600))
        problems.push_back(
            { field("scaleToZeroRetention"), "must be from 0s to 1h", number(*s.scaleToZeroRetentionSeconds) + "s" });
    if (s.initialScale) {
        if (*s.initialScale < 0 || (*s.initialScale == 0 && !s.allowZeroInitialScale))
            problems.push_back({ field("initialScale"),
                s.allowZeroInitialScale ? "must be 0 or more"
                                        : "must be at least 1 (0 only when the cluster sets "
                                          "allow-zero-initial-scale)",
                std::to_string(*s.initialScale) });
    }
}

void checkStandard(const ScalingSettings &s, Problems &problems)
{
    const auto field = [](std::string_view what) { return scalingField(DeploymentMode::Standard, what); };
    const std::string cls = s.autoscalerClass.empty() ? "hpa" : s.autoscalerClass;
    if (cls != "hpa" && cls != "keda" && cls != "external" && cls != "none")
        problems.push_back({ field("autoscalerClass"), "must be hpa, keda, external or none in Standard mode", cls });
    if (cls == "hpa" && s.minReplicas && *s.minReplicas < 1)
        problems.push_back({ field("minReplicas"),
            "must be at least 1 with autoscalerClass hpa (an HPA never scales to zero; use keda or "
            "Knative mode)",
            std::to_string(*s.minReplicas) });
    const bool autoscaled = cls != "external" && cls != "none"; // an unknown class is reported once, above
    if (!s.metric.empty()) {
        if (!autoscaled)
            problems.push_back({ field("metric"), "has no effect with autoscalerClass " + cls, s.metric });
        else if (s.metric != "cpu" && s.metric != "memory")
            problems.push_back({ field("metric"),
                "must be cpu or memory in Standard mode (concurrency and rps need Knative)", s.metric });
    }
    if (s.target) {
        if (!autoscaled)
            problems.push_back({ field("target"), "has no effect with autoscalerClass " + cls, number(*s.target) });
        else if (std::floor(*s.target) != *s.target || *s.target < 1 || *s.target > 2147483647.0)
            problems.push_back({ field("target"), "must be a whole number of at least 1 (spec.predictor.scaleTarget)",
                number(*s.target) });
    }
    const auto knativeOnly = [&](std::string_view what, bool set, const std::string &value) {
        if (set)
            problems.push_back({ field(what), "only applies in Knative mode", value });
    };
    knativeOnly("targetUtilizationPercent", s.targetUtilizationPercent.has_value(),
        s.targetUtilizationPercent ? number(*s.targetUtilizationPercent) : "");
    knativeOnly("scaleToZeroRetention", s.scaleToZeroRetentionSeconds.has_value(),
        s.scaleToZeroRetentionSeconds ? number(*s.scaleToZeroRetentionSeconds) + "s" : "");
    knativeOnly("scaleDownDelay", s.scaleDownDelaySeconds.has_value(),
        s.scaleDownDelaySeconds ? number(*s.scaleDownDelaySeconds) + "s" : "");
    knativeOnly("initialScale", s.initialScale.has_value(), s.initialScale ? std::to_string(*s.initialScale) : "");
}

const json *annotationsOf(const json &object)
{
    if (!object.is_object() || !object.contains("metadata") || !object["metadata"].is_object())
        return nullptr;
    const auto it = object["metadata"].find("annotations");
    return it != object["metadata"].end() && it->is_object() ? &*it : nullptr;
}

const json *predictorOf(const json &object)
{
    if (!object.is_object() || !object.contains("spec") || !object["spec"].is_object())
        return nullptr;
    const auto it = object["spec"].find("predictor");
    return it != object["spec"].end() && it->is_object() ? &*it : nullptr;
}

} // namespace

std::string scalingField(DeploymentMode mode, std::string_view what)
{
    if (what == "minReplicas" || what == "maxReplicas")
        return "spec.predictor." + std::string(what);
    if (mode == DeploymentMode::Standard) {
        if (what == "target")
            return "spec.predictor.scaleTarget";
        if (what == "metric")
            return "spec.predictor.scaleMetric";
        if (what == "autoscalerClass")
            return "metadata.annotations[serving.kserve.io/autoscalerClass]";
    }
    static const std::pair<std::string_view, const char *> knative[] = {
        { "target", "target" },
        { "metric", "metric" },
        { "targetUtilizationPercent", "target-utilization-percentage" },
        { "scaleToZeroRetention", "scale-to-zero-pod-retention-period" },
        { "scaleDownDelay", "scale-down-delay" },
        { "initialScale", "initial-scale" },
        { "autoscalerClass", "class" },
    };
    for (const auto &[name, key] : knative) {
        if (name == what)
            return std::string("metadata.annotations[") + kKnative + key + "]";
    }
    return std::string(what);
}

Problems validateScaling(const ScalingSettings &s)
{
    Problems problems;
    const std::string minField = scalingField(s.mode, "minReplicas");
    const std::string maxField = scalingField(s.mode, "maxReplicas");
    if (s.minReplicas && (*s.minReplicas < 0 || *s.minReplicas > 2147483647))
        problems.push_back({ minField, "must be a whole number of 0 or more", std::to_string(*s.minReplicas) });
    if (s.maxReplicas && (*s.maxReplicas < 0 || *s.maxReplicas > 2147483647))
        problems.push_back(
            { maxField, "must be a whole number of 0 or more (0: no limit)", std::to_string(*s.maxReplicas) });
    if (s.minReplicas && s.maxReplicas && *s.maxReplicas > 0 && *s.minReplicas > *s.maxReplicas)
        problems.push_back({ minField, "must not exceed maxReplicas (" + std::to_string(*s.maxReplicas) + ")",
            std::to_string(*s.minReplicas) });
    if (s.mode == DeploymentMode::Knative)
        checkKnative(s, problems);
    else
        checkStandard(s, problems);
    return problems;
}

std::optional<double> parseGoDuration(std::string_view text)
{
    if (text == "0")
        return 0.0;
    if (text.empty())
        return std::nullopt;
    double total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        double value = 0;
        const auto [end, error] = std::from_chars(text.data() + i, text.data() + text.size(), value);
        if (error != std::errc() || value < 0)
            return std::nullopt;
        i = static_cast<std::size_t>(end - text.data());
        std::size_t unitEnd = i;
        while (unitEnd < text.size()
            && ((text[unitEnd] >= 'a' && text[unitEnd] <= 'z') || text[unitEnd] == '\xc2' || text[unitEnd] == '\xb5'))
            ++unitEnd;
        const std::string_view unit = text.substr(i, unitEnd - i);
        double scale = 0;
        if (unit == "h")
            scale = 3600;
        else if (unit == "m")
            scale = 60;
        else if (unit == "s")
            scale = 1;
        else if (unit == "ms")
            scale = 1e-3;
        else if (unit == "us" || unit == "\xc2\xb5s")
            scale = 1e-6;
        else if (unit == "ns")
            scale = 1e-9;
        else
            return std::nullopt;
        total += value * scale;
        i = unitEnd;
    }
    return total;
}

ScalingSettings scalingSettingsOf(const json &object, Problems *problems)
{
    ScalingSettings s;
    s.mode = deploymentModeOf(object);
    const auto report = [&](std::string field, std::string message, std::string value) {
        if (problems)
            problems->push_back({ std::move(field), std::move(message), std::move(value) });
    };
    if (const json *predictor = predictorOf(object)) {
        const auto integer = [&](const char *key, std::optional<std::int64_t> &out) {
            const auto it = predictor->find(key);
            if (it == predictor->end() || it->is_null())
                return;
            if (it->is_number_integer())
                out = it->get<std::int64_t>();
            else
                report("spec.predictor." + std::string(key), "must be a whole number", it->dump());
        };
        integer("minReplicas", s.minReplicas);
        integer("maxReplicas", s.maxReplicas);
        if (s.mode == DeploymentMode::Standard) {
            std::optional<std::int64_t> target;
            integer("scaleTarget", target);
            if (target)
                s.target = static_cast<double>(*target);
            const auto metric = predictor->find("scaleMetric");
            if (metric != predictor->end() && metric->is_string())
                s.metric = metric->get<std::string>();
        }
    }
    const json *annotations = annotationsOf(object);
    const auto text = [&](const std::string &key) -> std::optional<std::string> {
        if (!annotations)
            return std::nullopt;
        const auto it = annotations->find(key);
        if (it == annotations->end())
            return std::nullopt;
        if (!it->is_string()) {
            report("metadata.annotations[" + key + "]", "must be a string", it->dump());
            return std::nullopt;
        }
        return it->get<std::string>();
    };
    if (s.mode == DeploymentMode::Standard) {
        if (const auto cls = text("serving.kserve.io/autoscalerClass"))
            s.autoscalerClass = *cls;
        return s;
    }
    const std::string k = kKnative;
    const auto real = [&](const std::string &key, std::optional<double> &out) {
        if (const auto value = text(k + key)) {
            double parsed = 0;
            const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), parsed);
            if (error != std::errc() || end != value->data() + value->size() || value->empty())
                report("metadata.annotations[" + k + key + "]", "must be a number", *value);
            else
                out = parsed;
        }
    };
    const auto whole = [&](const std::string &key, std::optional<std::int64_t> &out) {
        if (const auto value = text(k + key)) {
            std::int64_t parsed = 0;
            const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), parsed);
            if (error != std::errc() || end != value->data() + value->size() || value->empty())
                report("metadata.annotations[" + k + key + "]", "must be a whole number", *value);
            else
                out = parsed;
        }
    };
    const auto duration = [&](const std::string &key, std::optional<double> &out) {
        if (const auto value = text(k + key)) {
            if (const auto seconds = parseGoDuration(*value))
                out = *seconds;
            else
                report("metadata.annotations[" + k + key + "]", "must be a duration such as 30s, 5m or 1h", *value);
        }
    };
    if (const auto cls = text(k + "class"))
        s.autoscalerClass = *cls;
    if (const auto metric = text(k + "metric"))
        s.metric = *metric;
    real("target", s.target);
    real("target-utilization-percentage", s.targetUtilizationPercent);
    duration("scale-down-delay", s.scaleDownDelaySeconds);
    duration("scale-to-zero-pod-retention-period", s.scaleToZeroRetentionSeconds);
    whole("initial-scale", s.initialScale);
    // min-scale/max-scale annotations next to the spec fields: Knative honours them; read
    // them so a contradiction (min-scale 5, maxReplicas 2) is caught too.
    std::optional<std::int64_t> minScale;
    std::optional<std::int64_t> maxScale;
    whole("min-scale", minScale);
    whole("max-scale", maxScale);
    if (minScale)
        s.minReplicas = minScale;
    if (maxScale)
        s.maxReplicas = maxScale;
    return s;
}

} // namespace gantry::actions

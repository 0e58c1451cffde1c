#include "backend/actions/deploymanifest.h"

#include "backend/actions/templaterenderer.h"
#include "backend/core/yamljson.h"

#include <cstdio>

namespace gantry::actions {

namespace {

using nlohmann::json;

const json &member(const json &object, std::initializer_list<const char *> path)
{
    static const json null;
    const json *node = &object;
    for (const char *key : path) {
        if (!node->is_object())
            return null;
        const auto it = node->find(key);
        if (it == node->end())
            return null;
        node = &*it;
    }
    return *node;
}

std::string text(const json &value)
{
    if (value.is_string())
        return value.get<std::string>();
    return value.is_null() ? std::string() : value.dump();
}

TemplateValue optionalInt(const std::optional<std::int64_t> &value)
{
    return value ? TemplateValue(*value) : TemplateValue();
}

TemplateValue optionalText(const std::string &value)
{
    return value.empty() ? TemplateValue() : TemplateValue(value);
}

std::string formatNumber(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

TemplateValue seconds(const std::optional<double> &value)
{
    return value ? TemplateValue(formatNumber(*value) + "s") : TemplateValue();
}

std::string knativeClass(const std::string &cls)
{
    if (cls == "kpa" || cls == "hpa")
        return cls + ".autoscaling.knative.dev";
    return cls;
}

TemplateValues templateValues(const DeploySpec &spec)
{
    const ScalingSettings &s = spec.scaling;
    const bool knative = s.mode == DeploymentMode::Knative;
    TemplateValues values = {
        { "name", spec.name },
        { "namespace", spec.namespaceName },
        { "deploymentMode", std::string(deploymentModeName(s.mode)) },
        { "storageUri", spec.storageUri },
        { "runtime", spec.runtime },
        { "args", runtimeArgsOf(spec) },
        { "gpus", std::to_string(spec.gpus) },
        { "cpu", spec.cpu },
        { "memory", spec.memory },
        { "minReplicas", optionalInt(s.minReplicas) },
        { "maxReplicas", optionalInt(s.maxReplicas) },
    };
    const TemplateValue unset;
    values["autoscalerClass"] = knative ? unset : optionalText(s.autoscalerClass);
    values["scaleTarget"] = !knative && s.target ? TemplateValue(static_cast<std::int64_t>(*s.target)) : unset;
    values["scaleMetric"] = knative ? unset : optionalText(s.metric);
    values["knativeClass"] = knative ? optionalText(knativeClass(s.autoscalerClass)) : unset;
    values["knativeMetric"] = knative ? optionalText(s.metric) : unset;
    values["knativeTarget"] = knative && s.target ? TemplateValue(formatNumber(*s.target)) : unset;
    values["knativeTargetUtilization"] =
        knative && s.targetUtilizationPercent ? TemplateValue(formatNumber(*s.targetUtilizationPercent)) : unset;
    values["knativeInitialScale"] = knative && s.initialScale ? TemplateValue(std::to_string(*s.initialScale)) : unset;
    values["knativeScaleDownDelay"] = knative ? seconds(s.scaleDownDelaySeconds) : unset;
    values["knativeScaleToZeroRetention"] = knative ? seconds(s.scaleToZeroRetentionSeconds) : unset;
    return values;
}

void checkResources(const json &resources, const std::string &path, Problems &problems)
{
    for (const char *section : { "requests", "limits" }) {
        const json &entries = member(resources, { section });
        if (!entries.is_object())
            continue;
        for (const auto &[key, value] : entries.items()) {
            const std::string field = path + "." + section + "[" + key + "]";
            const std::string quantity = text(value);
            if (key == "nvidia.com/gpu") {
                std::int64_t gpus = -1;
                if (value.is_number_integer())
                    gpus = value.get<std::int64_t>();
                else if (value.is_string() && !quantity.empty()
                    && quantity.find_first_not_of("0123456789") == std::string::npos && quantity.size() < 6)
                    gpus = std::stoll(quantity);
                if (gpus < 0)
                    problems.push_back({ field, "GPUs must be a whole number", quantity });
                else
                    for (Problem &problem : validateGpuCount(field, gpus, true))
                        problems.push_back(std::move(problem));
            } else {
                for (Problem &problem : validateQuantity(field, quantity))
                    problems.push_back(std::move(problem));
            }
        }
    }
}

void append(Problems &to, Problems from)
{
    for (Problem &problem : from)
        to.push_back(std::move(problem));
}

} // namespace

std::vector<std::string> runtimeArgsOf(const DeploySpec &spec)
{
    std::vector<std::string> args;
    if (spec.maxModelLen)
        args.push_back("--max-model-len=" + std::to_string(*spec.maxModelLen));
    args.insert(args.end(), spec.extraArgs.begin(), spec.extraArgs.end());
    return args;
}

Problems validateDeploySpec(const DeploySpec &spec)
{
    Problems problems;
    append(problems, validateInferenceServiceName("metadata.name", spec.name));
    append(problems, validateDns1123Label("metadata.namespace", spec.namespaceName));
    append(problems, validateStorageUri("spec.predictor.model.storageUri", spec.storageUri));
    append(problems, validateGpuCount("spec.predictor.model.resources.limits[nvidia.com/gpu]", spec.gpus));
    if (spec.runtime.empty())
        problems.push_back(
            { "spec.predictor.model.runtime", "must name a ServingRuntime, e.g. kserve-vllmserver", {} });
    else
        append(problems, validateDns1123Subdomain("spec.predictor.model.runtime", spec.runtime));
    append(problems, validateRuntimeArgs("spec.predictor.model.args", runtimeArgsOf(spec), spec.gpus));
    append(problems, validateQuantity("spec.predictor.model.resources.limits[cpu]", spec.cpu));
    append(problems, validateQuantity("spec.predictor.model.resources.limits[memory]", spec.memory));
    append(problems, validateScaling(spec.scaling));
    return problems;
}

Result<std::string, Problems> renderDeploySpec(const DeploySpec &spec, const TemplateLibrary &templates)
{
    const auto source = templates.text(kInferenceServiceTemplate);
    if (!source)
        return Problems { { std::string(kInferenceServiceTemplate), source.error().message, {} } };
    auto rendered = renderTemplate(*source, templateValues(spec));
    if (!rendered)
        return Problems { { std::string(kInferenceServiceTemplate), rendered.error().message, {} } };
    return std::move(rendered).value();
}

Result<json, Problems> buildInferenceService(const DeploySpec &spec, const TemplateLibrary &templates)
{
    Problems problems = validateDeploySpec(spec);
    if (!problems.empty())
        return problems;
    const auto rendered = renderDeploySpec(spec, templates);
    if (!rendered)
        return rendered.error();
    YamlToJsonResult parsed = yamlToJson(*rendered);
    if (!parsed.json)
        return Problems { { std::string(kInferenceServiceTemplate),
            "the rendered template is not valid YAML at " + std::to_string(parsed.line) + ":"
                + std::to_string(parsed.column) + ": " + parsed.error,
            {} } };
    json object = std::move(*parsed.json);
    pruneNullMembers(object);
    // A user's template is checked like a user's file: it may have lost a field.
    problems = validateInferenceService(object);
    if (!problems.empty())
        return problems;
    return object;
}

Result<json, Problems> parseInferenceServiceYaml(std::string_view yaml, const std::string &defaultNamespace)
{
    YamlDocumentsResult parsed = yamlDocumentsToJson(yaml);
    if (!parsed.error.empty())
        return Problems { { "yaml",
            "line " + std::to_string(parsed.line) + ", column " + std::to_string(parsed.column) + ": " + parsed.error,
            {} } };
    if (parsed.documents.size() != 1)
        return Problems { { "yaml",
            "must hold exactly one InferenceService; found " + std::to_string(parsed.documents.size()) + " documents",
            {} } };
    json object = std::move(parsed.documents.front());
    if (!object.is_object())
        return Problems { { "yaml", "must be a mapping (an object with apiVersion, kind, metadata, spec)", {} } };
    Problems problems;
    if (text(member(object, { "apiVersion" })) != "serving.kserve.io/v1beta1")
        problems.push_back(
            { "apiVersion", "must be serving.kserve.io/v1beta1", text(member(object, { "apiVersion" })) });
    if (text(member(object, { "kind" })) != "InferenceService")
        problems.push_back({ "kind", "must be InferenceService", text(member(object, { "kind" })) });
    if (!problems.empty())
        return problems;
    if (!object["metadata"].is_object())
        object["metadata"] = json::object();
    if (text(member(object, { "metadata", "namespace" })).empty())
        object["metadata"]["namespace"] = defaultNamespace;
    problems = validateInferenceService(object);
    if (!problems.empty())
        return problems;
    return object;
}

Problems validateInferenceService(const json &object)
{
    Problems problems;
    append(problems, validateInferenceServiceName("metadata.name", text(member(object, { "metadata", "name" }))));
    append(problems, validateDns1123Label("metadata.namespace", text(member(object, { "metadata", "namespace" }))));
    const json &mode = member(object, { "metadata", "annotations", "serving.kserve.io/deploymentMode" });
    if (!mode.is_null() && !parseDeploymentMode(text(mode)))
        problems.push_back({ "metadata.annotations[serving.kserve.io/deploymentMode]",
            "must be Knative or Standard (legacy: Serverless, RawDeployment)", text(mode) });
    const json &predictor = member(object, { "spec", "predictor" });
    if (!predictor.is_object()) {
        problems.push_back({ "spec.predictor", "is required", {} });
        return problems;
    }
    const json &model = member(predictor, { "model" });
    if (model.is_object()) {
        const json &uri = member(model, { "storageUri" });
        if (!uri.is_null())
            append(problems, validateStorageUri("spec.predictor.model.storageUri", text(uri)));
        checkResources(member(model, { "resources" }), "spec.predictor.model.resources", problems);
        const json &args = member(model, { "args" });
        if (args.is_array()) {
            std::vector<std::string> list;
            for (const json &arg : args)
                list.push_back(text(arg));
            append(problems, validateRuntimeArgs("spec.predictor.model.args", list));
        } else if (!args.is_null()) {
            problems.push_back({ "spec.predictor.model.args", "must be a list of strings", text(args) });
        }
    }
    Problems scalingProblems;
    const ScalingSettings scaling = scalingSettingsOf(object, &scalingProblems);
    append(problems, std::move(scalingProblems));
    append(problems, validateScaling(scaling));
    return problems;
}

} // namespace gantry::actions

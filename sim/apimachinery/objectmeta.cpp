#include "sim/apimachinery/validation.h"

#include "sim/apimachinery/fielderrors.h"
#include "sim/apimachinery/gotext.h"
#include "sim/apimachinery/jsonaccess.h"
#include "sim/apimachinery/jsonlimits.h"
#include "sim/apimachinery/names.h"

#include <algorithm>
#include <cctype>

namespace gantry::sim {

namespace {

using nlohmann::json;

constexpr std::size_t kTotalAnnotationSizeLimit = 256 * 1024;

// Kinds validated by k8s.io/kubernetes, which adds its finalizer-name rule; custom
// resources get only the apimachinery checks.
constexpr std::string_view kBuiltInKinds[] = {
    "Pod", "Node", "Namespace", "Event", "PersistentVolumeClaim", "PersistentVolume", "ConfigMap", "Secret",
    "Service", "ServiceAccount", "Endpoints", "Job", "CronJob", "Deployment", "ReplicaSet", "StatefulSet",
    "DaemonSet", "ReplicationController", "PodTemplate", "LimitRange", "ResourceQuota",
};

bool isBuiltInKind(std::string_view kind)
{
    return std::find(std::begin(kBuiltInKinds), std::end(kBuiltInKinds), kind) != std::end(kBuiltInKinds);
}

using NameRule = std::vector<std::string> (*)(std::string_view);

NameRule nameRuleFor(std::string_view kind)
{
    return kind == "Namespace" || kind == "InferenceService" ? dns1123LabelErrors : dns1123SubdomainErrors;
}

// A name prefix for generation may end in '-': the server masks that before the
// check (and, as upstream does, drops the character before it too).
std::string maskTrailingDash(std::string name)
{
    if (name.size() > 1 && name.back() == '-')
        name = name.substr(0, name.size() - 2) + "a";
    return name;
}

// The string at `key`, or "" when absent; a value of another type is reported.
std::string stringMember(const json &metadata, std::string_view key, std::vector<FieldError> &errors)
{
    const json &value = memberOf(metadata, key);
    if (!value.is_null() && !value.is_string()) {
        FieldError error = fieldInvalid("metadata." + std::string(key), value, "must be of type string");
        error.reason = "FieldValueTypeInvalid";
        errors.push_back(std::move(error));
    }
    return textOf(value);
}

void addAll(std::vector<FieldError> &errors, const std::string &field, const json &value,
            const std::vector<std::string> &messages)
{
    for (const std::string &message : messages)
        errors.push_back(fieldInvalid(field, value, message));
}

void validateNames(const json &metadata, std::string_view kind, std::vector<FieldError> &errors)
{
    const NameRule rule = nameRuleFor(kind);
    const std::string generateName = stringMember(metadata, "generateName", errors);
    const std::string name = stringMember(metadata, "name", errors);
    if (!generateName.empty())
        addAll(errors, "metadata.generateName", generateName, rule(maskTrailingDash(generateName)));
    // The server generates a name from generateName before validating, so an
    // object that only has generateName is not missing its name.
    if (name.empty() && generateName.empty())
        errors.push_back(fieldRequired("metadata.name", "name or generateName is required"));
    else if (!name.empty())
        addAll(errors, "metadata.name", name, rule(name));
}

void validateNamespace(const json &metadata, bool namespaced, std::vector<FieldError> &errors)
{
    const std::string ns = stringMember(metadata, "namespace", errors);
    if (namespaced && ns.empty())
        errors.push_back(fieldRequired("metadata.namespace"));
    else if (namespaced)
        addAll(errors, "metadata.namespace", ns, dns1123LabelErrors(ns));
    else if (!ns.empty())
        errors.push_back(fieldForbidden("metadata.namespace", "not allowed on this type"));
}

void validateLabels(const json &labels, std::vector<FieldError> &errors)
{
    if (!labels.is_object())
        return;
    for (const auto &[key, value] : labels.items()) {
        addAll(errors, "metadata.labels", key, qualifiedNameErrors(key));
        if (!value.is_string())
            errors.push_back(fieldInvalid("metadata.labels", value, "must be of type string"));
        else
            addAll(errors, "metadata.labels", value, labelValueErrors(value.get<std::string>()));
    }
}

void validateAnnotations(const json &annotations, std::vector<FieldError> &errors)
{
    if (!annotations.is_object())
        return;
    std::size_t totalSize = 0;
    for (const auto &[key, value] : annotations.items()) {
        // Annotation keys follow the label key rule, but case does not matter.
        std::string lowered = key;
        std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        addAll(errors, "metadata.annotations", key, qualifiedNameErrors(lowered));
        totalSize += key.size() + (value.is_string() ? value.get_ref<const std::string &>().size()
                                                     : value.dump().size());
    }
    if (totalSize > kTotalAnnotationSizeLimit)
        errors.push_back(fieldTooLong("metadata.annotations", kTotalAnnotationSizeLimit));
}

// schema.FromAPIVersionAndKind leaves the version empty for "", "group/" and
// anything with more than one '/'.
bool hasVersion(const std::string &apiVersion)
{
    const std::size_t slash = apiVersion.find('/');
    if (slash == std::string::npos)
        return !apiVersion.empty();
    return slash + 1 < apiVersion.size() && apiVersion.find('/', slash + 1) == std::string::npos;
}

void validateOwnerReferences(const json &references, std::vector<FieldError> &errors)
{
    if (!references.is_array())
        return;
    const std::string path = "metadata.ownerReferences";
    std::string firstController;
    for (const json &reference : references) {
        const std::string apiVersion = textOf(memberOf(reference, "apiVersion"));
        if (!hasVersion(apiVersion))
            errors.push_back(fieldInvalid(path + ".apiVersion", apiVersion, "version must not be empty"));
        for (const char *member : {"kind", "name", "uid"}) {
            const std::string value = textOf(memberOf(reference, member));
            if (value.empty())
                errors.push_back(fieldInvalid(path + "." + member, value, "must not be empty"));
        }
        if (memberOf(reference, "controller") != true)
            continue;
        const std::string controller =
            textOf(memberOf(reference, "kind")) + "/" + textOf(memberOf(reference, "name"));
        if (firstController.empty()) {
            firstController = controller;
        } else {
            errors.push_back(fieldInvalid(path, references,
                                          "Only one reference can have Controller set to true. Found \"true\" in "
                                          "references for " + firstController + " and " + controller));
        }
    }
}

void validateFinalizers(const json &finalizers, bool builtIn, std::vector<FieldError> &errors)
{
    if (!finalizers.is_array())
        return;
    const std::string path = "metadata.finalizers";
    bool orphan = false;
    bool foreground = false;
    std::string rendered;
    for (const json &entry : finalizers) {
        const std::string finalizer = textOf(entry);
        addAll(errors, path, finalizer, qualifiedNameErrors(finalizer));
        orphan = orphan || finalizer == "orphan";
        foreground = foreground || finalizer == "foregroundDeletion";
        rendered += (rendered.empty() ? "" : ", ") + goQuote(finalizer);
    }
    if (orphan && foreground) {
        errors.push_back(fieldInvalidRendered(path, "[]string{" + rendered + "}",
                                              "finalizer orphan and foregroundDeletion cannot be both set"));
    }
    if (!builtIn)
        return;
    // Built-in kinds check every finalizer again and allow unqualified names only
    // for the standard finalizers.
    for (const json &entry : finalizers) {
        const std::string finalizer = textOf(entry);
        const auto messages = qualifiedNameErrors(finalizer);
        addAll(errors, path, finalizer, messages);
        const bool standard = finalizer == "kubernetes" || finalizer == "orphan" || finalizer == "foregroundDeletion";
        if (messages.empty() && finalizer.find('/') == std::string::npos && !standard) {
            errors.push_back(fieldInvalid(path, finalizer,
                                          "name is neither a standard finalizer name nor is it fully qualified"));
        }
    }
}

} // namespace

std::vector<FieldError> validateObjectMeta(const nlohmann::json &object, std::string_view kind, bool namespaced)
{
    std::vector<FieldError> errors;
    try {
        if (jsonDepth(object) > kMaxJsonDepth) {
            errors.push_back(fieldNestedTooDeep());
            return errors;
        }
        const json &metadata = memberOf(object, "metadata");
        validateNames(metadata, kind, errors);
        validateNamespace(metadata, namespaced, errors);
        const json &generation = memberOf(metadata, "generation");
        if (generation.is_number() && generation.get<double>() < 0)
            errors.push_back(fieldInvalid("metadata.generation", generation, "must be greater than or equal to 0"));
        validateLabels(memberOf(metadata, "labels"), errors);
        validateAnnotations(memberOf(metadata, "annotations"), errors);
        validateOwnerReferences(memberOf(metadata, "ownerReferences"), errors);
        validateFinalizers(memberOf(metadata, "finalizers"), isBuiltInKind(kind), errors);
    } catch (const std::exception &failure) {
        errors.push_back(fieldInvalid("metadata", nullptr, failure.what()));
    }
    return errors;
}

std::string invalidMessage(std::string_view kind, std::string_view group, std::string_view name,
                           const std::vector<FieldError> &errors)
{
    std::string qualifiedKind(kind);
    if (!group.empty())
        qualifiedKind += "." + std::string(group);
    std::vector<std::string> texts;
    texts.reserve(errors.size());
    for (const FieldError &error : errors)
        texts.push_back(fieldErrorText(error));
    const std::string aggregate = aggregateText(texts);
    std::string message = qualifiedKind + " " + goQuote(name) + " is invalid";
    if (!aggregate.empty())
        message += ": " + aggregate;
    return message;
}

} // namespace gantry::sim

#include "sim/apimachinery/validation.h"

#include "sim/apimachinery/fielderrors.h"
#include "sim/apimachinery/jsonaccess.h"
#include "sim/apimachinery/jsonlimits.h"
#include "sim/apimachinery/names.h"

#include <set>

namespace gantry::sim {

namespace {

using nlohmann::json;
using Errors = std::vector<FieldError>;

constexpr std::size_t kEventMessageLimit = 1024;

std::string indexed(const std::string &path, std::size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

void requireText(const json &object, const std::string &prefix, const char *member, Errors &errors)
{
    if (textOf(memberOf(object, member)).empty())
        errors.push_back(fieldRequired(prefix + member));
}

void validatePorts(const json &ports, const std::string &path, Errors &errors)
{
    if (!ports.is_array())
        return;
    for (std::size_t i = 0; i < ports.size(); ++i) {
        const std::string portPath = indexed(path, i);
        const json &containerPort = memberOf(ports[i], "containerPort");
        const bool isInteger = containerPort.is_number_integer() || containerPort.is_number_unsigned();
        if (containerPort.is_null() || containerPort == 0) {
            errors.push_back(fieldRequired(portPath + ".containerPort"));
        } else if (!isInteger || containerPort.get<std::int64_t>() < 1 || containerPort.get<std::int64_t>() > 65535) {
            errors.push_back(
                fieldInvalid(portPath + ".containerPort", containerPort, "must be between 1 and 65535, inclusive"));
        }
        const json &protocol = memberOf(ports[i], "protocol");
        if (protocol.is_string() && protocol != "TCP" && protocol != "UDP" && protocol != "SCTP")
            errors.push_back(fieldNotSupported(portPath + ".protocol", protocol, {"SCTP", "TCP", "UDP"}));
    }
}

// validateContainers: names are DNS labels unique across the pod, images set.
void validateContainers(const json &containers, const std::string &path, std::set<std::string> &names,
                        Errors &errors)
{
    if (!containers.is_array())
        return;
    for (std::size_t i = 0; i < containers.size(); ++i) {
        const json &container = containers[i];
        const std::string containerPath = indexed(path, i);
        const std::string name = textOf(memberOf(container, "name"));
        if (name.empty()) {
            errors.push_back(fieldRequired(containerPath + ".name"));
        } else {
            for (const std::string &message : dns1123LabelErrors(name))
                errors.push_back(fieldInvalid(containerPath + ".name", name, message));
        }
        if (!names.insert(name).second)
            errors.push_back(fieldDuplicate(containerPath + ".name", name));
        requireText(container, containerPath + ".", "image", errors);
        validatePorts(memberOf(container, "ports"), containerPath + ".ports", errors);
    }
}

void validatePodSpec(const json &spec, const std::string &path, Errors &errors)
{
    const json &containers = memberOf(spec, "containers");
    if (!containers.is_array() || containers.empty())
        errors.push_back(fieldRequired(path + ".containers"));
    std::set<std::string> names;
    validateContainers(containers, path + ".containers", names, errors);
    validateContainers(memberOf(spec, "initContainers"), path + ".initContainers", names, errors);
    const json &restartPolicy = memberOf(spec, "restartPolicy");
    if (restartPolicy == "")
        errors.push_back(fieldRequired(path + ".restartPolicy"));
    else if (restartPolicy.is_string() && restartPolicy != "Always" && restartPolicy != "OnFailure"
             && restartPolicy != "Never")
        errors.push_back(fieldNotSupported(path + ".restartPolicy", restartPolicy, {"Always", "OnFailure", "Never"}));
}

void validateJob(const json &object, Errors &errors)
{
    const json &spec = memberOf(object, "spec");
    validatePodSpec(memberAt(spec, "template.spec"), "spec.template.spec", errors);
    // Defaulting makes a missing restartPolicy "Always", which a Job refuses.
    const json &restartPolicy = memberAt(spec, "template.spec.restartPolicy");
    const json effective = restartPolicy.is_string() && restartPolicy != "" ? restartPolicy : json("Always");
    if (effective != "OnFailure" && effective != "Never")
        errors.push_back(fieldNotSupported("spec.template.spec.restartPolicy", effective, {"OnFailure", "Never"}));
    for (const char *member : {"parallelism", "completions", "backoffLimit"}) {
        const json &value = memberOf(spec, member);
        if (value.is_number() && value.get<double>() < 0)
            errors.push_back(fieldInvalid("spec." + std::string(member), value, "must be greater than or equal to 0"));
    }
}

void validateEvent(const json &object, Errors &errors)
{
    const std::string eventNamespace = textOf(memberAt(object, "metadata.namespace"));
    const std::string involvedNamespace = textOf(memberAt(object, "involvedObject.namespace"));
    const bool legacy = textOf(memberOf(object, "eventTime")).empty();
    bool namespaceMatches = involvedNamespace.empty()
                                ? eventNamespace.empty() || eventNamespace == "default"
                                : eventNamespace == involvedNamespace;
    if (!legacy) {
        // Events with eventTime are new-style: they name their reporter and action.
        namespaceMatches = !involvedNamespace.empty() || eventNamespace == "default" || eventNamespace == "kube-system";
        for (const char *member : {"reportingComponent", "reportingInstance", "action"})
            requireText(object, "", member, errors);
    }
    if (!namespaceMatches)
        errors.push_back(fieldInvalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
    if (textOf(memberOf(object, "message")).size() > kEventMessageLimit) {
        errors.push_back(fieldInvalid("message", "",
                                      "can have at most " + std::to_string(kEventMessageLimit) + " characters"));
    }
}

void validatePersistentVolumeClaim(const json &object, Errors &errors)
{
    const json &spec = memberOf(object, "spec");
    const json &accessModes = memberOf(spec, "accessModes");
    if (!accessModes.is_array() || accessModes.empty())
        errors.push_back(fieldRequired("spec.accessModes", "at least 1 access mode is required"));
    for (const json &mode : accessModes.is_array() ? accessModes : json::array()) {
        if (mode != "ReadWriteOnce" && mode != "ReadOnlyMany" && mode != "ReadWriteMany"
            && mode != "ReadWriteOncePod") {
            errors.push_back(fieldNotSupported("spec.accessModes", mode,
                                               {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"}));
        }
    }
    if (memberAt(spec, "resources.requests.storage").is_null())
        errors.push_back(fieldRequired("spec.resources[storage]"));
}

// The CRD's OpenAPI schema: sourceModelUri and modelSize required, nodeGroups minItems 1.
void validateLocalModelCache(const json &object, Errors &errors)
{
    const json &spec = memberOf(object, "spec");
    requireText(spec, "spec.", "sourceModelUri", errors);
    if (memberOf(spec, "modelSize").is_null())
        errors.push_back(fieldRequired("spec.modelSize"));
    const json &nodeGroups = memberOf(spec, "nodeGroups");
    if (!nodeGroups.is_array())
        errors.push_back(fieldRequired("spec.nodeGroups"));
    else if (nodeGroups.empty())
        errors.push_back(fieldInvalid("spec.nodeGroups", 0, "spec.nodeGroups in body should have at least 1 items"));
}

} // namespace

std::vector<FieldError> validateObject(const nlohmann::json &object, std::string_view kind)
{
    Errors errors;
    try {
        if (jsonDepth(object) > kMaxJsonDepth) {
            errors.push_back(fieldNestedTooDeep());
            return errors;
        }
        if (kind == "Pod")
            validatePodSpec(memberOf(object, "spec"), "spec", errors);
        else if (kind == "Job")
            validateJob(object, errors);
        else if (kind == "Event")
            validateEvent(object, errors);
        else if (kind == "PersistentVolumeClaim")
            validatePersistentVolumeClaim(object, errors);
        else if (kind == "InferenceService" && memberAt(object, "spec.predictor").is_null())
            errors.push_back(fieldRequired("spec.predictor"));
        else if (kind == "LocalModelCache")
            validateLocalModelCache(object, errors);
        else if (kind == "MachineSet") {
            requireText(memberOf(object, "spec"), "spec.", "clusterName", errors);
            if (memberAt(object, "spec.selector").is_null())
                errors.push_back(fieldRequired("spec.selector"));
        }
    } catch (const std::exception &failure) {
        errors.push_back(fieldInvalidRendered("<root>", "\"object\"", failure.what()));
    }
    return errors;
}

} // namespace gantry::sim

#include "backend/actions/deployaction.h"

#include "backend/actions/jsonaccess.h"

namespace gantry::actions {

namespace {

using nlohmann::json;

const kube::ResourceRef kInferenceServices { "serving.kserve.io", "v1beta1", "inferenceservices", {}, {}, {} };

// What the audit log says was deployed: the shape, never the whole object (a
// user's file may carry env values that are nobody's business).
std::string summaryOf(const json &object)
{
    std::string summary = "create InferenceService";
    const json &model = jsonAt(object, { "spec", "predictor", "model" });
    if (const std::string uri = jsonString(model, { "storageUri" }); !uri.empty())
        summary += ", storageUri " + redactUri(uri);
    const json &gpus = jsonAt(model, { "resources", "limits", "nvidia.com/gpu" });
    if (!gpus.is_null())
        summary += ", " + (gpus.is_string() ? gpus.get<std::string>() : gpus.dump()) + " GPU per replica";
    return summary + ", mode " + deploymentModeName(deploymentModeOf(object));
}

} // namespace

DeployAction::DeployAction(ActionContext context)
    : m_context(std::move(context))
{
}

ActionResult<json> DeployAction::refuse(
    const std::string &namespaceName, const std::string &name, bool dryRun, ActionError error) const
{
    AuditRecord record;
    record.verb = "deploy";
    record.kind = "InferenceService";
    record.namespaceName = namespaceName;
    record.name = name;
    record.summary = "create InferenceService";
    record.dryRun = dryRun;
    record.result = error.auditResult();
    m_context.record(std::move(record));
    return error;
}

ActionResult<json> DeployAction::deploy(const DeploySpec &spec, const ActionOptions &options) const
{
    auto object = buildInferenceService(spec, m_context.templateLibrary());
    if (!object)
        return refuse(spec.namespaceName, spec.name, options.dryRunOnly, ActionError::invalid(object.error()));
    return deployObject(*object, options);
}

ActionResult<json> DeployAction::deployYaml(
    std::string_view yaml, const std::string &defaultNamespace, const ActionOptions &options) const
{
    auto object = parseInferenceServiceYaml(yaml, defaultNamespace);
    if (!object)
        return refuse(defaultNamespace, {}, options.dryRunOnly, ActionError::invalid(object.error()));
    return deployObject(*object, options);
}

ActionResult<json> DeployAction::deployObject(const json &object, const ActionOptions &options) const
{
    const std::string ns = jsonString(object, { "metadata", "namespace" });
    const std::string name = jsonString(object, { "metadata", "name" });
    const std::string what = "deploy of InferenceService " + ns + "/" + name;
    if (m_context.client->readOnly())
        return refuse(ns, name, options.dryRunOnly, ActionError::readOnly(what));
    if (Problems problems = validateInferenceService(object); !problems.empty())
        return refuse(ns, name, options.dryRunOnly, ActionError::invalid(std::move(problems)));

    const kube::ResourceRef collection = kInferenceServices.inNamespace(ns);
    kube::WriteOptions write;
    write.fieldManager = "gantry";
    write.cancellation = options.cancellation;
    write.dryRun = true;
    const kube::JsonResult dryRun = m_context.client->create(collection, object, write);
    if (!dryRun)
        return refuse(ns, name, true, ActionError::fromApi(dryRun.error(), what));

    AuditRecord record;
    record.verb = "deploy";
    record.kind = "InferenceService";
    record.namespaceName = ns;
    record.name = name;
    record.summary = summaryOf(object);
    if (options.dryRunOnly) {
        record.dryRun = true;
        record.result = "applied";
        m_context.record(std::move(record));
        return *dryRun;
    }
    write.dryRun = false;
    const kube::JsonResult created = m_context.client->create(collection, object, write);
    if (!created)
        return refuse(ns, name, false, ActionError::fromApi(created.error(), what));
    record.result = "applied";
    m_context.record(std::move(record));
    return *created;
}

} // namespace gantry::actions

#include "backend/actions/scaleaction.h"

namespace gantry::actions {

namespace {

kube::ResourceRef serviceRef(const std::string &namespaceName, const std::string &name)
{
    return { "serving.kserve.io", "v1beta1", "inferenceservices", namespaceName, name, {} };
}

std::string oneLine(std::string text)
{
    for (char &c : text) {
        if (c == '\n')
            c = ';';
    }
    return text;
}

} // namespace

ScaleAction::ScaleAction(ActionContext context)
    : m_context(std::move(context))
{
}

ActionResult<ScalePlan> ScaleAction::plan(const nlohmann::json &current, const ScaleChange &change)
{
    auto planned = planScale(current, change);
    if (!planned)
        return ActionError::invalid(planned.error());
    return *planned;
}

ActionResult<ScalePlan> ScaleAction::plan(
    const std::string &namespaceName, const std::string &name, const ScaleChange &change) const
{
    const kube::JsonResult current = m_context.client->get(serviceRef(namespaceName, name));
    if (!current)
        return ActionError::fromApi(current.error(), "read of InferenceService " + namespaceName + "/" + name);
    return plan(*current, change);
}

void ScaleAction::audit(const ScalePlan &plan, const char *verb, bool dryRun, std::string result) const
{
    AuditRecord record;
    record.verb = verb;
    record.kind = "InferenceService";
    record.namespaceName = plan.namespaceName;
    record.name = plan.name;
    record.summary = oneLine(plan.summary());
    record.dryRun = dryRun;
    record.result = std::move(result);
    m_context.record(std::move(record));
}

ActionResult<nlohmann::json> ScaleAction::send(
    const ScalePlan &plan, const char *verb, const ActionOptions &options) const
{
    const std::string what = std::string(verb) + " of InferenceService " + plan.namespaceName + "/" + plan.name;
    if (m_context.client->readOnly()) {
        ActionError error = ActionError::readOnly(what);
        audit(plan, verb, options.dryRunOnly, error.auditResult());
        return error;
    }
    const kube::ResourceRef ref = serviceRef(plan.namespaceName, plan.name);
    kube::WriteOptions write;
    write.fieldManager = "gantry";
    write.cancellation = options.cancellation;
    write.dryRun = true;
    const kube::JsonResult dryRun = m_context.client->patch(ref, kube::PatchType::Merge, plan.patch, write);
    if (!dryRun || options.dryRunOnly) {
        ActionResult<nlohmann::json> result = dryRun
            ? ActionResult<nlohmann::json>(*dryRun)
            : ActionResult<nlohmann::json>(ActionError::fromApi(dryRun.error(), what));
        audit(plan, verb, true, result ? "applied" : result.error().auditResult());
        return result;
    }
    write.dryRun = false;
    const kube::JsonResult patched = m_context.client->patch(ref, kube::PatchType::Merge, plan.patch, write);
    if (!patched) {
        ActionError error = ActionError::fromApi(patched.error(), what);
        audit(plan, verb, false, error.auditResult());
        return error;
    }
    audit(plan, verb, false, "applied");
    return *patched;
}

ActionResult<nlohmann::json> ScaleAction::apply(const ScalePlan &plan, const ActionOptions &options)
{
    ActionResult<nlohmann::json> result = send(plan, "scale", options);
    if (result && !options.dryRunOnly) {
        std::lock_guard lock(m_mutex);
        m_lastApplied = plan;
    }
    return result;
}

ActionResult<nlohmann::json> ScaleAction::revert(const ActionOptions &options)
{
    const std::optional<ScalePlan> last = lastApplied();
    if (!last)
        return ActionError::make(ActionError::Kind::Failed, "there is no applied scale change to revert");
    const std::string what = "revert of InferenceService " + last->namespaceName + "/" + last->name;
    if (m_context.client->readOnly()) {
        ActionError error = ActionError::readOnly(what);
        audit(*last, "revert", options.dryRunOnly, error.auditResult());
        return error;
    }
    const kube::JsonResult current = m_context.client->get(serviceRef(last->namespaceName, last->name));
    if (!current) {
        ActionError error = ActionError::fromApi(current.error(), what);
        audit(*last, "revert", options.dryRunOnly, error.auditResult());
        return error;
    }
    auto inverse = planRevert(*current, *last);
    if (!inverse) {
        // A field someone else changed since is theirs now: that is a conflict, not bad input.
        ActionError error = ActionError::make(
            ActionError::Kind::Conflict, "the " + what + " was not applied: " + problemsText(inverse.error()));
        audit(*last, "revert", options.dryRunOnly, error.auditResult());
        return error;
    }
    ActionResult<nlohmann::json> result = send(*inverse, "revert", options);
    if (result && !options.dryRunOnly) {
        std::lock_guard lock(m_mutex);
        m_lastApplied.reset();
    }
    return result;
}

std::optional<ScalePlan> ScaleAction::lastApplied() const
{
    std::lock_guard lock(m_mutex);
    return m_lastApplied;
}

} // namespace gantry::actions

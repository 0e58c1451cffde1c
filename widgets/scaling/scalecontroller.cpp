#include "widgets/scaling/scalecontroller.h"

#include "widgets/scaling/backgroundcall.h"

namespace gantry {

namespace {

using JsonOutcome = actions::ActionResult<nlohmann::json>;

kube::ResourceRef serviceRef(const std::string &namespaceName, const std::string &name)
{
    return {"serving.kserve.io", "v1beta1", "inferenceservices", namespaceName, name, {}};
}

} // namespace

ScaleController::ScaleController(actions::ActionContext context, std::string namespaceName, std::string name,
                                 std::shared_ptr<actions::ScaleAction> action, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_namespace(std::move(namespaceName))
    , m_name(std::move(name))
    , m_action(action ? std::move(action) : std::make_shared<actions::ScaleAction>(m_context))
{
}

bool ScaleController::readOnlyClient() const
{
    return m_context.client && m_context.client->readOnly();
}

template <typename Work>
void ScaleController::run(ScaleOutcome::Step step, Work work)
{
    m_busy = true;
    Q_EMIT busyChanged(true);
    runInBackground(this, std::move(work), [this, step](JsonOutcome result) {
        m_busy = false;
        ScaleOutcome outcome;
        outcome.step = step;
        if (result)
            outcome.object = std::move(*result);
        else
            outcome.error = result.error();
        Q_EMIT busyChanged(false);
        Q_EMIT finished(outcome);
    });
}

void ScaleController::load()
{
    if (!m_context.client) {
        ScaleOutcome outcome;
        outcome.error = actions::ActionError::make(actions::ActionError::Kind::Failed,
                                                   "not connected to a cluster, so the InferenceService cannot be read");
        Q_EMIT finished(outcome);
        return;
    }
    run(ScaleOutcome::Step::Load, [client = m_context.client, ns = m_namespace, name = m_name]() -> JsonOutcome {
        const kube::JsonResult object = client->get(serviceRef(ns, name));
        if (!object)
            return actions::ActionError::fromApi(object.error(), "read of InferenceService " + ns + "/" + name);
        return *object;
    });
}

void ScaleController::apply(const actions::ScalePlan &plan)
{
    run(ScaleOutcome::Step::Apply, [action = m_action, plan]() -> JsonOutcome { return action->apply(plan); });
}

void ScaleController::revert()
{
    run(ScaleOutcome::Step::Revert, [action = m_action]() -> JsonOutcome { return action->revert(); });
}

} // namespace gantry

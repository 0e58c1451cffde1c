#pragma once

#include "backend/actions/actioncontext.h"
#include "backend/actions/actionerror.h"
#include "backend/actions/scaleaction.h"

#include <QObject>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace gantry {

/// The outcome of one step of a ScaleController: the object as read or stored, or why not.
struct ScaleOutcome
{
    enum class Step { Load, Apply, Revert };
    Step step = Step::Load;
    std::optional<nlohmann::json> object;
    std::optional<actions::ActionError> error;
};

/// Reads, scales and reverts one InferenceService off the UI thread: each verb
/// runs its blocking call on the thread pool and reports finished() on the UI
/// thread. One step at a time (busy() says so). When the controller is deleted
/// mid-request the request still completes and its outcome is dropped, so
/// closing a dialog never waits on the network.
class ScaleController : public QObject
{
    Q_OBJECT

public:
    /// `action` may be shared between dialogs so "revert" survives closing one; null: a new one.
    ScaleController(actions::ActionContext context, std::string namespaceName, std::string name,
                    std::shared_ptr<actions::ScaleAction> action = nullptr, QObject *parent = nullptr);

    void load();
    void apply(const actions::ScalePlan &plan);
    void revert();

    bool busy() const { return m_busy; }
    /// A change applied through this action and not reverted yet.
    bool canRevert() const { return m_action->lastApplied().has_value(); }
    std::optional<actions::ScalePlan> lastApplied() const { return m_action->lastApplied(); }
    bool readOnlyClient() const;
    const std::string &namespaceName() const { return m_namespace; }
    const std::string &name() const { return m_name; }

Q_SIGNALS:
    void busyChanged(bool busy);
    void finished(const gantry::ScaleOutcome &outcome);

private:
    template <typename Work>
    void run(ScaleOutcome::Step step, Work work);

    actions::ActionContext m_context;
    std::string m_namespace;
    std::string m_name;
    std::shared_ptr<actions::ScaleAction> m_action;
    bool m_busy = false;
};

} // namespace gantry

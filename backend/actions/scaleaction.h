#pragma once

#include "backend/actions/actioncontext.h"
#include "backend/actions/actionerror.h"
#include "backend/actions/scaleplan.h"

#include <mutex>
#include <optional>
#include <string>

namespace gantry::actions {

/// Changes an InferenceService's scaling: plan (a checked diff and a
/// resourceVersion-guarded merge patch), apply (server dry-run, then the patch),
/// revert the last applied change. A concurrent change to the object makes the
/// server answer 409, reported as ActionError::Kind::Conflict: nothing is
/// overwritten. apply and revert are audited (verbs "scale" and "revert");
/// planning is not, so a form may plan on every edit. Blocking calls are for a
/// worker thread; thread-safe.
class ScaleAction {
public:
    explicit ScaleAction(ActionContext context);

    /// Plans against an object already read (e.g. the one the form shows). Pure.
    static ActionResult<ScalePlan> plan(const nlohmann::json &current, const ScaleChange &change);
    /// Reads the object from the server, then plans. Blocking.
    ActionResult<ScalePlan> plan(
        const std::string &namespaceName, const std::string &name, const ScaleChange &change) const;
    /// Dry-run, then the patch. Returns the object as stored.
    ActionResult<nlohmann::json> apply(const ScalePlan &plan, const ActionOptions &options = {});
    /// Undoes the last plan apply() stored: reads the object, plans the inverse
    /// (refused if a field changed since), applies it guarded by the fresh resourceVersion.
    ActionResult<nlohmann::json> revert(const ActionOptions &options = {});
    /// The last plan applied and not yet reverted.
    std::optional<ScalePlan> lastApplied() const;

private:
    ActionResult<nlohmann::json> send(const ScalePlan &plan, const char *verb, const ActionOptions &options) const;
    void audit(const ScalePlan &plan, const char *verb, bool dryRun, std::string result) const;

    ActionContext m_context;
    mutable std::mutex m_mutex;
    std::optional<ScalePlan> m_lastApplied;
};

} // namespace gantry::actions

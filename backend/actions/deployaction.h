#pragma once

#include "backend/actions/actioncontext.h"
#include "backend/actions/actionerror.h"
#include "backend/actions/deploymanifest.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace gantry::actions {

/// Creates an InferenceService: local validation, then the server's dry-run
/// (create with dryRun=All), then the create. Every outcome past the form is
/// audited (verb "deploy"). Blocking; call it from a worker thread. Follow the
/// new service with DeployObserver.
class DeployAction {
public:
    explicit DeployAction(ActionContext context);

    /// From the deploy form, rendered from the inferenceservice-vllm template.
    ActionResult<nlohmann::json> deploy(const DeploySpec &spec, const ActionOptions &options = {}) const;
    /// From a user's YAML: exactly one serving.kserve.io/v1beta1 InferenceService;
    /// a missing namespace becomes `defaultNamespace`.
    ActionResult<nlohmann::json> deployYaml(std::string_view yaml, const std::string &defaultNamespace = "default",
        const ActionOptions &options = {}) const;
    /// An InferenceService object, validated like a user's file. Returns the created
    /// object (with dryRunOnly: the server's dry-run answer).
    ActionResult<nlohmann::json> deployObject(const nlohmann::json &object, const ActionOptions &options = {}) const;

private:
    ActionResult<nlohmann::json> refuse(
        const std::string &namespaceName, const std::string &name, bool dryRun, ActionError error) const;

    ActionContext m_context;
};

} // namespace gantry::actions

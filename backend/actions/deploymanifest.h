#pragma once

#include "backend/actions/problem.h"
#include "backend/actions/templatelibrary.h"
#include "backend/actions/validation.h"
#include "backend/core/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::actions {

/// The deploy form: a vLLM InferenceService on GPUs.
struct DeploySpec {
    std::string name;
    std::string namespaceName = "default";
    std::string storageUri;
    std::int64_t gpus = 1; ///< per replica
    std::string runtime = "kserve-vllmserver";
    std::optional<std::int64_t> maxModelLen; ///< --max-model-len
    std::vector<std::string> extraArgs; ///< further engine flags, e.g. "--enable-prefix-caching"
    std::string cpu = "8";
    std::string memory = "64Gi";
    /// Mode and scaling; scaling.mode is the deployment mode. Unset values keep KServe's defaults.
    ScalingSettings scaling;
};

/// The engine arguments of a form: --max-model-len first, then the extra ones.
std::vector<std::string> runtimeArgsOf(const DeploySpec &spec);

/// The form's problems, named after the object fields they fill.
Problems validateDeploySpec(const DeploySpec &spec);

/// The inferenceservice-vllm template filled from the form as it stands, valid or
/// not, so an editor can show the YAML while the user types. Unset values render
/// as null; the only problem is a broken template.
Result<std::string, Problems> renderDeploySpec(const DeploySpec &spec, const TemplateLibrary &templates);

/// The InferenceService for a valid form, rendered from the inferenceservice-vllm
/// template; the problems otherwise (a broken user template is one too).
Result<nlohmann::json, Problems> buildInferenceService(const DeploySpec &spec, const TemplateLibrary &templates);

/// Reads an InferenceService a user wrote: exactly one YAML document, of kind
/// InferenceService in serving.kserve.io/v1beta1. YAML errors carry line:column.
/// A missing namespace becomes `defaultNamespace`.
Result<nlohmann::json, Problems> parseInferenceServiceYaml(std::string_view yaml, const std::string &defaultNamespace);

/// The local checks of an InferenceService object, from a form or a file: names,
/// storageUri, GPUs, quantities, engine arguments and scaling.
Problems validateInferenceService(const nlohmann::json &object);

} // namespace gantry::actions

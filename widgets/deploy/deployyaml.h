#pragma once

#include "backend/actions/deploymanifest.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace gantry {

/// The deploy form as the YAML a user reads and edits: the template filled from
/// the form, without the settings left unset (and the comments that explain
/// them) or the template's header. The problems name a broken template.
Result<std::string, actions::Problems> formYaml(const actions::DeploySpec &spec,
                                                const actions::TemplateLibrary &templates);

/// What a user's YAML says, as far as the deploy form can show it.
struct DeployYamlReading
{
    /// One InferenceService came out of the text (its fields may still be invalid).
    bool readable = false;
    nlohmann::json object; ///< as written, the namespace defaulted; pruned of nulls
    actions::DeploySpec spec; ///< the form's view of `object`
    /// The object fields the form cannot express ("metadata.labels.team"):
    /// where `object` and the form's rendering of `spec` differ, sorted.
    std::vector<std::string> formCannotShow;
    /// Local problems: why it is unreadable, or what validation found.
    actions::Problems problems;

    bool formCanShowAll() const { return readable && formCannotShow.empty(); }
};

DeployYamlReading readDeployYaml(std::string_view text, const std::string &defaultNamespace,
                                 const actions::TemplateLibrary &templates);

/// The form's view of an InferenceService object: the fields DeploySpec has.
actions::DeploySpec deploySpecOf(const nlohmann::json &object);

} // namespace gantry

#pragma once

#include "backend/actions/templateerror.h"
#include "backend/core/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::actions {

/// The file names of the templates the actions use.
inline constexpr std::string_view kInferenceServiceTemplate = "inferenceservice-vllm.yaml";
inline constexpr std::string_view kPrewarmJobTemplate = "prewarm-job.yaml";
inline constexpr std::string_view kLocalModelCacheTemplate = "localmodelcache.yaml";

/// The YAML templates of resources/templates. Their text is compiled into the
/// binary (CMake turns each file into a raw string at configure time, so the
/// installed console needs no resource files and the copy cannot drift from the
/// source); a file of the same name in the user's template folder overrides it.
/// Thread-safe: the folder is read on each call, so edits apply without a restart.
class TemplateLibrary {
public:
    /// `userDirectory` "" = built-in templates only.
    explicit TemplateLibrary(std::string userDirectory = {});

    /// The user's file when it exists, else the built-in text; an error when the
    /// user's file exists but cannot be read, or the name is unknown.
    Result<std::string, TemplateError> text(std::string_view name) const;
    /// True when `name` comes from the user's folder.
    bool overridden(std::string_view name) const;
    const std::string &userDirectory() const { return m_userDirectory; }

    /// The compiled-in text of `name`, nullopt for an unknown name.
    static std::optional<std::string_view> builtInText(std::string_view name);
    static std::vector<std::string> builtInNames();
    /// $XDG_DATA_HOME/gantry/templates, or ~/.local/share/gantry/templates.
    static std::string defaultUserDirectory();

private:
    std::string m_userDirectory;
};

} // namespace gantry::actions

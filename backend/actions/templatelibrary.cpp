#include "backend/actions/templatelibrary.h"

#include "gantry_embedded_templates.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gantry::actions {

namespace {

constexpr std::uintmax_t kMaxTemplateBytes = 1024 * 1024;

std::string userPath(const std::string &directory, std::string_view name)
{
    return (std::filesystem::path(directory) / std::string(name)).string();
}

} // namespace

TemplateLibrary::TemplateLibrary(std::string userDirectory)
    : m_userDirectory(std::move(userDirectory))
{
}

std::optional<std::string_view> TemplateLibrary::builtInText(std::string_view name)
{
    for (const auto &entry : embedded::kTemplates) {
        if (name == entry.name)
            return std::string_view(entry.text);
    }
    return std::nullopt;
}

std::vector<std::string> TemplateLibrary::builtInNames()
{
    std::vector<std::string> names;
    for (const auto &entry : embedded::kTemplates)
        names.emplace_back(entry.name);
    return names;
}

std::string TemplateLibrary::defaultUserDirectory()
{
    const char *data = std::getenv("XDG_DATA_HOME");
    if (data && *data == '/')
        return std::string(data) + "/gantry/templates";
    const char *home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + "/.local/share/gantry/templates";
}

bool TemplateLibrary::overridden(std::string_view name) const
{
    std::error_code ignored;
    return !m_userDirectory.empty() && std::filesystem::is_regular_file(userPath(m_userDirectory, name), ignored);
}

Result<std::string, TemplateError> TemplateLibrary::text(std::string_view name) const
{
    // Only plain names: a template name is never a path into the user's files.
    if (name.empty() || name.find('/') != std::string_view::npos || name.front() == '.')
        return TemplateError { "not a template name: " + std::string(name) };
    if (overridden(name)) {
        const std::string path = userPath(m_userDirectory, name);
        std::error_code error;
        const auto size = std::filesystem::file_size(path, error);
        if (error || size > kMaxTemplateBytes)
            return TemplateError { "cannot read the template " + path
                + (error ? ": " + error.message() : ": too large") };
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in && !in.eof())
            return TemplateError { "cannot read the template " + path };
        return text.str();
    }
    if (const auto builtIn = builtInText(name))
        return std::string(*builtIn);
    return TemplateError { "no template named " + std::string(name) };
}

} // namespace gantry::actions

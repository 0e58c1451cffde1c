#pragma once

// Helpers shared by the REST client, transport and credential tests.

#include "backend/kube/restclient.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gantry::kube::test {

/// A private scratch folder for one test, removed afterwards.
class ScratchDir
{
public:
    ScratchDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "gantry-rest-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            ADD_FAILURE() << "mkdtemp failed";
        m_path = pattern;
    }
    ~ScratchDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    ScratchDir(const ScratchDir &) = delete;
    ScratchDir &operator=(const ScratchDir &) = delete;

    const std::string &path() const { return m_path; }
    std::string file(const std::string &name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

inline std::string writeText(const std::string &path, const std::string &text)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    return path;
}

inline std::string readText(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Writes an executable bash script (the body follows the #! line) and returns its path.
inline std::string writeScript(const std::string &path, const std::string &body)
{
    writeText(path, "#!/bin/bash\n" + body);
    ::chmod(path.c_str(), 0755);
    return path;
}

/// An ExecCredential a plugin prints, with `status` as given.
inline std::string execCredentialJson(const nlohmann::json &status,
                                      const std::string &apiVersion = "client.authentication.k8s.io/v1")
{
    return nlohmann::json{{"apiVersion", apiVersion}, {"kind", "ExecCredential"}, {"status", status}}.dump();
}

/// A minimal valid pod in `ns` with one container.
inline nlohmann::json podObject(const std::string &name, const nlohmann::json &labels = nlohmann::json::object(),
                                const std::string &ns = "default")
{
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}, {"namespace", ns}, {"labels", labels}}},
            {"spec", {{"containers", {{{"name", "main"}, {"image", "registry.example/serve:1"}}}}}}};
}

inline ResourceRef podsIn(const std::string &ns = "default")
{
    return {"", "v1", "pods", ns, {}, {}};
}

} // namespace gantry::kube::test

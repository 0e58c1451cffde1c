#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gantry::kube::test {

/// tests/fixtures/kubeconfig/<name>; ctest sets GANTRY_FIXTURES_DIR, a direct run falls back to the source tree.
inline std::string fixturePath(const std::string &name)
{
    const char *dir = std::getenv("GANTRY_FIXTURES_DIR");
    const std::string root = dir && *dir ? dir : GANTRY_SOURCE_FIXTURES_DIR;
    return root + "/kubeconfig/" + name;
}

inline std::string readText(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A private directory for one test's kubeconfigs, removed afterwards.
class TempDir
{
public:
    TempDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "gantry-kubeconfig-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            ADD_FAILURE() << "mkdtemp failed";
        m_path = pattern;
    }
    ~TempDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    const std::string &path() const { return m_path; }

    /// Writes `content` to `relative` (creating directories) and returns the absolute path.
    std::string write(const std::string &relative, const std::string &content) const
    {
        const std::filesystem::path file = std::filesystem::path(m_path) / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << content;
        return file.string();
    }

    std::string file(const std::string &relative) const { return (std::filesystem::path(m_path) / relative).string(); }

private:
    std::string m_path;
};

} // namespace gantry::kube::test

#include "backend/core/buildinfo.h"

namespace gantry::buildinfo {

// Defined in the file cmake/WriteGitDescribe.cmake generates at build time.
const char *gitDescribeRaw();

std::string projectVersion()
{
    return GANTRY_VERSION;
}

std::string gitDescribe()
{
    return gitDescribeRaw();
}

std::string versionLine()
{
    std::string line = projectVersion();
    const std::string describe = gitDescribe();
    if (!describe.empty())
        line += " (" + describe + ")";
    return line;
}

} // namespace gantry::buildinfo

#include "backend/core/buildinfo.h"

#include <gtest/gtest.h>

#include <regex>

using namespace gantry::buildinfo;

TEST(BuildInfo, ProjectVersionIsSemantic)
{
    EXPECT_TRUE(std::regex_match(projectVersion(), std::regex(R"(\d+\.\d+\.\d+)"))) << projectVersion();
}

TEST(BuildInfo, VersionLineStartsWithProjectVersionAndAddsDescribeWhenKnown)
{
    const std::string line = versionLine();
    EXPECT_EQ(line.rfind(projectVersion(), 0), 0u) << line;
    if (gitDescribe().empty())
        EXPECT_EQ(line, projectVersion());
    else
        EXPECT_EQ(line, projectVersion() + " (" + gitDescribe() + ")");
}

#include "backend/core/yamljson.h"

#include <gtest/gtest.h>

using gantry::yamlToJson;
using nlohmann::json;

TEST(YamlToJson, TypesPlainScalarsLikeKubectl)
{
    const auto result = yamlToJson(R"(
count: 3
ratio: 0.5
negative: -7
enabled: true
legacyBool: yes
power: off
nothing: ~
empty:
quotedNumber: "3"
quotedBool: 'true'
version: 1.13.0-gpu
gpu: nvidia.com/gpu
big: 12345678901234567890
list: [1, "two", {three: 3}]
)");
    ASSERT_TRUE(result.json) << result.error;
    const json &j = *result.json;
    EXPECT_EQ(j["count"], 3);
    EXPECT_TRUE(j["count"].is_number_integer());
    EXPECT_DOUBLE_EQ(j["ratio"].get<double>(), 0.5);
    EXPECT_EQ(j["negative"], -7);
    EXPECT_EQ(j["enabled"], true);
    EXPECT_EQ(j["legacyBool"], true);
    EXPECT_EQ(j["power"], false);
    EXPECT_TRUE(j["nothing"].is_null());
    EXPECT_TRUE(j["empty"].is_null());
    EXPECT_EQ(j["quotedNumber"], "3");
    EXPECT_EQ(j["quotedBool"], "true");
    EXPECT_EQ(j["version"], "1.13.0-gpu");
    EXPECT_EQ(j["gpu"], "nvidia.com/gpu");
    EXPECT_TRUE(j["big"].is_number()) << "too large for int64 still reads as a number";
    EXPECT_EQ(j["list"], json::parse(R"([1, "two", {"three": 3}])"));
}

TEST(YamlToJson, ReportsWhereTheSyntaxBreaks)
{
    const auto result = yamlToJson("metadata:\n  name: x\n   bad: [unclosed\n");
    EXPECT_FALSE(result.json);
    EXPECT_EQ(result.line, 3);
    EXPECT_GT(result.column, 0);
    EXPECT_FALSE(result.error.empty());
}

TEST(YamlToJson, BoundsNestingDepth)
{
    for (int depth : {300, 5000}) {
        std::string deep;
        for (int i = 0; i < depth; ++i)
            deep += "- ";
        deep += "x\n";
        const auto result = yamlToJson(deep);
        EXPECT_FALSE(result.json) << depth;
        EXPECT_NE(result.error.find("nesting"), std::string::npos) << result.error;
    }
}

TEST(YamlToJson, RefusesTextThatIsNotUtf8)
{
    // JSON cannot hold these bytes (writing it threw), so they are a located error.
    for (const char *text : {"image: \"caf\xe9\"\n", "args: [ok, \"\xff\x01\"]\n", "name: x\n\xc0\xaf: y\n"}) {
        const auto result = yamlToJson(text);
        EXPECT_FALSE(result.json) << text;
        EXPECT_NE(result.error.find("UTF-8"), std::string::npos) << result.error;
        EXPECT_GT(result.line, 0) << text;
        const auto documents = gantry::yamlDocumentsToJson(std::string("a: 1\n---\n") + text);
        EXPECT_TRUE(documents.documents.empty()) << text;
        EXPECT_NE(documents.error.find("UTF-8"), std::string::npos) << documents.error;
    }
    const auto unicode = yamlToJson("name: \"caf\xc3\xa9 \xf0\x9f\x9a\x80\"\n");
    ASSERT_TRUE(unicode.json) << unicode.error;
    EXPECT_EQ((*unicode.json)["name"], "caf\xc3\xa9 \xf0\x9f\x9a\x80");
    EXPECT_NO_THROW((void)unicode.json->dump());
}

TEST(YamlToJson, StrayCommaInAStreamIsAnErrorNotAnEndlessLoop)
{
    // yaml-cpp's LoadAll read these as empty documents forever, until memory ran out.
    for (const char *text : {",", "&alpha1, cluster-scoped)", "a: 1\n---\n  ,\n"}) {
        const auto result = gantry::yamlDocumentsToJson(text);
        EXPECT_TRUE(result.documents.empty()) << text;
        EXPECT_NE(result.error.find("unexpected ','"), std::string::npos) << result.error;
        EXPECT_GT(result.line, 0) << text;
    }
    const auto located = gantry::yamlDocumentsToJson("a: 1\n---\n  ,\n");
    EXPECT_EQ(located.line, 3);
    EXPECT_EQ(located.column, 3);
}

TEST(YamlToJson, ReadsMultiDocumentStreams)
{
    const auto result = gantry::yamlDocumentsToJson("a: 1\n---\n---\nb: 2\n");
    ASSERT_TRUE(result.error.empty()) << result.error;
    ASSERT_EQ(result.documents.size(), 2u);
    EXPECT_EQ(result.documents[1]["b"], 2);
}

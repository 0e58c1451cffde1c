#include "sim/apimachinery/patch.h"

#include <gtest/gtest.h>

using gantry::sim::applyJsonPatch;
using gantry::sim::applyMergePatch;
using gantry::sim::PatchResult;
using nlohmann::json;

namespace {

json nested(std::size_t depth)
{
    json value = 1;
    for (std::size_t i = 0; i < depth; ++i) {
        json outer;
        outer["a"] = std::move(value);
        value = std::move(outer);
    }
    return value;
}

json applied(const PatchResult &result)
{
    EXPECT_TRUE(result.object) << result.error;
    EXPECT_TRUE(result.error.empty()) << result.error;
    return result.object.value_or(json("<no object>"));
}

std::string failure(const PatchResult &result)
{
    EXPECT_FALSE(result.object) << result.object.value_or(json()).dump();
    return result.error;
}

} // namespace

TEST(MergePatch, Rfc7386AppendixExamples)
{
    struct Case
    {
        const char *target;
        const char *patch;
        const char *result;
    };
    const Case cases[] = {
        {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
        {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
        {R"({"a":"b"})", R"({"a":null})", R"({})"},
        {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
        {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
        {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
        {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
        {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
        {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
        {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
        {R"({"a":"foo"})", R"(null)", R"(null)"},
        {R"({"a":"foo"})", R"("bar")", R"("bar")"},
        {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
        {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
        {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(std::string(c.target) + " + " + c.patch);
        EXPECT_EQ(applied(applyMergePatch(json::parse(c.target), json::parse(c.patch))), json::parse(c.result));
    }
}

TEST(MergePatch, Rfc7386SectionThreeExample)
{
    const json target = json::parse(R"({"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},
        "tags":["example","sample"],"content":"This will be unchanged"})");
    const json patch = json::parse(R"({"title":"Hello!","phoneNumber":"+01-123-456-7890",
        "author":{"familyName":null},"tags":["example"]})");
    EXPECT_EQ(applied(applyMergePatch(target, patch)),
              json::parse(R"({"title":"Hello!","author":{"givenName":"John"},"tags":["example"],
                  "content":"This will be unchanged","phoneNumber":"+01-123-456-7890"})"));
}

TEST(MergePatch, RefusesHostileDepth)
{
    EXPECT_EQ(failure(applyMergePatch(json::object(), nested(5000))), "the patch nests deeper than 100 levels");
    EXPECT_EQ(failure(applyMergePatch(nested(101), json::object())), "the object nests deeper than 100 levels");
    EXPECT_TRUE(applyMergePatch(nested(99), nested(99)).object);
}

TEST(JsonPatch, Rfc6902AppendixExamples)
{
    struct Case
    {
        const char *target;
        const char *patch;
        const char *result;
    };
    const Case cases[] = {
        {R"({"foo":"bar"})", R"([{"op":"add","path":"/baz","value":"qux"}])", R"({"baz":"qux","foo":"bar"})"},
        {R"({"foo":["bar","baz"]})", R"([{"op":"add","path":"/foo/1","value":"qux"}])",
         R"({"foo":["bar","qux","baz"]})"},
        {R"({"baz":"qux","foo":"bar"})", R"([{"op":"remove","path":"/baz"}])", R"({"foo":"bar"})"},
        {R"({"foo":["bar","qux","baz"]})", R"([{"op":"remove","path":"/foo/1"}])", R"({"foo":["bar","baz"]})"},
        {R"({"baz":"qux","foo":"bar"})", R"([{"op":"replace","path":"/baz","value":"boo"}])",
         R"({"baz":"boo","foo":"bar"})"},
        {R"({"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}})",
         R"([{"op":"move","from":"/foo/waldo","path":"/qux/thud"}])",
         R"({"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}})"},
        {R"({"foo":["all","grass","cows","eat"]})", R"([{"op":"move","from":"/foo/1","path":"/foo/3"}])",
         R"({"foo":["all","cows","eat","grass"]})"},
        {R"({"baz":"qux","foo":["a",2,"c"]})",
         R"([{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}])",
         R"({"baz":"qux","foo":["a",2,"c"]})"},
        {R"({"foo":"bar"})", R"([{"op":"add","path":"/child","value":{"grandchild":{}}}])",
         R"({"foo":"bar","child":{"grandchild":{}}})"},
        {R"({"foo":"bar"})", R"([{"op":"add","path":"/baz","value":"qux","xyz":123}])",
         R"({"foo":"bar","baz":"qux"})"},
        {R"({"/":9,"~1":10})", R"([{"op":"test","path":"/~01","value":10}])", R"({"/":9,"~1":10})"},
        {R"({"foo":["bar"]})", R"([{"op":"add","path":"/foo/-","value":["abc","def"]}])",
         R"({"foo":["bar",["abc","def"]]})"},
        {R"({"foo":1})", R"([{"op":"copy","from":"/foo","path":"/bar"}])", R"({"foo":1,"bar":1})"},
        {R"({"foo":1})", R"([{"op":"replace","path":"","value":[1]}])", R"([1])"},
        {R"({"foo":1})", R"(null)", R"({"foo":1})"},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.patch);
        EXPECT_EQ(applied(applyJsonPatch(json::parse(c.target), json::parse(c.patch))), json::parse(c.result));
    }
}

TEST(JsonPatch, FailingTestLeavesTheTargetUntouched)
{
    const json target = json::parse(R"({"baz":"qux","foo":["a",2,"c"]})");
    const json operations = json::parse(R"([
        {"op":"add","path":"/added","value":true},
        {"op":"replace","path":"/baz","value":"changed"},
        {"op":"test","path":"/baz","value":"bar"}])");
    const PatchResult result = applyJsonPatch(target, operations);
    EXPECT_EQ(failure(result), "testing value /baz failed: test failed");
    EXPECT_EQ(target, json::parse(R"({"baz":"qux","foo":["a",2,"c"]})"));

    // RFC 6902 A.15: a string is never equal to a number.
    EXPECT_EQ(failure(applyJsonPatch(json::parse(R"({"/":9,"~1":10})"),
                                     json::parse(R"([{"op":"test","path":"/~01","value":"10"}])"))),
              "testing value /~01 failed: test failed");
    EXPECT_EQ(failure(applyJsonPatch(json::object(), json::parse(R"([{"op":"test","path":"/x","value":null}])"))),
              "testing value /x failed: test failed");
}

TEST(JsonPatch, ErrorsNameTheOperationAndPath)
{
    struct Case
    {
        const char *target;
        const char *patch;
        const char *error;
    };
    const Case cases[] = {
        {R"({"foo":"bar"})", R"([{"op":"add","path":"/baz/bat","value":"qux"}])",
         "add operation does not apply: doc is missing path: \"/baz/bat\": missing value"},
        {R"({"a":1})", R"([{"op":"remove","path":"/nope"}])",
         "error in remove for path: '/nope': Unable to remove nonexistent key: nope: missing value"},
        {R"({"a":[1]})", R"([{"op":"remove","path":"/a/5"}])",
         "error in remove for path: '/a/5': Unable to access invalid index: 5: invalid index referenced"},
        {R"({"a":[1]})", R"([{"op":"add","path":"/a/3","value":0}])",
         "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced"},
        {R"({"a":[1]})", R"([{"op":"add","path":"/a/01","value":0}])",
         "error in add for path: '/a/01': value was not a proper array index: '01'"},
        {R"({"a":1})", R"([{"op":"replace","path":"/b","value":2}])",
         "replace operation does not apply: doc is missing key: /b: missing value"},
        {R"({"a":1})", R"([{"op":"move","from":"/b","path":"/c"}])",
         "move operation does not apply: doc is missing from path: /b: missing value"},
        {R"({"a":{"b":1}})", R"([{"op":"move","from":"/a","path":"/a/b/c"}])",
         "move operation does not apply: path '/a/b/c' is inside from path '/a'"},
        {R"({"a":1})", R"([{"op":"frobnicate","path":"/a"}])", "Unexpected kind: frobnicate"},
        {R"({"a":1})", R"([{"path":"/a"}])", "Unexpected kind: unknown"},
        {R"({"a":1})", R"([{"op":"add","value":1}])", "add operation failed to decode path: missing value"},
        {R"({"a":1})", R"([{"op":"add","path":"/b"}])", "add operation, missing value field: missing value"},
        {R"({"a":1})", R"([{"op":"add","path":"b","value":1}])",
         "add operation does not apply: doc is missing path: \"b\": missing value"},
        {R"({"a":1})", R"([{"op":"test","path":"/x/y","value":1}])",
         "test operation does not apply: is missing path: /x/y: missing value"},
        {R"({"a":1})", R"({"op":"add"})", "json: cannot unmarshal object into Go value of type jsonpatch.Patch"},
        {R"({"a":1})", R"(["add"])", "json: cannot unmarshal string into Go value of type jsonpatch.Operation"},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.patch);
        EXPECT_EQ(failure(applyJsonPatch(json::parse(c.target), json::parse(c.patch))), c.error);
    }
}

TEST(JsonPatch, BoundsHostileInput)
{
    json tooMany = json::array();
    for (int i = 0; i < 10001; ++i)
        tooMany.push_back({{"op", "test"}, {"path", ""}, {"value", nullptr}});
    EXPECT_EQ(failure(applyJsonPatch(json::object(), tooMany)),
              "The allowed maximum operations in a JSON patch is 10000, got 10001");

    // Each copy doubles the document; the copied volume is capped.
    json doubling = json::array();
    doubling.push_back({{"op", "add"}, {"path", "/a"}, {"value", json::array({1, 2, 3, 4})}});
    for (int i = 0; i < 40; ++i)
        doubling.push_back({{"op", "copy"}, {"from", "/a"}, {"path", "/a/-"}});
    EXPECT_NE(failure(applyJsonPatch(json::object(), doubling)).find("exceeding the limit 1000000"), std::string::npos);

    EXPECT_EQ(failure(applyJsonPatch(json::object(), json::array({{{"op", "add"}, {"path", "/x"},
                                                                   {"value", nested(150)}}}))),
              "the patch nests deeper than 100 levels");
    json deepening = json::array();
    deepening.push_back({{"op", "add"}, {"path", "/a"}, {"value", nested(60)}});
    std::string deepPath;
    for (int i = 0; i < 45; ++i)
        deepPath += "/a";
    deepening.push_back({{"op", "copy"}, {"from", "/a"}, {"path", deepPath}});
    EXPECT_NE(failure(applyJsonPatch(json::object(), deepening)).find("deeper than 100 levels"), std::string::npos);
}

#include "sim/apimachinery/labelselector.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <random>

using gantry::sim::LabelSelector;
using Operator = LabelSelector::Operator;
using nlohmann::json;

namespace {

const std::string kNamePartRegex =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const std::string kLabelValueRegex =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
    "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
    "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

LabelSelector parseOk(const std::string &text)
{
    std::string error;
    const auto selector = LabelSelector::parse(text, &error);
    EXPECT_TRUE(selector) << text << ": " << error;
    return selector.value_or(LabelSelector());
}

std::string parseError(const std::string &text)
{
    std::string error;
    const auto selector = LabelSelector::parse(text, &error);
    EXPECT_FALSE(selector) << text << " parsed";
    return error;
}

} // namespace

TEST(LabelSelector, ParsesEveryOperator)
{
    struct Case
    {
        std::string text;
        std::string key;
        Operator op;
        std::vector<std::string> values;
    };
    const Case cases[] = {
        {"env=prod", "env", Operator::Equals, {"prod"}},
        {"env==prod", "env", Operator::Equals, {"prod"}},
        {"env!=prod", "env", Operator::NotEquals, {"prod"}},
        {"env in (prod, dev)", "env", Operator::In, {"dev", "prod"}},
        {"env notin (qa)", "env", Operator::NotIn, {"qa"}},
        {"env", "env", Operator::Exists, {}},
        {"!env", "env", Operator::DoesNotExist, {}},
        {"  !  env  ", "env", Operator::DoesNotExist, {}},
        {"replicas>3", "replicas", Operator::GreaterThan, {"3"}},
        {"replicas<3", "replicas", Operator::LessThan, {"3"}},
        {"env=", "env", Operator::Equals, {""}},
        {"env in ()", "env", Operator::In, {""}},
        {"env in (,a)", "env", Operator::In, {"", "a"}},
        {"x in (in,notin)", "x", Operator::In, {"in", "notin"}},
        {"example.com/tier in (b,a,b)", "example.com/tier", Operator::In, {"a", "b"}},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.text);
        const LabelSelector selector = parseOk(c.text);
        ASSERT_EQ(selector.requirements().size(), 1u);
        const auto &requirement = selector.requirements().front();
        EXPECT_EQ(requirement.key, c.key);
        EXPECT_EQ(requirement.op, c.op);
        EXPECT_EQ(requirement.values, c.values);
    }
}

TEST(LabelSelector, KeepsRequirementsSortedByKey)
{
    const LabelSelector selector = parseOk("tier=web,app in (a),!canary,env");
    std::vector<std::string> keys;
    for (const auto &requirement : selector.requirements())
        keys.push_back(requirement.key);
    EXPECT_EQ(keys, (std::vector<std::string>{"app", "canary", "env", "tier"}));
}

TEST(LabelSelector, EmptySelectorMatchesEverything)
{
    const LabelSelector selector = parseOk("");
    EXPECT_TRUE(selector.empty());
    EXPECT_TRUE(selector.matches(json::object()));
    EXPECT_TRUE(selector.matches(nullptr));
    EXPECT_TRUE(parseOk("   ").empty());
}

TEST(LabelSelector, MatchesAsTheServerDoes)
{
    const json labels = {{"app", "nginx"}, {"tier", "web"}, {"replicas", "3"}, {"empty", ""}};
    struct Case
    {
        std::string selector;
        bool matches;
    };
    const Case cases[] = {
        {"app=nginx", true},
        {"app==nginx", true},
        {"app=redis", false},
        {"missing=x", false},
        {"app!=redis", true},
        {"app!=nginx", false},
        {"missing!=x", true},
        {"app in (redis,nginx)", true},
        {"app in (redis)", false},
        {"missing in (x)", false},
        {"app notin (redis)", true},
        {"app notin (nginx)", false},
        {"missing notin (x)", true},
        {"app", true},
        {"missing", false},
        {"!missing", true},
        {"!app", false},
        {"empty=", true},
        {"empty", true},
        {"replicas>2", true},
        {"replicas>3", false},
        {"replicas<4", true},
        {"replicas<3", false},
        {"app>1", false},
        {"missing<9", false},
        {"app=nginx,tier=web", true},
        {"app=nginx,tier=db", false},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.selector);
        EXPECT_EQ(parseOk(c.selector).matches(labels), c.matches);
    }
    EXPECT_FALSE(parseOk("app").matches(nullptr));
    EXPECT_TRUE(parseOk("!app,app notin (x)").matches(nullptr));
    // Labels are strings; anything else is not a label at all.
    EXPECT_FALSE(parseOk("n").matches(json{{"n", 1}}));
}

TEST(LabelSelector, SyntaxErrorsCarryTheServerText)
{
    struct Case
    {
        std::string text;
        std::string error;
    };
    const Case cases[] = {
        {"a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"},
        {"x=a b", "found 'b', expected: ',' or 'end of string'"},
        {"a,", "found '', expected: identifier after ','"},
        {"a,,b", "found ',', expected: identifier after ','"},
        {"=a", "found '=', expected: !, identifier, or 'end of string'"},
        {"!", "unable to parse requirement: found '', expected: identifier"},
        {"!a=b", "found '=', expected: ',' or 'end of string'"},
        {"x in a", "unable to parse requirement: found 'a' expected: '('"},
        {"x in (a", "unable to parse requirement: found '', expected: ',' or ')'"},
        {"x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"},
        {"x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"},
        {"x in (a,=)", "unable to parse requirement: found '=', expected: ',', or identifier"},
        {"x=(", "unable to parse requirement: found '(', expected: identifier"},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.text);
        EXPECT_EQ(parseError(c.text), c.error);
    }
}

TEST(LabelSelector, InvalidKeysAndValuesCarryTheValidationText)
{
    EXPECT_EQ(parseError("app:monolith"),
              "unable to parse requirement: <nil>: Invalid value: \"app:monolith\": name part " + kNamePartRegex);
    EXPECT_EQ(parseError("a/b/c=d"),
              "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name " + kNamePartRegex
                  + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    EXPECT_EQ(parseError("app.kubernetes_io/name=x"),
              "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix part a "
              "lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
              "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
              "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    EXPECT_EQ(parseError("/x"), "unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be "
                                "non-empty");
    EXPECT_EQ(parseError(std::string(64, 'k')),
              "unable to parse requirement: <nil>: Invalid value: \"" + std::string(64, 'k')
                  + "\": name part must be no more than 63 characters");
    EXPECT_EQ(parseError("x=-bad"),
              "unable to parse requirement: values[0][x]: Invalid value: \"-bad\": " + kLabelValueRegex);
    EXPECT_EQ(parseError("x>abc"), "unable to parse requirement: values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' "
                                   "operators, the value must be an integer");
    EXPECT_EQ(parseError("x>-a"), "unable to parse requirement: [values[0]: Invalid value: \"-a\": for 'Gt', 'Lt' "
                                  "operators, the value must be an integer, values[0][x]: Invalid value: \"-a\": "
                                      + kLabelValueRegex + "]");
}

TEST(LabelSelector, ToleratesArbitraryInput)
{
    std::mt19937 random(7);
    const std::string alphabet = "ab=!(),<> \t-_./in\x01\xff";
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        for (int i = 0; i < 12; ++i)
            text += alphabet[pick(random)];
        std::string error;
        std::optional<LabelSelector> selector;
        ASSERT_NO_THROW(selector = LabelSelector::parse(text, &error)) << text;
        if (selector)
            ASSERT_NO_THROW(selector->matches(json{{"a", "b"}}));
        else
            EXPECT_FALSE(error.empty()) << text;
    }
    EXPECT_FALSE(LabelSelector::parse("a b", nullptr));
}

#include "sim/simoptions.h"

#include <gtest/gtest.h>

using gantry::sim::parseSimOptions;

TEST(SimOptions, DefaultsServeHttpsOnAFreeLoopbackPort)
{
    const auto result = parseSimOptions({});
    ASSERT_TRUE(result.options) << result.error;
    EXPECT_EQ(result.options->listenHost, "127.0.0.1");
    EXPECT_EQ(result.options->listenPort, 0);
    EXPECT_FALSE(result.options->insecureHttp);
    EXPECT_DOUBLE_EQ(result.options->speed, 1.0);
}

TEST(SimOptions, ReadsEveryOptionInBothSpellings)
{
    const auto result = parseSimOptions({"--listen", "0.0.0.0:6443", "--insecure-http", "--write-kubeconfig=/tmp/k",
                                         "--log-requests", "--scenario", "factory.yaml", "--speed=60", "--seed",
                                         "42"});
    ASSERT_TRUE(result.options) << result.error;
    const auto &o = *result.options;
    EXPECT_EQ(o.listenHost, "0.0.0.0");
    EXPECT_EQ(o.listenPort, 6443);
    EXPECT_TRUE(o.insecureHttp);
    EXPECT_EQ(o.writeKubeconfig, "/tmp/k");
    EXPECT_TRUE(o.logRequests);
    EXPECT_EQ(o.scenario, "factory.yaml");
    EXPECT_DOUBLE_EQ(o.speed, 60.0);
    EXPECT_EQ(o.seed, 42u);
}

TEST(SimOptions, ListenAcceptsBracketedIpv6AndBarePort)
{
    auto result = parseSimOptions({"--listen", "[::1]:8443"});
    ASSERT_TRUE(result.options) << result.error;
    EXPECT_EQ(result.options->listenHost, "::1");
    EXPECT_EQ(result.options->listenPort, 8443);

    result = parseSimOptions({"--listen", ":0"});
    ASSERT_TRUE(result.options) << result.error;
    EXPECT_EQ(result.options->listenHost, "127.0.0.1");
}

struct BadArguments
{
    std::vector<std::string> arguments;
    std::string expectedError;
};

class SimOptionsRejects : public testing::TestWithParam<BadArguments>
{
};

TEST_P(SimOptionsRejects, WithAMessageNamingTheArgument)
{
    const auto result = parseSimOptions(GetParam().arguments);
    EXPECT_FALSE(result.options);
    EXPECT_EQ(result.error, GetParam().expectedError);
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, SimOptionsRejects,
    testing::Values(BadArguments{{"--listen", "localhost"}, "--listen expects HOST:PORT (e.g. 127.0.0.1:0), got \"localhost\""},
                    BadArguments{{"--listen", "h:70000"}, "--listen: \"70000\" is not a port number (0-65535)"},
                    BadArguments{{"--listen", "h:-1"}, "--listen: \"-1\" is not a port number (0-65535)"},
                    BadArguments{{"--speed", "0"}, "--speed expects a positive number, got \"0\""},
                    BadArguments{{"--speed", "inf"}, "--speed expects a positive number, got \"inf\""},
                    BadArguments{{"--seed", "12x"}, "--seed expects a non-negative integer, got \"12x\""},
                    BadArguments{{"--scenario"}, "--scenario needs a value"},
                    BadArguments{{"--bogus"}, "unknown argument \"--bogus\" (see --help)"}),
    [](const testing::TestParamInfo<BadArguments> &param) { return "case" + std::to_string(param.index); });

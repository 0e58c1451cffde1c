// The human units of scenario files: sizes, bandwidths, durations, ranges.

#include "sim/scenario/quantities.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace gantry::sim;

namespace {

constexpr double kGiB = 1024.0 * 1024 * 1024;

struct Case
{
    const char *text;
    QuantityStatus status;
    double value;
};

void expectCases(ParsedQuantity (*parse)(std::string_view), const std::vector<Case> &cases)
{
    for (const Case &c : cases) {
        SCOPED_TRACE(c.text);
        const ParsedQuantity parsed = parse(c.text);
        EXPECT_EQ(parsed.status, c.status);
        if (c.status == QuantityStatus::Ok) {
            EXPECT_NEAR(parsed.value, c.value, std::fabs(c.value) * 1e-12);
        }
    }
}

constexpr auto Ok = QuantityStatus::Ok;
constexpr auto Bad = QuantityStatus::Malformed;
constexpr auto Huge = QuantityStatus::OutOfRange;

} // namespace

TEST(Quantities, Numbers)
{
    expectCases(parseNumber, {
                                 {"8", Ok, 8},
                                 {"-1", Ok, -1},
                                 {"+2.5", Ok, 2.5},
                                 {".5", Ok, 0.5},
                                 {"1e3", Ok, 1000},
                                 {" 7 ", Ok, 7},
                                 {"", Bad, 0},
                                 {"0x10", Bad, 0},
                                 {"inf", Bad, 0},
                                 {"nan", Bad, 0},
                                 {"1,5", Bad, 0},
                                 {"8GiB", Bad, 0},
                                 {"1e400", Huge, 0},
                             });
}

TEST(Quantities, Sizes)
{
    expectCases(parseSize, {
                               {"16GiB", Ok, 16 * kGiB},
                               {"16 GiB", Ok, 16 * kGiB},
                               {"16.5GB", Ok, 16.5e9},
                               {"16Gi", Ok, 16 * kGiB},
                               {"16G", Ok, 16e9},
                               {"512", Ok, 512},
                               {"512B", Ok, 512},
                               {"1.5TB", Ok, 1.5e12},
                               {"2TiB", Ok, 2 * kGiB * 1024},
                               {"100kB", Ok, 1e5},
                               {"100KiB", Ok, 102400},
                               {"3MB", Ok, 3e6},
                               {"0", Ok, 0},
                               {"-1GB", Ok, -1e9},
                               {"16Gb", Bad, 0}, // gigabits are not a size
                               {"16 gigs", Bad, 0},
                               {"GiB", Bad, 0},
                               {"16GiB/s", Bad, 0},
                               {"1e400GiB", Huge, 0},
                               {"1e308PiB", Huge, 0},
                           });
}

TEST(Quantities, Bandwidths)
{
    expectCases(parseBandwidth, {
                                    {"1Gbit/s", Ok, 125e6},
                                    {"1Gb/s", Ok, 125e6},
                                    {"10Gbps", Ok, 1.25e9},
                                    {"100Mbps", Ok, 12.5e6},
                                    {"450MB/s", Ok, 450e6},
                                    {"2GiB/s", Ok, 2 * kGiB},
                                    {"57.5MB/s", Ok, 57.5e6},
                                    {"1 Gbit/s", Ok, 125e6},
                                    {"1Gibit/s", Ok, kGiB / 8},
                                    {"1000", Ok, 1000},
                                    {"1Gbit", Bad, 0},
                                    {"1GB", Bad, 0},
                                    {"fast", Bad, 0},
                                    {"1Gbit/h", Bad, 0},
                                    {"1e400GB/s", Huge, 0},
                                });
}

TEST(Quantities, Durations)
{
    const auto scenario = [](std::string_view text) { return parseDuration(text); };
    for (const Case &c : std::vector<Case>{
             {"90s", Ok, 90},
             {"5m", Ok, 300},
             {"5min", Ok, 300},
             {"1h30m", Ok, 5400},
             {"1h 30m", Ok, 5400},
             {"1.5h", Ok, 5400},
             {"100ms", Ok, 0.1},
             {"2d", Ok, 172800},
             {"90", Ok, 90},
             {"0", Ok, 0},
             {"-5m", Ok, -300},
             {"5 minutes", Bad, 0},
             {"1h-30m", Bad, 0},
             {"m", Bad, 0},
             {"", Bad, 0},
             {"1e400h", Huge, 0},
         }) {
        SCOPED_TRACE(c.text);
        const ParsedQuantity parsed = scenario(c.text);
        EXPECT_EQ(parsed.status, c.status);
        if (c.status == Ok) {
            EXPECT_NEAR(parsed.value, c.value, 1e-9);
        }
    }
}

TEST(Quantities, GoDurationsNeedUnits)
{
    EXPECT_EQ(parseDuration("60s", DurationSyntax::Go).value, 60);
    EXPECT_EQ(parseDuration("1m30s", DurationSyntax::Go).value, 90);
    EXPECT_TRUE(parseDuration("0", DurationSyntax::Go).ok());
    EXPECT_EQ(parseDuration("60", DurationSyntax::Go).status, Bad);
    EXPECT_EQ(parseDuration("1d", DurationSyntax::Go).status, Bad);
    EXPECT_EQ(parseDuration("1h 30m", DurationSyntax::Go).status, Bad);
}

TEST(Quantities, Ranges)
{
    using Ends = std::pair<std::string, std::string>;
    EXPECT_EQ(splitRange("3m-7m"), (Ends{"3m", "7m"}));
    EXPECT_EQ(splitRange("3m - 7m"), (Ends{"3m", "7m"}));
    EXPECT_EQ(splitRange("3m\xE2\x80\x93" "7m"), (Ends{"3m", "7m"}));
    EXPECT_EQ(splitRange("3-7m"), (Ends{"3m", "7m"}));
    EXPECT_EQ(splitRange("180-420"), (Ends{"180", "420"}));
    EXPECT_EQ(splitRange("-5m-3m"), (Ends{"-5m", "3m"}));
    EXPECT_EQ(splitRange("1e-3s-2s"), (Ends{"1e-3s", "2s"}));
    EXPECT_EQ(splitRange("5m"), std::nullopt);
    EXPECT_EQ(splitRange("5m-"), std::nullopt);
    EXPECT_EQ(splitRange("-5m"), std::nullopt);
}

TEST(Quantities, Formatting)
{
    EXPECT_EQ(formatBytes(16e9), "16 GB");
    EXPECT_EQ(formatBytes(16.5e9), "16.5 GB");
    EXPECT_EQ(formatBytes(16 * kGiB), "17.2 GB");
    EXPECT_EQ(formatBytes(512), "512 B");
    EXPECT_EQ(formatBytes(0), "0 B");
    EXPECT_EQ(formatDuration(5400), "1h30m");
    EXPECT_EQ(formatDuration(90), "1m30s");
    EXPECT_EQ(formatDuration(3600), "1h");
    EXPECT_EQ(formatDuration(0), "0s");
    EXPECT_EQ(formatDuration(0.1), "100ms");
    EXPECT_EQ(formatDuration(1.5), "1.5s");
    EXPECT_EQ(formatDuration(-300), "-5m");
}

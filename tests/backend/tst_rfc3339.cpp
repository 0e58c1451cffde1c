#include "backend/core/rfc3339.h"

#include <gtest/gtest.h>

using namespace gantry;
using namespace std::chrono;

TEST(Rfc3339, FormatsWholeSecondsAndMicroseconds)
{
    const SystemTime time = sys_days(year(2026) / 11 / 23) + hours(15) + minutes(4) + seconds(5) + microseconds(123456);
    EXPECT_EQ(formatRfc3339(time), "2026-11-23T15:04:05Z");
    EXPECT_EQ(formatRfc3339Micro(time), "2026-11-23T15:04:05.123456Z");
}

struct ParseCase
{
    const char *text;
    bool valid;
    long long epochMillis;
};

class Rfc3339Parse : public testing::TestWithParam<ParseCase>
{
};

TEST_P(Rfc3339Parse, AcceptsKubernetesTimestampsAndRejectsTheRest)
{
    const auto parsed = parseRfc3339(GetParam().text);
    ASSERT_EQ(parsed.has_value(), GetParam().valid) << GetParam().text;
    if (parsed) {
        EXPECT_EQ(duration_cast<milliseconds>(parsed->time_since_epoch()).count(), GetParam().epochMillis);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Rfc3339Parse,
    testing::Values(ParseCase{"2025-08-27T10:42:55Z", true, 1756291375000},
                    ParseCase{"2025-08-27T10:42:55.912Z", true, 1756291375912},
                    ParseCase{"2025-08-27T12:42:55+02:00", true, 1756291375000},
                    ParseCase{"2025-08-27T10:42:55.000001Z", true, 1756291375000},
                    ParseCase{"1970-01-01T00:00:00Z", true, 0},
                    ParseCase{"2025-02-30T10:00:00Z", false, 0}, ParseCase{"2025-08-27 10:42:55Z", false, 0},
                    ParseCase{"2025-08-27T10:42:55", false, 0}, ParseCase{"2025-08-27T25:00:00Z", false, 0},
                    ParseCase{"", false, 0}, ParseCase{"2025-08-27T10:42:55.Z", false, 0},
                    ParseCase{"2025-08-27T10:42:55Zjunk", false, 0},
                    // Beyond what system_clock's nanoseconds hold (1677 to 2262): no time, not overflow.
                    ParseCase{"2262-04-11T23:47:15Z", true, 9223372035000}, ParseCase{"2262-04-11T23:47:16Z", false, 0},
                    ParseCase{"4051-01-01T00:00:00Z", false, 0}, ParseCase{"9999-12-31T23:59:59.999Z", false, 0},
                    ParseCase{"1677-09-21T00:12:43Z", false, 0},
                    ParseCase{"1900-01-01T00:00:00+23:59", true, -2209075140000}));

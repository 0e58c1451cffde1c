// Go durations as kubelet prints them in Pulled events, and the Pulled and
// TriggeredScaleUp messages around them (REFERENCE.md §7; real messages from
// the event fixtures).

#include "backend/fleet/goduration.h"
#include "backend/fleet/kubeletmessages.h"

#include <gtest/gtest.h>

using namespace gantry::fleet;

TEST(GoDuration, ParsesTheFormsKubeletPrints)
{
    struct Case
    {
        const char *text;
        double seconds;
    };
    const Case cases[] = {
        {"850ms", 0.85},     {"12.345s", 12.345}, {"1m2.345s", 62.345}, {"4m47.129s", 287.129},
        {"5m3.623s", 303.623}, {"1h2m", 3720},      {"2.703s", 2.703},    {"901ms", 0.901},
        {"1.01s", 1.01},     {"0", 0},            {"1h0m0s", 3600},     {"300us", 0.0003},
        {"300\xC2\xB5s", 0.0003}, {"300\xCE\xBCs", 0.0003}, {"7ns", 7e-9}, {"-1.5s", -1.5},
        {"+2m", 120},        {".5s", 0.5},        {"1.s", 1},           {"16s", 16},
    };
    for (const Case &c : cases) {
        const auto parsed = parseGoDuration(c.text);
        ASSERT_TRUE(parsed.has_value()) << c.text;
        EXPECT_NEAR(*parsed, c.seconds, 1e-9) << c.text;
    }
}

TEST(GoDuration, RejectsWhatGoRejects)
{
    for (const char *text : {"", "12", "s", "1x", "1.2.3s", "ms", "1m 2s", "-", ".s", "1h2", "abc", "12 s"})
        EXPECT_FALSE(parseGoDuration(text).has_value()) << '"' << text << '"';
}

TEST(PulledMessage, ReadsTheCurrentFormatWithWaitingAndSize)
{
    // aibrix#1054 (fixture events/aibrix-1054-vllm-openai-startup-probe.describe-events.txt).
    const PulledMessage m = parsePulledMessage("Successfully pulled image \"vllm/vllm-openai:v0.7.1\" in 4m47.129s "
                                               "(5m3.623s including waiting). Image size: 16525161745 bytes.");
    EXPECT_TRUE(m.recognized);
    EXPECT_FALSE(m.alreadyPresent);
    EXPECT_EQ(m.image, "vllm/vllm-openai:v0.7.1");
    EXPECT_NEAR(*m.seconds, 287.129, 1e-9);
    EXPECT_NEAR(*m.secondsIncludingWaiting, 303.623, 1e-9);
    EXPECT_EQ(*m.imageBytes, 16525161745LL);
}

TEST(PulledMessage, ReadsMillisecondsAndTheOlderForms)
{
    // holmesgpt OOMKilled fixture.
    const PulledMessage ms = parsePulledMessage(
        "Successfully pulled image \"us-central1-docker.pkg.dev/genuine-flight-317411/devel/memory-eater:1.0\" in 901ms "
        "(901ms including waiting). Image size: 47485901 bytes.");
    EXPECT_NEAR(*ms.seconds, 0.901, 1e-9);
    EXPECT_EQ(*ms.imageBytes, 47485901);

    const PulledMessage older = parsePulledMessage("Successfully pulled image \"nginx\" in 12.3s (12.3s including waiting)");
    EXPECT_TRUE(older.recognized);
    EXPECT_NEAR(*older.secondsIncludingWaiting, 12.3, 1e-9);
    EXPECT_FALSE(older.imageBytes.has_value());

    const PulledMessage oldest = parsePulledMessage("Successfully pulled image \"nginx\" in 12.3s");
    EXPECT_TRUE(oldest.recognized);
    EXPECT_NEAR(*oldest.seconds, 12.3, 1e-9);
    EXPECT_FALSE(oldest.secondsIncludingWaiting.has_value());
}

TEST(PulledMessage, ReadsAnImageAlreadyPresentAndRejectsOthers)
{
    const PulledMessage present =
        parsePulledMessage("Container image \"kserve/storage-initializer:v0.15.0\" already present on machine");
    EXPECT_TRUE(present.recognized);
    EXPECT_TRUE(present.alreadyPresent);
    EXPECT_EQ(present.image, "kserve/storage-initializer:v0.15.0");
    EXPECT_FALSE(present.seconds.has_value());

    for (const char *text : {"Pulling image \"x\"", "", "Successfully pulled image \"x", "Successfully pulled image \"x\" in soon"})
        EXPECT_FALSE(parsePulledMessage(text).recognized) << text;
}

TEST(ScaleUpMessage, ReadsNodeGroups)
{
    // falcosecurity/test-infra#333 fixture.
    const auto groups = parseScaleUpMessage("pod triggered scale-up: [{eks-acbbb95d-8f23-5104-2f0b-00defe6f32a8 3->6 (max: 10)}]");
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].group, "eks-acbbb95d-8f23-5104-2f0b-00defe6f32a8");
    EXPECT_EQ(groups[0].from, 3);
    EXPECT_EQ(groups[0].to, 6);
    EXPECT_EQ(groups[0].max, 10);

    const auto two = parseScaleUpMessage("pod triggered scale-up: [{h100 1->2 (max: 3)} {a100 0->1 (max: 2)}]");
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[1].group, "a100");
    EXPECT_TRUE(parseScaleUpMessage("pod didn't trigger scale-up: 1 max node group size reached").empty());
    EXPECT_TRUE(parseScaleUpMessage("pod triggered scale-up: [{broken").empty());
}

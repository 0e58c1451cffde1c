// GPU devices of one node and the pods on them: pods keep their devices,
// newcomers take the lowest free ones, and a pod that does not fit waits.

#include "backend/fleet/gpuslots.h"

#include <gtest/gtest.h>

using gantry::fleet::GpuSlots;

namespace {

std::vector<std::string> holders(const GpuSlots &slots)
{
    std::vector<std::string> result;
    for (int i = 0; i < slots.size(); ++i)
        result.push_back(slots.holder(i));
    return result;
}

} // namespace

TEST(GpuSlots, PodsKeepTheirDevices)
{
    GpuSlots slots;
    slots.resize(4);
    slots.place("a", 2);
    slots.place("b", 1);
    EXPECT_EQ(holders(slots), (std::vector<std::string>{"a", "a", "b", ""}));
    slots.release("a");
    EXPECT_EQ(holders(slots), (std::vector<std::string>{"", "", "b", ""}));
    slots.place("c", 3);
    EXPECT_EQ(holders(slots), (std::vector<std::string>{"c", "c", "b", "c"}));
    // Placing again with the same count is a no-op, not a move.
    slots.place("b", 1);
    EXPECT_EQ(slots.holder(2), "b");
    EXPECT_EQ(slots.holder(-1), "");
    EXPECT_EQ(slots.holder(4), "");
}

TEST(GpuSlots, AWaitingPodTakesFreedDevicesInArrivalOrder)
{
    GpuSlots slots;
    slots.resize(2);
    slots.place("a", 2);
    slots.place("b", 1);
    slots.place("c", 1);
    EXPECT_EQ(holders(slots), (std::vector<std::string>{"a", "a"}));
    slots.release("a");
    EXPECT_EQ(holders(slots), (std::vector<std::string>{"b", "c"}));
    ASSERT_EQ(slots.requests().size(), 2u);
    EXPECT_EQ(slots.requests()[0].first, "b");
}

TEST(GpuSlots, ResizingKeepsWhatStillFits)
{
    GpuSlots slots;
    slots.place("a", 1); // no devices yet: it waits
    EXPECT_EQ(slots.size(), 0);
    slots.resize(2);
    EXPECT_EQ(holders(slots), (std::vector<std::string>{"a", ""}));
    slots.place("b", 1);
    slots.resize(1);
    EXPECT_EQ(holders(slots), (std::vector<std::string>{"a"}));
    slots.release("a");
    EXPECT_EQ(holders(slots), (std::vector<std::string>{"b"}));
    slots.resize(1'000'000);
    EXPECT_EQ(slots.size(), GpuSlots::maxDevices);
    slots.resize(-3);
    EXPECT_EQ(slots.size(), 0);
}

// Cancellation: the flag copies share, and the wake-ups that let a waiting
// request stop at once instead of polling the flag.
#include "backend/kube/cancellation.h"

#include <gtest/gtest.h>

#include <thread>

using gantry::kube::Cancellation;

TEST(Cancellation, CopiesShareTheFlagAndWakeTheirSubscribers)
{
    Cancellation original;
    const Cancellation copy = original;
    int woken = 0;
    int unsubscribedWoken = 0;
    {
        const auto gone = copy.onCancel([&] { ++unsubscribedWoken; });
    }
    const auto subscription = copy.onCancel([&] { ++woken; });
    EXPECT_FALSE(copy.isCancelled());
    std::thread canceller([&] { original.cancel(); });
    canceller.join();
    EXPECT_TRUE(copy.isCancelled());
    EXPECT_EQ(woken, 1);
    EXPECT_EQ(unsubscribedWoken, 0) << "a subscription that ended is never called";

    // Subscribing after the fact wakes at once: no request waits on a cancelled flag.
    int late = 0;
    const auto lateSubscription = copy.onCancel([&] { ++late; });
    EXPECT_EQ(late, 1);
    EXPECT_FALSE(Cancellation().isCancelled()) << "a new Cancellation has its own flag";
}

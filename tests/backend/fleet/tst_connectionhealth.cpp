// How fresh the console's picture is, from the informers' states: the words the
// connection bar and the wall screen's stale banner show.
#include "backend/fleet/connectionhealth.h"

#include <gtest/gtest.h>

using namespace gantry;
using namespace std::chrono_literals;
using fleet::ConnectionHealth;
using kube::InformerState;
using kube::ObjectKind;

namespace {

const auto t0 = std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 365 * 56);

kube::KindStatus kind(ObjectKind k, InformerState state, std::chrono::system_clock::time_point since,
                      std::uint64_t lists = 1)
{
    kube::KindStatus status;
    status.kind = k;
    status.status.state = state;
    status.status.since = since;
    status.status.lists = lists;
    return status;
}

} // namespace

TEST(ConnectionHealth, AllWatchingIsLive)
{
    const auto health = fleet::assessConnection(
        {kind(ObjectKind::Node, InformerState::Live, t0), kind(ObjectKind::Pod, InformerState::Live, t0 + 2s)}, t0 + 10s);
    EXPECT_EQ(health.state, ConnectionHealth::State::Live);
    EXPECT_EQ(health.summary, "Live");
    EXPECT_EQ(health.since, t0 + 2s);
    EXPECT_TRUE(health.problem.empty());
}

TEST(ConnectionHealth, FirstSyncShowsProgressWithTheServersTotal)
{
    auto pods = kind(ObjectKind::Pod, InformerState::Syncing, t0, 0);
    pods.status.listed = 12000;
    pods.status.listTotal = 20000;
    const auto health
        = fleet::assessConnection({kind(ObjectKind::Node, InformerState::Live, t0), pods}, t0 + 3s);
    EXPECT_EQ(health.state, ConnectionHealth::State::Syncing);
    EXPECT_EQ(health.summary, "Syncing pods 12,000 / 20,000");

    pods.status.listTotal.reset(); // a server that does not count
    EXPECT_EQ(fleet::assessConnection({kind(ObjectKind::Node, InformerState::Live, t0), pods}, t0 + 3s).summary,
              "Syncing pods 12,000");
}

TEST(ConnectionHealth, NothingListedYetIsConnecting)
{
    const auto health = fleet::assessConnection(
        {kind(ObjectKind::Node, InformerState::Syncing, t0, 0), kind(ObjectKind::Pod, InformerState::Stopped, t0, 0)},
        t0 + 1s);
    EXPECT_EQ(health.state, ConnectionHealth::State::Connecting);
    EXPECT_EQ(health.summary, "Connecting…");
}

TEST(ConnectionHealth, AFailedWatchReconnectsThenGoesStaleAfterTwoRefreshIntervals)
{
    auto pods = kind(ObjectKind::Pod, InformerState::Reconnecting, t0);
    pods.status.lastError = "connection refused";
    const std::vector<kube::KindStatus> kinds = {kind(ObjectKind::Node, InformerState::Live, t0 - 60s), pods};

    const auto early = fleet::assessConnection(kinds, t0 + 12s, 15s);
    EXPECT_EQ(early.state, ConnectionHealth::State::Reconnecting);
    EXPECT_EQ(early.summary, "Reconnecting 12 s");
    EXPECT_EQ(early.problem, "Pod: connection refused");
    EXPECT_EQ(early.since, t0);

    const auto late = fleet::assessConnection(kinds, t0 + 3min + 5s, 15s);
    EXPECT_EQ(late.state, ConnectionHealth::State::Stale);
    EXPECT_EQ(late.summary, "Stale 3 min");
    EXPECT_EQ(late.since, t0);

    // Exactly twice the interval is already stale.
    EXPECT_EQ(fleet::assessConnection(kinds, t0 + 30s, 15s).state, ConnectionHealth::State::Stale);
    EXPECT_EQ(fleet::assessConnection(kinds, t0 + 29s, 15s).state, ConnectionHealth::State::Reconnecting);
}

TEST(ConnectionHealth, TheLongestOutageNamesTheProblem)
{
    auto pods = kind(ObjectKind::Pod, InformerState::Reconnecting, t0 + 20s);
    pods.status.lastError = "timeout";
    auto nodes = kind(ObjectKind::Node, InformerState::Reconnecting, t0);
    nodes.status.lastError = "401 Unauthorized";
    const auto health = fleet::assessConnection({pods, nodes}, t0 + 25s);
    EXPECT_EQ(health.problem, "Node: 401 Unauthorized");
    EXPECT_EQ(health.summary, "Reconnecting 25 s");
}

TEST(ConnectionHealth, AbsentKindsAreListedButDoNotSpoilLive)
{
    const auto health = fleet::assessConnection({kind(ObjectKind::Node, InformerState::Live, t0),
                                                 kind(ObjectKind::InferenceService, InformerState::NotInstalled, t0),
                                                 kind(ObjectKind::Job, InformerState::Forbidden, t0)},
                                                t0 + 1s);
    EXPECT_EQ(health.state, ConnectionHealth::State::Live);
    EXPECT_EQ(health.absent, (std::vector<std::string>{"InferenceService not installed", "Job forbidden"}));
}

TEST(ConnectionHealth, AgesAndCountsReadNaturally)
{
    EXPECT_EQ(fleet::describeAge(0s), "0 s");
    EXPECT_EQ(fleet::describeAge(59s), "59 s");
    EXPECT_EQ(fleet::describeAge(60s), "1 min");
    EXPECT_EQ(fleet::describeAge(3600s), "1 h");
    EXPECT_EQ(fleet::describeAge(2h + 5min + 3s), "2 h 5 min");
    EXPECT_EQ(fleet::describeAge(-5s), "0 s");
    EXPECT_EQ(fleet::groupThousands(0), "0");
    EXPECT_EQ(fleet::groupThousands(999), "999");
    EXPECT_EQ(fleet::groupThousands(1000), "1,000");
    EXPECT_EQ(fleet::groupThousands(20000), "20,000");
    EXPECT_EQ(fleet::groupThousands(1234567), "1,234,567");
}

// The advice beside the target field: the busiest ready replica's load, the
// peak kept across snapshots, the cold-start p95, and what is said when
// metrics or starts are missing.

#include "widgets/scaling/scalingguidance.h"

#include <QTest>

using namespace gantry;

namespace {

fleet::Replica replica(const char *name, bool ready, std::optional<double> running, std::optional<double> waiting = {})
{
    fleet::Replica r;
    r.name = name;
    r.ready = ready;
    r.requestsRunning = running;
    r.requestsWaiting = waiting;
    return r;
}

fleet::ColdStartStats statsOf(const char *ns, const char *name, std::size_t count, double p95)
{
    fleet::ColdStartStats stats;
    stats.namespaceName = ns;
    stats.inferenceService = name;
    stats.count = count;
    stats.total.count = count;
    stats.total.p95 = p95;
    return stats;
}

} // namespace

class TestScalingGuidance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theBusiestReadyReplicaCounts()
    {
        fleet::Deployment deployment;
        deployment.replicas = {replica("a", true, 12), replica("b", true, 22, 3), replica("c", false, 40),
                               replica("d", true, std::nullopt)};
        const auto load = busiestReplicaLoad(deployment);
        QVERIFY(load);
        QCOMPARE(load->running, 22.0);
        QVERIFY(load->queued);

        deployment.replicas = {replica("a", true, 5, 2), replica("b", true, 9)};
        QCOMPARE(busiestReplicaLoad(deployment)->running, 9.0);
        QVERIFY2(busiestReplicaLoad(deployment)->queued, "a queue anywhere means replicas are at their limit");

        deployment.replicas = {replica("c", false, 40), replica("d", true, std::nullopt)};
        QVERIFY(!busiestReplicaLoad(deployment));
    }

    void thePeakIsKeptAcrossSnapshots()
    {
        ReplicaLoad peak = peakLoad(std::nullopt, {10, false});
        peak = peakLoad(peak, {22, false});
        peak = peakLoad(peak, {4, true});
        QCOMPARE(peak.running, 22.0);
        QVERIFY(peak.queued);
    }

    void statsAreFoundByNamespaceAndName()
    {
        fleet::ColdStartsSnapshot snapshot;
        snapshot.stats = {statsOf("", "", 9, 100), statsOf("default", "llama", 8, 250), statsOf("team", "llama", 1, 30),
                          statsOf("default", "idle", 0, 0)};
        const fleet::ColdStartStats *found = coldStartStatsOf(snapshot, "default", "llama");
        QVERIFY(found);
        QCOMPARE(found->total.p95, 250.0);
        QCOMPARE(coldStartStatsOf(snapshot, "team", "llama")->count, std::size_t(1));
        QVERIFY2(!coldStartStatsOf(snapshot, "default", "idle"), "no completed start: nothing to say");
        QVERIFY(!coldStartStatsOf(snapshot, "default", "absent"));
    }

    void theAdviceReadsAsSentences()
    {
        const fleet::ColdStartStats stats = statsOf("default", "llama", 12, 250);
        QCOMPARE(scalingGuidance(ReplicaLoad{22, false}, &stats),
                 QStringLiteral("Each replica has handled up to ~22 concurrent requests at once. "
                                "A new replica takes p95 4m10s to serve (12 starts)."));
        QCOMPARE(scalingGuidance(ReplicaLoad{3.5, true}, &stats),
                 QStringLiteral("Each replica has handled up to ~3.5 concurrent requests at once, with requests "
                                "queuing: about its limit. A new replica takes p95 4m10s to serve (12 starts)."));
        const QString unknown = scalingGuidance(std::nullopt, nullptr);
        QVERIFY(unknown.contains(QStringLiteral("No ready replica reports serving metrics")));
        QVERIFY(unknown.contains(QStringLiteral("No start of this model completed recently")));
    }
};

QTEST_MAIN(TestScalingGuidance)
#include "tst_scalingguidance.moc"

// A pool card shows the pool's figures, in words an operator reads at a glance.
#include "widgets/pools/poolcard.h"

#include "common/testoutput.h"
#include "poolsfixture.h"

#include <QTest>

using gantry::PoolCard;
using namespace gantry::test;

class TestPoolCard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsThePoolsFigures()
    {
        const auto pools = threePools();
        PoolCard card;
        card.setPool(pools->pools[1]); // h100: 5 of 8 allocated, one replica provisioning, 8 pending
        QCOMPARE(card.poolName(), QStringLiteral("h100"));
        QCOMPARE(card.productText(), QStringLiteral("NVIDIA-H100-80GB-HBM3"));
        QCOMPARE(card.allocationText(), QStringLiteral("5 / 8"));
        QCOMPARE(card.pendingText(), QStringLiteral("+8 GPUs pending"));
        QCOMPARE(card.nodeCountsText(), QStringLiteral("1 ready · 1 provisioning · 0 not ready · 0 cordoned"));
        // Mean of the seven GPUs with a reading: (96 + 95 + 97 + 94 + 22 + 0 + 0) / 7 = 57.7.
        QCOMPARE(card.utilizationText(), QStringLiteral("58 %"));
        QVERIFY(card.accessibleDescription().contains(QStringLiteral("+8 GPUs pending")));

        card.setPool(pools->pools[0]);
        QCOMPARE(card.allocationText(), QStringLiteral("6 / 16"));
        QCOMPARE(card.pendingText(), QStringLiteral("No GPUs pending"));
        QCOMPARE(card.nodeCountsText(), QStringLiteral("1 ready · 0 provisioning · 1 not ready · 0 cordoned"));
    }

    void degradesWithoutReadingsOrLabels()
    {
        auto pool = std::make_shared<gantry::fleet::GpuPool>();
        pool->name = "unlabelled";
        pool->gpusTotal = 4;
        pool->gpusAllocated = 2.5;
        pool->pendingGpuDemand = 1;
        pool->nodesUnknown = 2;
        PoolCard card;
        card.setPool(pool);
        QCOMPARE(card.utilizationText(), QStringLiteral("—"));
        QCOMPARE(card.productText(), QStringLiteral("GPU product not labelled"));
        QCOMPARE(card.allocationText(), QStringLiteral("2.5 / 4"));
        QCOMPARE(card.pendingText(), QStringLiteral("+1 GPU pending"));
        QVERIFY(card.nodeCountsText().endsWith(QStringLiteral("2 unknown")));
    }

    void rendersLegibly()
    {
        const auto pools = threePools();
        PoolCard card;
        card.setPool(pools->pools[1]);
        card.resize(card.sizeHint());
        const QImage image = saveRender(&card, QStringLiteral("pools-card-h100"));
        QVERIFY(distinctColours(image) >= 16);
        // Tall enough for the big figures: more than six lines of body text.
        QVERIFY(card.sizeHint().height() > card.fontMetrics().height() * 6);
    }
};

QTEST_MAIN(TestPoolCard)
#include "tst_poolcard.moc"

// The palette's ranking, table-driven: what matches, and which of two entries
// ranks higher for a query.
#include "widgets/palette/palettematch.h"

#include <QTest>

using namespace gantry;

class TestPaletteMatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matches_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("detail");
        QTest::addColumn<bool>("matches");
        QTest::newRow("empty query") << "" << "chat" << "" << true;
        QTest::newRow("prefix") << "cha" << "chat" << "" << true;
        QTest::newRow("case") << "CHAT" << "chat" << "" << true;
        QTest::newRow("inside") << "70b" << "llama-3.1-70b" << "" << true;
        QTest::newRow("letters in order") << "l70" << "llama-3.1-70b" << "" << true;
        QTest::newRow("letters out of order") << "07l" << "llama-3.1-70b" << "" << false;
        QTest::newRow("detail only") << "knative" << "chat" << "default · Knative" << true;
        QTest::newRow("every word") << "chat knative" << "chat" << "default · Knative" << true;
        QTest::newRow("one word missing") << "chat standard" << "chat" << "default · Knative" << false;
        QTest::newRow("not there") << "h200" << "chat" << "default · Knative" << false;
        QTest::newRow("spaces only") << "   " << "chat" << "" << true;
    }

    void matches()
    {
        QFETCH(QString, query);
        QFETCH(QString, title);
        QFETCH(QString, detail);
        QFETCH(bool, matches);
        QCOMPARE(paletteMatchScore(query, title, detail) > 0, matches);
    }

    void ranking_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("better");
        QTest::addColumn<QString>("worse");
        QTest::newRow("prefix beats word start") << "node" << "node-1" << "gpu-node-1";
        QTest::newRow("word start beats inside") << "node" << "gpu-node-1" << "gpunode-1";
        QTest::newRow("inside beats letters") << "h100" << "pool-h100" << "h-1-0-0";
        QTest::newRow("title beats detail") << "h100" << "h100-0" << "chat";
        QTest::newRow("shorter among equals") << "chat" << "chat" << "chat-canary";
    }

    void ranking()
    {
        QFETCH(QString, query);
        QFETCH(QString, better);
        QFETCH(QString, worse);
        const QString detail = QStringLiteral("pool h100");
        QVERIFY2(paletteMatchScore(query, better, detail) > paletteMatchScore(query, worse, detail),
                 qPrintable(QStringLiteral("%1: %2 vs %3").arg(paletteMatchScore(query, better, detail))
                                .arg(paletteMatchScore(query, worse, detail))
                                .arg(worse)));
    }
};

QTEST_APPLESS_MAIN(TestPaletteMatch)
#include "tst_palettematch.moc"

// The command palette: its model under QAbstractItemModelTester, narrowed and
// capped as the user types; the popup driven by keys as a user would, choosing
// with Enter, skipping what is unavailable, closing with Escape.
#include "common/testoutput.h"
#include "widgets/palette/commandpalette.h"
#include "widgets/palette/palettemodel.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTest>

using namespace gantry;

namespace {

PaletteEntries sampleEntries()
{
    using Kind = PaletteEntry::Kind;
    return {
        {Kind::Page, QStringLiteral("GPU pools"), QStringLiteral("Page · Ctrl+1"), QStringLiteral("page:0"), {}},
        {Kind::Page, QStringLiteral("Models"), QStringLiteral("Page · Ctrl+2"), QStringLiteral("page:1"), {}},
        {Kind::Action, QStringLiteral("Deploy model…"), QStringLiteral("A new InferenceService"), QStringLiteral("action:deploy"),
         QStringLiteral("Read-only connection")},
        {Kind::Model, QStringLiteral("chat"), QStringLiteral("default · Knative · 2/10 ready · weights from hub"),
         QStringLiteral("model:default/chat"), {}},
        {Kind::Action, QStringLiteral("Scale chat…"), QStringLiteral("default · replicas and autoscaling"),
         QStringLiteral("action:scale:default/chat"), QStringLiteral("Read-only connection")},
        {Kind::Model, QStringLiteral("reasoning"), QStringLiteral("default · Standard · 2/2 ready · weights from shared volume"),
         QStringLiteral("model:default/reasoning"), {}},
        {Kind::Pool, QStringLiteral("h100"), QStringLiteral("NVIDIA-H100-80GB-HBM3 · 1 nodes ready"), QStringLiteral("pool:h100"), {}},
        {Kind::Node, QStringLiteral("h100-0"), QStringLiteral("h100 · ready · 2 / 8 GPUs allocated"), QStringLiteral("node:h100-0"), {}},
    };
}

} // namespace

class TestCommandPalette : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelNarrowsRanksAndCaps()
    {
        PaletteModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries(sampleEntries());
        QCOMPARE(model.rowCount(), 8);
        model.setQuery(QStringLiteral("h100"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0).data(PaletteModel::IdRole).toString(), QStringLiteral("pool:h100")); // shorter title first
        model.setQuery(QStringLiteral("chat"));
        QCOMPARE(model.index(0).data(PaletteModel::IdRole).toString(), QStringLiteral("model:default/chat"));
        const QModelIndex scale = model.index(1);
        QCOMPARE(scale.data(PaletteModel::IdRole).toString(), QStringLiteral("action:scale:default/chat"));
        QVERIFY(!(model.flags(scale) & Qt::ItemIsEnabled));
        QCOMPARE(scale.data(Qt::ToolTipRole).toString(), QStringLiteral("Read-only connection"));
        model.setQuery(QStringLiteral("nothing-like-this"));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.matchCount(), 0);

        // Thousands of nodes: the list keeps the best maxResults, the count says how many matched.
        PaletteEntries many;
        for (int i = 0; i < 5000; ++i)
            many.append({PaletteEntry::Kind::Node, QStringLiteral("gpu-node-%1").arg(i, 4, 10, QLatin1Char('0')), QString(),
                         QStringLiteral("node:%1").arg(i), {}});
        model.setEntries(many);
        model.setQuery(QStringLiteral("node"));
        QCOMPARE(model.matchCount(), 5000);
        QCOMPARE(model.rowCount(), PaletteModel::maxResults);
        model.setQuery(QStringLiteral("node-4711"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0).data().toString(), QStringLiteral("gpu-node-4711"));
    }

    void keysDriveThePopup()
    {
        QWidget window;
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        CommandPalette palette(&window);
        QSignalSpy activated(&palette, &CommandPalette::activated);
        palette.popup(sampleEntries());
        QVERIFY(palette.isVisible());
        QCOMPARE(palette.queryEdit()->text(), QString());
        QCOMPARE(palette.currentId(), QStringLiteral("page:0"));

        QTest::keyClicks(palette.queryEdit(), QStringLiteral("chat"));
        QCOMPARE(palette.currentId(), QStringLiteral("model:default/chat"));
        // Down skips the unavailable "Scale chat…"; there is nothing after it, so it stays.
        QTest::keyClick(palette.queryEdit(), Qt::Key_Down);
        QCOMPARE(palette.currentId(), QStringLiteral("model:default/chat"));
        test::saveRender(&palette, QStringLiteral("command-palette"));
        QTest::keyClick(palette.queryEdit(), Qt::Key_Return);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("model:default/chat"));
        QVERIFY(!palette.isVisible());

        // Reopened: the query starts empty again; letters in order find the node.
        palette.popup(sampleEntries());
        QTest::keyClicks(palette.queryEdit(), QStringLiteral("h1000"));
        QCOMPARE(palette.currentId(), QStringLiteral("node:h100-0"));
        QTest::keyClicks(palette.queryEdit(), QStringLiteral("zz"));
        QCOMPARE(palette.currentId(), QString());
        QVERIFY(palette.findChild<QLabel *>(QStringLiteral("paletteCount"))->text().contains(QStringLiteral("Nothing matches")));
        QTest::keyClick(palette.queryEdit(), Qt::Key_Return); // nothing to choose: nothing happens
        QCOMPARE(activated.size(), 1);
        QTest::keyClick(palette.queryEdit(), Qt::Key_Escape);
        QVERIFY(!palette.isVisible());
        QCOMPARE(activated.size(), 1);
    }
};

QTEST_MAIN(TestCommandPalette)
#include "tst_commandpalette.moc"

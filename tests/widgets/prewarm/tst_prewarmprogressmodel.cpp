// Per-node prewarm progress as rows: fractions, states in words, and updates
// of the same nodes as one dataChanged rather than a reset.

#include "widgets/prewarm/prewarmprogressmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace gantry;
using State = actions::NodePrewarmProgress::State;

namespace {

actions::NodePrewarmProgress node(const char *name, State state, std::optional<double> fraction = {}, const char *line = "")
{
    actions::NodePrewarmProgress progress;
    progress.node = name;
    progress.object = std::string("prewarm-") + name;
    progress.state = state;
    progress.fraction = fraction;
    progress.lastLogLine = line;
    return progress;
}

} // namespace

class TestPrewarmProgressModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsFollowTheNodes()
    {
        PrewarmProgressModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setProgress({node("a", State::Pending), node("b", State::Running, 0.25, "prewarm: read 4/16 GiB")});
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, PrewarmProgressModel::ProgressColumn).data(PrewarmProgressModel::FractionRole).toDouble(),
                 -1.0);
        QCOMPARE(model.index(1, PrewarmProgressModel::ProgressColumn).data().toString(), QStringLiteral("25 %"));
        QCOMPARE(model.index(1, PrewarmProgressModel::StateColumn).data().toString(), QStringLiteral("warming"));
        QCOMPARE(model.index(1, PrewarmProgressModel::DetailColumn).data().toString(),
                 QStringLiteral("prewarm: read 4/16 GiB"));
        QVERIFY(!model.allFinished());

        model.setProgress({node("a", State::Succeeded, 1.0), node("b", State::Running, 0.75)});
        QCOMPARE(resets.count(), 1);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(changes.at(0).at(0).toModelIndex(), model.index(0, 0));
        QCOMPARE(changes.at(0).at(1).toModelIndex(), model.index(1, PrewarmProgressModel::ColumnCount - 1));
        QCOMPARE(model.succeeded(), 1);

        model.setProgress({node("a", State::Succeeded, 1.0), node("b", State::Failed, 0.75)});
        QVERIFY(model.allFinished());
        QCOMPARE(model.index(1, PrewarmProgressModel::StateColumn).data().toString(), QStringLiteral("failed"));

        model.setProgress({node("c", State::Missing)});
        QCOMPARE(resets.count(), 2);
        QCOMPARE(model.index(0, PrewarmProgressModel::StateColumn).data().toString(), QStringLiteral("cancelled or gone"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY2(!model.allFinished(), "nothing started is not finished");
    }
};

QTEST_MAIN(TestPrewarmProgressModel)
#include "tst_prewarmprogressmodel.moc"

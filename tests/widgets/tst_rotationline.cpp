// The wall screen's rotation line: fills with the page's elapsed share, clamps
// what it is given, and repaints only when the filled width moves a pixel.
#include "widgets/rotationline.h"

#include <QTest>

using namespace gantry;

namespace {

class CountingLine : public RotationLine
{
public:
    int paints = 0;

protected:
    void paintEvent(QPaintEvent *event) override
    {
        ++paints;
        RotationLine::paintEvent(event);
    }
};

} // namespace

class TestRotationLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fillsAndRepaintsOnlyWhenItMoves()
    {
        CountingLine line;
        line.resize(200, 3);
        line.show();
        QVERIFY(QTest::qWaitForWindowExposed(&line));
        QTRY_VERIFY(line.paints > 0);
        const int settled = line.paints;

        line.setFraction(0.5);
        QCOMPARE(line.filledWidth(), 100);
        QTRY_COMPARE(line.paints, settled + 1);
        line.setFraction(0.501); // the same pixel: nothing to paint
        QTest::qWait(50);
        QCOMPARE(line.paints, settled + 1);

        line.setFraction(7);
        QCOMPARE(line.fraction(), 1.0);
        QCOMPARE(line.filledWidth(), 200);
        line.setFraction(-1);
        QCOMPARE(line.filledWidth(), 0);
        line.setFraction(std::numeric_limits<double>::quiet_NaN());
        QCOMPARE(line.fraction(), 0.0);
    }
};

QTEST_MAIN(TestRotationLine)
#include "tst_rotationline.moc"

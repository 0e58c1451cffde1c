#include "widgets/connectionbar.h"

#include "common/testoutput.h"

#include <QLabel>
#include <QTest>

using gantry::ConnectionBar;

class TestConnectionBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsNotConnected()
    {
        ConnectionBar bar;
        QCOMPARE(bar.state(), ConnectionBar::State::NotConnected);
        auto *label = bar.findChild<QLabel *>(QStringLiteral("connectionState"));
        QVERIFY(label);
        QCOMPARE(label->text(), QStringLiteral("Not connected"));
        QCOMPARE(bar.findChild<QLabel *>(QStringLiteral("connectionContext"))->text(),
                 QStringLiteral("No cluster selected"));
    }

    void showsStateAndContext()
    {
        ConnectionBar bar;
        bar.setState(ConnectionBar::State::Live, QStringLiteral("gantry-admin"));
        QCOMPARE(bar.findChild<QLabel *>(QStringLiteral("connectionState"))->text(), QStringLiteral("Live"));
        QCOMPARE(bar.findChild<QLabel *>(QStringLiteral("connectionContext"))->text(),
                 QStringLiteral("gantry-admin"));
        bar.resize(600, 32);
        const QImage image = gantry::test::saveRender(&bar, QStringLiteral("connectionbar-live"));
        QVERIFY(gantry::test::distinctColours(image) > 4);
    }
};

QTEST_MAIN(TestConnectionBar)
#include "tst_connectionbar.moc"

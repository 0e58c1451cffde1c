#include "widgets/demo/presenterbar.h"

#include "common/testoutput.h"
#include "widgets/models/darkpalette.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using gantry::PresenterBar;

namespace {

QToolButton *button(const PresenterBar &bar, const QString &name)
{
    auto *found = bar.findChild<QToolButton *>(name);
    if (!found)
        qFatal("no button %s", qPrintable(name));
    return found;
}

} // namespace

class TestPresenterBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void playButtonAsksForTheOtherState()
    {
        PresenterBar bar;
        QSignalSpy requested(&bar, &PresenterBar::playingRequested);
        QToolButton *play = button(bar, QStringLiteral("playPause"));
        const QString pausedTip = play->toolTip();

        QTest::mouseClick(play, Qt::LeftButton);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.at(0).at(0).toBool(), true);
        // Only asked: the bar shows playing once it is told so.
        QVERIFY(!bar.isPlaying());

        bar.setPlaying(true);
        QVERIFY(bar.isPlaying());
        QVERIFY(play->toolTip() != pausedTip);
        QTest::mouseClick(play, Qt::LeftButton);
        QCOMPARE(requested.size(), 2);
        QCOMPARE(requested.at(1).at(0).toBool(), false);
    }

    void speedButtonsAskForTheirSpeed()
    {
        PresenterBar bar;
        QSignalSpy requested(&bar, &PresenterBar::speedRequested);
        QCOMPARE(PresenterBar::speedChoices(), (QList<double>{1, 5, 20, 60}));
        for (double speed : PresenterBar::speedChoices()) {
            QToolButton *choice = button(bar, QStringLiteral("speed%1").arg(speed));
            QCOMPARE(choice->text(), QString::number(speed) + QStringLiteral("×"));
            QTest::mouseClick(choice, Qt::LeftButton);
            QCOMPARE(requested.last().at(0).toDouble(), speed);
        }
        QCOMPARE(requested.size(), 4);
    }

    void speedShownIsTheOneSet()
    {
        PresenterBar bar;
        bar.setSpeed(5);
        QCOMPARE(bar.selectedSpeed(), 5.0);
        QVERIFY(button(bar, QStringLiteral("speed5"))->isChecked());
        bar.setSpeed(60);
        QCOMPARE(bar.selectedSpeed(), 60.0);
        QVERIFY(!button(bar, QStringLiteral("speed5"))->isChecked());
        // A speed chosen elsewhere (the command line's --speed 7) selects no button.
        bar.setSpeed(7);
        QCOMPARE(bar.selectedSpeed(), 0.0);
        for (double speed : PresenterBar::speedChoices())
            QVERIFY(!button(bar, QStringLiteral("speed%1").arg(speed))->isChecked());
        bar.setSpeed(1);
        QCOMPARE(bar.selectedSpeed(), 1.0);
    }

    void nextBeatNamesWhereItJumps()
    {
        PresenterBar bar;
        QSignalSpy requested(&bar, &PresenterBar::nextBeatRequested);
        QToolButton *next = button(bar, QStringLiteral("nextBeat"));
        QVERIFY(!next->isEnabled()); // nothing to jump to yet

        bar.setNextBeat(QStringLiteral("Traffic spike on chat"));
        QVERIFY(next->isEnabled());
        QVERIFY2(next->toolTip().contains(QStringLiteral("Traffic spike on chat")), qPrintable(next->toolTip()));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(requested.size(), 1);

        bar.setNextBeat({});
        QVERIFY(!next->isEnabled());
        QVERIFY(!next->toolTip().contains(QStringLiteral("Traffic spike")));
    }

    void restartCaptionsAndScenarioAsk()
    {
        PresenterBar bar;
        QSignalSpy restart(&bar, &PresenterBar::restartRequested);
        QSignalSpy captions(&bar, &PresenterBar::captionsToggled);
        QSignalSpy picker(&bar, &PresenterBar::scenarioPickerRequested);

        QTest::mouseClick(button(bar, QStringLiteral("restart")), Qt::LeftButton);
        QCOMPARE(restart.size(), 1);

        QToolButton *captionsButton = button(bar, QStringLiteral("captions"));
        QVERIFY(captionsButton->isChecked());
        QTest::mouseClick(captionsButton, Qt::LeftButton);
        QCOMPARE(captions.size(), 1);
        QCOMPARE(captions.at(0).at(0).toBool(), false);
        // Told from outside: shown, without echoing a request back.
        bar.setCaptionsShown(true);
        QVERIFY(captionsButton->isChecked());
        QCOMPARE(captions.size(), 1);

        QToolButton *scenario = button(bar, QStringLiteral("scenario"));
        bar.setScenarioName(QStringLiteral("AI factory"));
        QVERIFY(scenario->text().startsWith(QStringLiteral("AI factory")));
        QTest::mouseClick(scenario, Qt::LeftButton);
        QCOMPARE(picker.size(), 1);
    }

    void clockShowsSimulatedTime()
    {
        PresenterBar bar;
        bar.setSimulatedTime(750, 3600);
        QCOMPARE(bar.clockText(), QStringLiteral("t = 12:30 of 60:00"));
        QCOMPARE(bar.findChild<QLabel *>(QStringLiteral("simulatedClock"))->text(), bar.clockText());
        bar.setSimulatedTime(61, 0);
        QCOMPARE(bar.clockText(), QStringLiteral("t = 01:01"));
    }

    void fitsAToolbarInBothThemes()
    {
        for (const bool dark : {false, true}) {
            PresenterBar bar;
            if (dark)
                bar.setPalette(gantry::test::darkPalette());
            bar.setAutoFillBackground(true);
            bar.setPlaying(true);
            bar.setSpeed(20);
            bar.setSimulatedTime(750, 3600);
            bar.setNextBeat(QStringLiteral("Out of H100s"));
            bar.setScenarioName(QStringLiteral("AI factory"));
            bar.resize(bar.sizeHint());
            bar.show();
            QVERIFY(QTest::qWaitForWindowExposed(&bar));
            // Compact: one toolbar row, and narrower than a laptop screen.
            QVERIFY2(bar.sizeHint().height() <= 40, qPrintable(QString::number(bar.sizeHint().height())));
            QVERIFY2(bar.sizeHint().width() <= 900, qPrintable(QString::number(bar.sizeHint().width())));
            const QImage image = gantry::test::saveRender(&bar, dark ? QStringLiteral("presenterbar-dark")
                                                                    : QStringLiteral("presenterbar-light"));
            QVERIFY(gantry::test::distinctColours(image) > 8);
        }
    }
};

QTEST_MAIN(TestPresenterBar)
#include "tst_presenterbar.moc"

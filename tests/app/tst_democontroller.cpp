// The demo's remote against the in-process gantry-sim playing factory.yaml:
// fast-forwarding to the story's beats, pausing, speed, and the presenter's
// widgets wired to it as the main window wires them.

#include "app/democontroller.h"
#include "sim/factory/factory.h"
#include "sim/simulator.h"
#include "widgets/demo/captionoverlay.h"
#include "widgets/demo/demoformat.h"
#include "widgets/demo/presenterbar.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include <httplib.h>

#include <limits>
#include <memory>

using namespace gantry;

namespace {

sim::Scenario shippedFactory()
{
    QFile file(QStringLiteral(":/gantry/scenarios/factory.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("factory.yaml is not compiled in");
    auto loaded = sim::parseScenario(file.readAll().toStdString(), "factory.yaml");
    if (!loaded.scenario)
        qFatal("factory.yaml does not load");
    return *loaded.scenario;
}

/// Waits for the API server's first answer. Stopping a server whose listening
/// thread has not begun yet would wait for that thread forever, and these tests
/// start and stop many servers quickly.
void waitUntilServing(sim::Simulator &simulator)
{
    httplib::SSLClient client("127.0.0.1", simulator.server().port());
    client.enable_server_certificate_verification(false);
    for (int attempt = 0; attempt < 200; ++attempt) {
        if (client.Get("/version"))
            return;
        QTest::qWait(50);
    }
    qFatal("the simulator's API server does not answer");
}

/// A started simulator playing factory.yaml; speed 0 leaves the clock still
/// until the test or the controller moves it.
std::unique_ptr<sim::Simulator> startSimulator(double speed = 0)
{
    sim::SimulatorOptions options;
    options.scenario = shippedFactory();
    options.speed = speed;
    auto simulator = std::make_unique<sim::Simulator>(options);
    std::string error;
    if (!simulator->start(&error))
        qFatal("the simulator did not start: %s", error.c_str());
    waitUntilServing(*simulator);
    return simulator;
}

/// Fast-forwards to the next beat and waits until it lands.
bool jumpToNextBeat(DemoController &controller)
{
    controller.nextBeat();
    if (!controller.isJumping())
        return false;
    return QTest::qWaitFor([&] { return !controller.isJumping(); }, 60000);
}

/// How far simulated time moves in `ms` of real time.
double advanceOver(const DemoController &controller, int ms)
{
    const double before = controller.simulatedTime();
    QTest::qWait(ms);
    return controller.simulatedTime() - before;
}

} // namespace

class TestDemoController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheStoryFromTheScenario()
    {
        const auto simulator = startSimulator();
        DemoController controller(simulator.get());
        const sim::Scenario scenario = shippedFactory();
        QCOMPARE(controller.scenarioName(), QString::fromStdString(scenario.name));
        QCOMPARE(controller.duration(), scenario.durationSeconds);
        QCOMPARE(controller.captionCount(), int(scenario.captions.size()));
        QVERIFY(controller.captionCount() >= 3);
        QCOMPARE(controller.simulatedTime(), 0.0);
        QVERIFY(!controller.isPlaying()); // speed 0: nobody started the factory
        // factory.yaml's first caption is at 0s, so it shows from the start.
        QCOMPARE(controller.currentCaption(), 0);
        QCOMPARE(controller.nextCaption(), 1);
        QCOMPARE(controller.captionTitle(0), QString::fromStdString(scenario.captions[0].title));
        QVERIFY(controller.captionTitle(99).isEmpty());
        QVERIFY(controller.captionTitle(-1).isEmpty());
    }

    void nextBeatJumpsToEachCaption()
    {
        const auto simulator = startSimulator();
        DemoController controller(simulator.get());
        const sim::Scenario scenario = shippedFactory();
        QSignalSpy captions(&controller, &DemoController::captionChanged);
        QSignalSpy nextBeats(&controller, &DemoController::nextBeatChanged);
        QSignalSpy times(&controller, &DemoController::simulatedTimeChanged);
        QSignalSpy jumping(&controller, &DemoController::jumpingChanged);

        for (std::size_t beat = 1; beat < scenario.captions.size(); ++beat) {
            QElapsedTimer timer;
            timer.start();
            controller.nextBeat();
            QVERIFY(controller.isJumping());
            QCOMPARE(nextBeats.last().at(0).toString(), QString()); // no second jump meanwhile
            controller.nextBeat(); // ignored while the first runs
            QTRY_VERIFY_WITH_TIMEOUT(!controller.isJumping(), 60000);
            QCOMPARE(jumping.size(), int(2 * beat));
            const auto &caption = scenario.captions[beat];
            if (beat == 2)
                qInfo("fast-forward to %s took %lld ms", caption.title.c_str(), static_cast<long long>(timer.elapsed()));
            // Lands on the caption's time, not a step past it.
            QVERIFY(controller.simulatedTime() >= caption.at);
            QVERIFY(controller.simulatedTime() < caption.at + sim::Factory::stepSeconds);
            QCOMPARE(controller.currentCaption(), int(beat));

            QCOMPARE(captions.size(), int(beat));
            const QList<QVariant> announced = captions.last();
            QCOMPARE(announced.at(0).toString(), QString::fromStdString(caption.title));
            QCOMPARE(announced.at(1).toString(), QString::fromStdString(caption.text));
            QCOMPARE(announced.at(2).toInt(), int(beat));
            QCOMPARE(announced.at(3).toInt(), int(scenario.captions.size()));
            const QString following = beat + 1 < scenario.captions.size()
                ? QString::fromStdString(scenario.captions[beat + 1].title)
                : QString();
            QCOMPARE(nextBeats.last().at(0).toString(), following);
            QCOMPARE(times.last().at(0).toDouble(), controller.simulatedTime());
            QCOMPARE(times.last().at(1).toDouble(), scenario.durationSeconds);
        }
        QVERIFY(!controller.isPlaying()); // paused before, paused after

        // The story is told: another beat does nothing.
        QCOMPARE(controller.nextCaption(), -1);
        const double end = controller.simulatedTime();
        controller.nextBeat();
        QVERIFY(!controller.isJumping());
        QCOMPARE(controller.simulatedTime(), end);
        QCOMPARE(captions.size(), int(scenario.captions.size()) - 1);
    }

    void captionsFollowTimeMovedElsewhere()
    {
        // The clock moves without the controller (the factory playing on its
        // own thread, here stepped by the test): the poll notices the crossing.
        const auto simulator = startSimulator();
        DemoController controller(simulator.get());
        const sim::Scenario scenario = shippedFactory();
        QSignalSpy captions(&controller, &DemoController::captionChanged);
        simulator->factory()->runFor(scenario.captions[1].at + 1);
        QTRY_COMPARE_WITH_TIMEOUT(captions.size(), 1, 2000);
        QCOMPARE(captions.first().at(0).toString(), QString::fromStdString(scenario.captions[1].title));
        QCOMPARE(controller.currentCaption(), 1);
        // No crossing, no announcement: the poll stays quiet while time moves within a beat.
        simulator->factory()->runFor(5);
        QTest::qWait(600);
        QCOMPARE(captions.size(), 1);
    }

    void pauseStopsTheClock()
    {
        const auto simulator = startSimulator();
        DemoController controller(simulator.get());
        QSignalSpy playing(&controller, &DemoController::playingChanged);
        controller.setSpeed(60);
        controller.play();
        QVERIFY(controller.isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(controller.simulatedTime() >= 5, 5000);

        controller.pause();
        QVERIFY(!controller.isPlaying());
        QCOMPARE(advanceOver(controller, 500), 0.0);
        QCOMPARE(playing.size(), 2);
        QCOMPARE(playing.at(0).at(0).toBool(), true);
        QCOMPARE(playing.at(1).at(0).toBool(), false);

        // Pausing twice is one pause.
        controller.pause();
        QCOMPARE(playing.size(), 2);
        controller.play();
        QTRY_VERIFY_WITH_TIMEOUT(advanceOver(controller, 100) > 0, 5000);
        controller.pause();
    }

    void speedSetsHowFastTheClockRuns()
    {
        const auto simulator = startSimulator(1);
        DemoController controller(simulator.get());
        QVERIFY(controller.isPlaying()); // started by the simulator itself
        QCOMPARE(controller.speed(), 1.0);
        QSignalSpy speeds(&controller, &DemoController::speedChanged);

        const double slow = advanceOver(controller, 1000);
        QVERIFY2(slow <= 2.5, qPrintable(QString::number(slow)));

        controller.setSpeed(60);
        QCOMPARE(controller.speed(), 60.0);
        QCOMPARE(simulator->factory()->speed(), 60.0);
        QCOMPARE(speeds.size(), 1);
        const double fast = advanceOver(controller, 1000);
        QVERIFY2(fast >= 8 && fast > 3 * slow, qPrintable(QStringLiteral("%1 vs %2").arg(fast).arg(slow)));

        // Nonsense speeds are refused; the speed in force stays.
        controller.setSpeed(0);
        controller.setSpeed(-5);
        controller.setSpeed(std::numeric_limits<double>::quiet_NaN());
        QCOMPARE(controller.speed(), 60.0);
        QCOMPARE(speeds.size(), 1);

        // The speed chosen while paused is the one play() uses.
        controller.pause();
        controller.setSpeed(5);
        controller.play();
        QCOMPARE(simulator->factory()->speed(), 5.0);
    }

    void nextBeatWhilePlayingCarriesOnPlaying()
    {
        const auto simulator = startSimulator(1);
        DemoController controller(simulator.get());
        const sim::Scenario scenario = shippedFactory();
        QSignalSpy playing(&controller, &DemoController::playingChanged);
        QVERIFY(jumpToNextBeat(controller));
        QVERIFY(controller.isPlaying());
        QCOMPARE(playing.size(), 0); // the jump is not a pause the presenter sees
        QCOMPARE(controller.currentCaption(), 1);
        // Landed on the caption (the loop at 1× adds at most a step or two meanwhile).
        QVERIFY(controller.simulatedTime() >= scenario.captions[1].at);
        QVERIFY(controller.simulatedTime() <= scenario.captions[1].at + 2);
        QTRY_VERIFY_WITH_TIMEOUT(controller.simulatedTime() > scenario.captions[1].at + 1, 5000);
    }

    void playAndPauseDuringAJumpApplyWhenItLands()
    {
        const auto simulator = startSimulator();
        DemoController controller(simulator.get());
        const sim::Scenario scenario = shippedFactory();
        QSignalSpy playing(&controller, &DemoController::playingChanged);
        controller.nextBeat();
        QVERIFY(controller.isJumping());
        controller.play();
        QVERIFY(controller.isPlaying()); // as the presenter sees it
        QCOMPARE(playing.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isJumping(), 60000);
        QVERIFY(simulator->factory()->running());
        QVERIFY(controller.simulatedTime() < scenario.captions[1].at + 2); // landed, then played on

        controller.nextBeat();
        controller.pause();
        QVERIFY(!controller.isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isJumping(), 60000);
        QVERIFY(!simulator->factory()->running());
        QCOMPARE(controller.currentCaption(), 2);
        QCOMPARE(playing.size(), 2);
    }

    void destroyingMidJumpStopsIt()
    {
        const auto simulator = startSimulator();
        const sim::Scenario scenario = shippedFactory();
        const double last = scenario.captions.back().at;
        // Just past the last-but-one caption: minutes of simulated time to go.
        simulator->factory()->runFor(scenario.captions[scenario.captions.size() - 2].at + 1);
        auto controller = std::make_unique<DemoController>(simulator.get());
        controller->nextBeat();
        QVERIFY(controller->isJumping());
        // Giving up at once cancels the remaining steps instead of waiting for all of them.
        controller.reset();
        QVERIFY2(simulator->clock().elapsedSeconds() < last, qPrintable(QString::number(simulator->clock().elapsedSeconds())));
        QVERIFY(!simulator->factory()->running());
    }

    void restartAndScenarioAreRequests()
    {
        const auto simulator = startSimulator();
        DemoController controller(simulator.get());
        QSignalSpy restart(&controller, &DemoController::restartRequested);
        QSignalSpy scenario(&controller, &DemoController::scenarioRequested);
        QVERIFY(jumpToNextBeat(controller));
        controller.restart();
        QCOMPARE(restart.size(), 1);
        QVERIFY(controller.simulatedTime() > 0); // the owner restarts, not the controller
        controller.requestScenario(QStringLiteral("node-failure.yaml"));
        controller.requestScenario({});
        QCOMPARE(scenario.size(), 1);
        QCOMPARE(scenario.first().at(0).toString(), QStringLiteral("node-failure.yaml"));
    }

    void withoutAFactoryNothingHappens()
    {
        DemoController none(nullptr);
        none.play();
        none.nextBeat();
        none.setSpeed(20);
        none.announce();
        QVERIFY(!none.isPlaying());
        QCOMPARE(none.simulatedTime(), 0.0);
        QCOMPARE(none.captionCount(), 0);
        QCOMPARE(none.nextCaption(), -1);

        sim::Simulator empty; // an API server with no scenario
        std::string error;
        QVERIFY(empty.start(&error));
        waitUntilServing(empty);
        DemoController controller(&empty);
        controller.play();
        controller.nextBeat();
        QVERIFY(!controller.isPlaying());
        QCOMPARE(controller.currentCaption(), -1);
        QVERIFY(controller.scenarioName().isEmpty());
    }

    void drivesThePresenterWidgets()
    {
        // Wired as the main window wires them: the bar asks, the controller
        // acts, and both the bar and the caption card show the outcome.
        const auto simulator = startSimulator();
        const sim::Scenario scenario = shippedFactory();
        DemoController controller(simulator.get());
        QWidget page;
        page.resize(900, 500);
        PresenterBar bar;
        auto *overlay = new CaptionOverlay(&page);
        overlay->setAnimated(false);
        connect(&bar, &PresenterBar::playingRequested, &controller, &DemoController::setPlaying);
        connect(&bar, &PresenterBar::speedRequested, &controller, &DemoController::setSpeed);
        connect(&bar, &PresenterBar::nextBeatRequested, &controller, &DemoController::nextBeat);
        connect(&bar, &PresenterBar::restartRequested, &controller, &DemoController::restart);
        connect(&bar, &PresenterBar::captionsToggled, overlay, &CaptionOverlay::setCaptionsEnabled);
        connect(&controller, &DemoController::playingChanged, &bar, &PresenterBar::setPlaying);
        connect(&controller, &DemoController::speedChanged, &bar, &PresenterBar::setSpeed);
        connect(&controller, &DemoController::simulatedTimeChanged, &bar, &PresenterBar::setSimulatedTime);
        connect(&controller, &DemoController::nextBeatChanged, &bar, &PresenterBar::setNextBeat);
        connect(&controller, &DemoController::captionChanged, overlay, &CaptionOverlay::setCaption);
        page.show();
        bar.show();
        controller.announce();

        QCOMPARE(overlay->title(), QString::fromStdString(scenario.captions[0].title));
        QVERIFY(overlay->isVisible());
        QCOMPARE(bar.nextBeatTitle(), QString::fromStdString(scenario.captions[1].title));
        QCOMPARE(bar.clockText(), demoformat::clockLine(0, scenario.durationSeconds));

        QToolButton *next = bar.findChild<QToolButton *>(QStringLiteral("nextBeat"));
        QTest::mouseClick(next, Qt::LeftButton);
        QVERIFY(!next->isEnabled()); // while the factory fast-forwards
        QTRY_VERIFY_WITH_TIMEOUT(!controller.isJumping(), 60000);
        QVERIFY(next->isEnabled());
        QCOMPARE(overlay->title(), QString::fromStdString(scenario.captions[1].title));
        QCOMPARE(overlay->beatText(), QStringLiteral("Beat 2 of %1").arg(scenario.captions.size()));
        QCOMPARE(bar.clockText(), demoformat::clockLine(scenario.captions[1].at, scenario.durationSeconds));
        QCOMPARE(bar.nextBeatTitle(), QString::fromStdString(scenario.captions[2].title));

        QTest::mouseClick(bar.findChild<QToolButton *>(QStringLiteral("speed5")), Qt::LeftButton);
        QCOMPARE(controller.speed(), 5.0);
        QTest::mouseClick(bar.findChild<QToolButton *>(QStringLiteral("playPause")), Qt::LeftButton);
        QVERIFY(controller.isPlaying());
        QVERIFY(bar.isPlaying());
        QTest::mouseClick(bar.findChild<QToolButton *>(QStringLiteral("playPause")), Qt::LeftButton);
        QVERIFY(!controller.isPlaying());
        QVERIFY(!bar.isPlaying());
    }
};

QTEST_MAIN(TestDemoController)
#include "tst_democontroller.moc"

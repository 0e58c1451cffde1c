// One replica's cold start as steps: done with durations in the order they
// happened, the running phase with its time so far, phases a finished start did
// not need, merged spans, and Ready.

#include "widgets/deploy/coldstartsteps.h"

#include "common/testoutput.h"

#include <QApplication>
#include <QTest>

using gantry::ColdStartSteps;
using gantry::SystemTime;
using gantry::fleet::ColdStart;
using gantry::fleet::ColdStartPhase;
using gantry::fleet::PhaseSpan;
using State = ColdStartSteps::StepState;

namespace {

const SystemTime t0 = SystemTime(std::chrono::seconds(1'700'000'000));

SystemTime at(int seconds)
{
    return t0 + std::chrono::seconds(seconds);
}

PhaseSpan span(ColdStartPhase phase, int from, std::optional<int> to, ColdStartPhase last)
{
    PhaseSpan s;
    s.phase = phase;
    s.lastPhase = last;
    s.start = at(from);
    if (to)
        s.end = at(*to);
    return s;
}

PhaseSpan span(ColdStartPhase phase, int from, std::optional<int> to)
{
    return span(phase, from, to, phase);
}

// A hub download on a node that had capacity: no provisioning, the download running.
ColdStart downloading()
{
    ColdStart start;
    start.podName = "qwen-predictor-1";
    start.created = t0;
    start.phases = {span(ColdStartPhase::WaitingForCapacity, 0, 2), span(ColdStartPhase::ImagePull, 2, 44),
                    span(ColdStartPhase::ModelDownload, 44, std::nullopt)};
    return start;
}

} // namespace

class TestColdStartSteps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aStartInProgressShowsDoneRunningSkippedAndToCome()
    {
        const QList<ColdStartSteps::Step> steps = ColdStartSteps::stepsOf(downloading(), at(104));
        QCOMPARE(steps.size(), 7);
        QCOMPARE(steps[0].state, State::Done);
        QCOMPARE(steps[0].detail, QStringLiteral("2.0s"));
        QCOMPARE(steps[1].phase, ColdStartPhase::ImagePull);
        QCOMPARE(steps[1].detail, QStringLiteral("42s"));
        QCOMPARE(steps[2].state, State::Running);
        QCOMPARE(steps[2].detail, QStringLiteral("1m00s so far"));
        // Without a verdict nothing is "not needed" yet: the rest is to come, in phase order.
        QCOMPARE(steps[3].phase, ColdStartPhase::NodeProvisioning);
        QCOMPARE(steps[3].state, State::Upcoming);
        QCOMPARE(steps[4].phase, ColdStartPhase::WeightLoad);
        QCOMPARE(steps[4].state, State::Upcoming);
        QCOMPARE(steps[6].phase, ColdStartPhase::Ready);
        QCOMPARE(steps[6].state, State::Upcoming);
    }

    void stepsFollowWhatHappenedFirst()
    {
        // The storage-initializer downloads before the serving image is pulled.
        ColdStart start;
        start.created = t0;
        start.phases = {span(ColdStartPhase::WaitingForCapacity, 0, 1), span(ColdStartPhase::ModelDownload, 1, 31),
                        span(ColdStartPhase::ImagePull, 31, std::nullopt)};
        const QList<ColdStartSteps::Step> steps = ColdStartSteps::stepsOf(start, at(40));
        QCOMPARE(steps[1].phase, ColdStartPhase::ModelDownload);
        QCOMPARE(steps[1].state, State::Done);
        QCOMPARE(steps[2].phase, ColdStartPhase::ImagePull);
        QCOMPARE(steps[2].state, State::Running);
        QCOMPARE(steps.size(), 7);
    }

    void mergedSpansAreOneStepAndReadyEndsIt()
    {
        ColdStart start = downloading();
        start.phases.back().end = at(74);
        PhaseSpan merged = span(ColdStartPhase::WeightLoad, 74, 130, ColdStartPhase::EngineWarmup);
        merged.inferred = true;
        start.phases.push_back(merged);
        start.complete = true;
        start.ready = at(130);
        ColdStartSteps view;
        view.setColdStart(start, at(200));
        const QStringList texts = view.stepTexts();
        QCOMPARE(texts.size(), 6);
        QCOMPARE(texts[1], QStringLiteral("node provisioning: not needed"));
        QCOMPARE(texts[4], QStringLiteral("weight load → engine warm-up: 56s"));
        QVERIFY(view.steps()[4].inferred);
        QCOMPARE(texts[5], QStringLiteral("ready: after 2m10s"));
    }

    void itPaintsEveryStep()
    {
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(13);
        QApplication::setFont(font);
        ColdStartSteps view;
        view.setColdStart(downloading(), at(104));
        view.resize(view.sizeHint());
        QCOMPARE(view.sizeHint().height(), 7 * (view.fontMetrics().height() + 10));
        const QImage image = gantry::test::saveRender(&view, QStringLiteral("coldstartsteps"));
        QVERIFY(gantry::test::distinctColours(image) > 6);
    }
};

QTEST_MAIN(TestColdStartSteps)
#include "tst_coldstartsteps.moc"

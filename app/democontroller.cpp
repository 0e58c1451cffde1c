#include "app/democontroller.h"

#include "sim/factory/factory.h"
#include "sim/factory/factorycontext.h"
#include "sim/simulator.h"

#include <QMetaObject>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace gantry {

namespace {

// Four readings a second keep the clock lively at 60× without waking the CPU often.
constexpr int pollIntervalMs = 250;
// Caption times are read from text; a hair of slack absorbs rounding in the clock's sums.
constexpr double timeSlack = 1e-6;

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

DemoController::DemoController(sim::Simulator *simulator, QObject *parent)
    : QObject(parent)
    , m_simulator(simulator)
    , m_factory(simulator ? simulator->factory() : nullptr)
    , m_pollTimer(new QTimer(this))
{
    if (m_factory)
        m_speed = m_factory->speed() > 0 ? m_factory->speed() : 1;
    m_caption = captionAt(simulatedTime());
    m_lastTime = simulatedTime();
    m_pollTimer->setInterval(pollIntervalMs);
    m_pollTimer->setTimerType(Qt::CoarseTimer);
    connect(m_pollTimer, &QTimer::timeout, this, &DemoController::poll);
    if (m_factory)
        m_pollTimer->start();
}

DemoController::~DemoController()
{
    m_cancelJump = true;
    if (m_jump.joinable())
        m_jump.join();
}

const sim::Scenario *DemoController::scenario() const
{
    return m_factory ? &m_factory->context().scenario : nullptr;
}

bool DemoController::isPlaying() const
{
    return m_jumping ? m_playAfterJump : m_factory && m_factory->running();
}

double DemoController::simulatedTime() const
{
    return m_simulator ? m_simulator->clock().elapsedSeconds() : 0;
}

double DemoController::duration() const
{
    return scenario() ? scenario()->durationSeconds : 0;
}

QString DemoController::scenarioName() const
{
    return scenario() ? fromStd(scenario()->name) : QString();
}

int DemoController::captionCount() const
{
    return scenario() ? static_cast<int>(scenario()->captions.size()) : 0;
}

QString DemoController::captionTitle(int index) const
{
    return index >= 0 && index < captionCount() ? fromStd(scenario()->captions[index].title) : QString();
}

QString DemoController::captionText(int index) const
{
    return index >= 0 && index < captionCount() ? fromStd(scenario()->captions[index].text) : QString();
}

int DemoController::captionAt(double seconds) const
{
    if (!scenario())
        return -1;
    const auto &captions = scenario()->captions;
    // Captions are sorted by time on load; the shown one is the last whose time has come.
    const auto after = std::upper_bound(captions.begin(), captions.end(), seconds + timeSlack,
                                        [](double t, const sim::Scenario::Caption &caption) { return t < caption.at; });
    return static_cast<int>(after - captions.begin()) - 1;
}

int DemoController::nextCaption() const
{
    const int next = captionAt(simulatedTime()) + 1;
    return next < captionCount() ? next : -1;
}

void DemoController::play()
{
    setPlaying(true);
}

void DemoController::pause()
{
    setPlaying(false);
}

void DemoController::setPlaying(bool playing)
{
    if (!m_factory || playing == isPlaying())
        return;
    if (m_jumping) {
        // The factory's loop stays stopped until the jump lands; then this applies.
        m_playAfterJump = playing;
        Q_EMIT playingChanged(playing);
        return;
    }
    // Pausing stops the factory's loop outright: the clock holds still and the
    // CPU rests, and playing again starts it afresh at the chosen speed.
    if (playing)
        m_factory->start(m_speed);
    else
        m_factory->stop();
    Q_EMIT playingChanged(playing);
}

void DemoController::setSpeed(double speed)
{
    if (!(speed > 0) || !std::isfinite(speed) || speed == m_speed)
        return;
    m_speed = speed;
    if (m_factory)
        m_factory->setSpeed(speed);
    Q_EMIT speedChanged(speed);
}

void DemoController::nextBeat()
{
    const int next = nextCaption();
    if (!m_factory || next < 0 || m_jumping)
        return;
    m_playAfterJump = isPlaying();
    // The loop and the jump would both advance the clock; stop the loop so the
    // jump lands on the caption's time and not a few steps past it.
    m_factory->stop();
    const double gap = scenario()->captions[next].at - simulatedTime();
    const int steps = static_cast<int>(std::ceil(gap / sim::Factory::stepSeconds - timeSlack));
    m_jumping = true;
    m_cancelJump = false;
    Q_EMIT jumpingChanged(true);
    Q_EMIT nextBeatChanged({}); // one jump at a time
    m_jump = std::thread([this, steps] {
        for (int i = 0; i < steps && !m_cancelJump; ++i)
            m_factory->step();
        QMetaObject::invokeMethod(this, &DemoController::finishJump, Qt::QueuedConnection);
    });
}

void DemoController::finishJump()
{
    if (m_jump.joinable())
        m_jump.join();
    m_jumping = false;
    if (m_playAfterJump)
        m_factory->start(m_speed);
    poll();
    Q_EMIT nextBeatChanged(captionTitle(nextCaption()));
    Q_EMIT jumpingChanged(false);
}

void DemoController::announce()
{
    Q_EMIT playingChanged(isPlaying());
    Q_EMIT speedChanged(m_speed);
    m_lastTime = simulatedTime();
    Q_EMIT simulatedTimeChanged(m_lastTime, duration());
    m_caption = captionAt(m_lastTime);
    if (m_caption >= 0)
        Q_EMIT captionChanged(captionTitle(m_caption), captionText(m_caption), m_caption, captionCount());
    Q_EMIT nextBeatChanged(captionTitle(nextCaption()));
}

void DemoController::restart()
{
    Q_EMIT restartRequested();
}

void DemoController::requestScenario(const QString &file)
{
    if (!file.isEmpty())
        Q_EMIT scenarioRequested(file);
}

void DemoController::poll()
{
    const double now = simulatedTime();
    if (now == m_lastTime)
        return;
    m_lastTime = now;
    Q_EMIT simulatedTimeChanged(now, duration());
    const int caption = captionAt(now);
    if (caption == m_caption)
        return;
    m_caption = caption;
    if (caption >= 0)
        Q_EMIT captionChanged(captionTitle(caption), captionText(caption), caption, captionCount());
    // During a jump "Next beat" stays off until it lands (finishJump).
    if (!m_jumping)
        Q_EMIT nextBeatChanged(captionTitle(nextCaption()));
}

} // namespace gantry

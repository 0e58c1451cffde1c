#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <thread>

class QTimer;

namespace gantry::sim {
class Factory;
class Simulator;
struct Scenario;
}

namespace gantry {

/// The presenter's remote for the in-process demo cluster: plays, pauses,
/// changes speed and fast-forwards the simulated factory, and follows the
/// scenario's story, announcing each caption as simulated time reaches it.
///
/// Lives on the UI thread and reads the simulator's clock a few times a second
/// (the factory runs on a thread of its own and has no signals). It must not
/// outlive the simulator it was given. Restart and scenario changes are only
/// requested here: whoever owns the simulator recreates it.
class DemoController : public QObject
{
    Q_OBJECT

public:
    /// Follows `simulator`'s factory; without one (no scenario) every verb does nothing.
    explicit DemoController(sim::Simulator *simulator, QObject *parent = nullptr);
    ~DemoController() override;

    /// Playing, or about to play again once a fast-forward is done.
    bool isPlaying() const;
    /// nextBeat() is fast-forwarding.
    bool isJumping() const { return m_jumping; }
    /// Simulated seconds per real second, used whenever the factory plays.
    double speed() const { return m_speed; }
    /// Seconds of simulated time since the scenario started.
    double simulatedTime() const;
    /// The scenario's length in simulated seconds; 0 when it runs until stopped.
    double duration() const;
    QString scenarioName() const;

    int captionCount() const;
    /// The caption shown now (the last one whose time has come); -1 before the first.
    int currentCaption() const { return m_caption; }
    QString captionTitle(int index) const;
    QString captionText(int index) const;
    /// The caption nextBeat() jumps to; -1 when the story has no beat left.
    int nextCaption() const;

public Q_SLOTS:
    void play();
    void pause();
    void setPlaying(bool playing);
    /// Any speed above 0; the presenter bar offers 1, 5, 20 and 60.
    void setSpeed(double speed);
    /// Runs the factory, as fast as the machine allows, up to the next caption's
    /// time, then carries on as before (playing or paused). The steps run on a
    /// worker thread, so a big scenario does not freeze the window meanwhile.
    void nextBeat();
    /// Emits every current state, for views connected after construction.
    void announce();
    void restart();
    void requestScenario(const QString &file);

Q_SIGNALS:
    void playingChanged(bool playing);
    void speedChanged(double speed);
    /// At most a few times a second, and only when simulated time moved.
    void simulatedTimeChanged(double seconds, double durationSeconds);
    /// Simulated time reached caption `index` (from 0) of `count`.
    void captionChanged(const QString &title, const QString &text, int index, int count);
    /// The title of the caption nextBeat() jumps to; "" when none is left.
    void nextBeatChanged(const QString &title);
    void jumpingChanged(bool jumping);
    void restartRequested();
    void scenarioRequested(const QString &file);

private:
    void poll();
    void finishJump();
    int captionAt(double seconds) const;
    const sim::Scenario *scenario() const;

    sim::Simulator *m_simulator = nullptr;
    sim::Factory *m_factory = nullptr;
    QTimer *m_pollTimer = nullptr;
    double m_speed = 1;
    double m_lastTime = -1;
    int m_caption = -1;

    std::thread m_jump;
    std::atomic<bool> m_cancelJump{false};
    bool m_jumping = false;
    bool m_playAfterJump = false;
};

} // namespace gantry

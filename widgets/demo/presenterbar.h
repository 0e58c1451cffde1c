#pragma once

#include <QList>
#include <QWidget>

class QButtonGroup;
class QLabel;
class QToolButton;

namespace gantry {

/// The demo's remote control, compact enough for a toolbar: play/pause, speed,
/// "Next beat", restart, the simulated clock, captions on/off and the scenario.
/// It only asks (signals) and shows what it is told (slots), so whatever runs
/// the demo stays behind it.
class PresenterBar : public QWidget
{
    Q_OBJECT

public:
    explicit PresenterBar(QWidget *parent = nullptr);

    /// The speeds offered, in simulated seconds per real second.
    static QList<double> speedChoices();

    bool isPlaying() const { return m_playing; }
    /// The speed shown as selected; 0 when the speed is none of the choices.
    double selectedSpeed() const;
    QString clockText() const;
    QString nextBeatTitle() const { return m_nextBeatTitle; }

public Q_SLOTS:
    void setPlaying(bool playing);
    void setSpeed(double speed);
    void setSimulatedTime(double seconds, double durationSeconds);
    /// The caption "Next beat" jumps to; "" when the story has no beat left.
    void setNextBeat(const QString &title);
    void setCaptionsShown(bool shown);
    void setScenarioName(const QString &name);

Q_SIGNALS:
    void playingRequested(bool playing);
    void speedRequested(double speed);
    void nextBeatRequested();
    void restartRequested();
    void captionsToggled(bool shown);
    void scenarioPickerRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    QToolButton *makeButton(const QString &objectName, const QString &toolTip);
    void updatePlayButton();
    void updateIcons();

    bool m_playing = false;
    QString m_nextBeatTitle;
    QToolButton *m_playButton = nullptr;
    QButtonGroup *m_speedGroup = nullptr;
    QToolButton *m_nextBeatButton = nullptr;
    QToolButton *m_restartButton = nullptr;
    QLabel *m_clockLabel = nullptr;
    QToolButton *m_captionsButton = nullptr;
    QToolButton *m_scenarioButton = nullptr;
};

} // namespace gantry

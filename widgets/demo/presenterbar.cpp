#include "widgets/demo/presenterbar.h"

#include "widgets/demo/demoformat.h"

#include "widgets/demo/transportglyph.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

#include <cmath>

namespace gantry {

namespace {

QFrame *separator(QWidget *parent)
{
    auto *line = new QFrame(parent);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    return line;
}

} // namespace

PresenterBar::PresenterBar(QWidget *parent)
    : QWidget(parent)
    , m_speedGroup(new QButtonGroup(this))
    , m_clockLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("presenterBar"));

    m_playButton = makeButton(QStringLiteral("playPause"), {});
    connect(m_playButton, &QToolButton::clicked, this, [this] { Q_EMIT playingRequested(!m_playing); });

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->setSpacing(4);
    layout->addWidget(m_playButton);

    // One exclusive row of small buttons: every speed visible, one click away.
    const QList<double> speeds = speedChoices();
    for (int i = 0; i < speeds.size(); ++i) {
        QToolButton *button = makeButton(QStringLiteral("speed%1").arg(speeds[i]),
                                         tr("Run the factory at %1 real time").arg(demoformat::speed(speeds[i])));
        button->setText(demoformat::speed(speeds[i]));
        button->setCheckable(true);
        m_speedGroup->addButton(button, i);
        layout->addWidget(button);
    }
    connect(m_speedGroup, &QButtonGroup::idClicked, this, [this](int id) { Q_EMIT speedRequested(speedChoices().value(id)); });

    layout->addWidget(separator(this));
    m_nextBeatButton = makeButton(QStringLiteral("nextBeat"), {});
    m_nextBeatButton->setText(tr("Next beat"));
    m_nextBeatButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_nextBeatButton, &QToolButton::clicked, this, &PresenterBar::nextBeatRequested);
    layout->addWidget(m_nextBeatButton);

    m_restartButton = makeButton(QStringLiteral("restart"), tr("Restart the scenario from the beginning"));
    connect(m_restartButton, &QToolButton::clicked, this, &PresenterBar::restartRequested);
    layout->addWidget(m_restartButton);

    layout->addWidget(separator(this));
    m_clockLabel->setObjectName(QStringLiteral("simulatedClock"));
    m_clockLabel->setToolTip(tr("Simulated time since the scenario started"));
    // Wide enough for the longest usual reading, so the bar does not jitter as digits change.
    m_clockLabel->setMinimumWidth(m_clockLabel->fontMetrics().horizontalAdvance(demoformat::clockLine(5999, 5999)) + 8);
    m_clockLabel->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_clockLabel);

    layout->addWidget(separator(this));
    m_captionsButton = makeButton(QStringLiteral("captions"), tr("Show the story's captions over the page"));
    m_captionsButton->setText(tr("Captions"));
    m_captionsButton->setCheckable(true);
    m_captionsButton->setChecked(true);
    connect(m_captionsButton, &QToolButton::clicked, this, &PresenterBar::captionsToggled);
    layout->addWidget(m_captionsButton);

    m_scenarioButton = makeButton(QStringLiteral("scenario"), tr("Play another scenario"));
    m_scenarioButton->setText(tr("Scenario…"));
    connect(m_scenarioButton, &QToolButton::clicked, this, &PresenterBar::scenarioPickerRequested);
    layout->addWidget(m_scenarioButton);

    setSimulatedTime(0, 0);
    setNextBeat({});
    updateIcons();
}

QList<double> PresenterBar::speedChoices()
{
    return {1, 5, 20, 60};
}

QToolButton *PresenterBar::makeButton(const QString &objectName, const QString &toolTip)
{
    auto *button = new QToolButton(this);
    button->setObjectName(objectName);
    button->setToolTip(toolTip);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::TabFocus);
    return button;
}

double PresenterBar::selectedSpeed() const
{
    return m_speedGroup->checkedId() < 0 ? 0 : speedChoices().value(m_speedGroup->checkedId());
}

QString PresenterBar::clockText() const
{
    return m_clockLabel->text();
}

void PresenterBar::setPlaying(bool playing)
{
    m_playing = playing;
    updatePlayButton();
}

void PresenterBar::setSpeed(double speed)
{
    const QList<double> speeds = speedChoices();
    int match = -1;
    for (int i = 0; i < speeds.size(); ++i) {
        if (std::abs(speeds[i] - speed) < 1e-9)
            match = i;
    }
    // An exclusive group cannot show "none of these"; lift that for a speed set elsewhere.
    m_speedGroup->setExclusive(match >= 0);
    for (QAbstractButton *button : m_speedGroup->buttons())
        button->setChecked(m_speedGroup->id(button) == match);
    m_speedGroup->setExclusive(true);
}

void PresenterBar::setSimulatedTime(double seconds, double durationSeconds)
{
    m_clockLabel->setText(demoformat::clockLine(seconds, durationSeconds));
}

void PresenterBar::setNextBeat(const QString &title)
{
    m_nextBeatTitle = title;
    m_nextBeatButton->setEnabled(!title.isEmpty());
    m_nextBeatButton->setToolTip(title.isEmpty() ? tr("The story has no beat left")
                                                 : tr("Fast-forward to the next beat: %1").arg(title));
}

void PresenterBar::setCaptionsShown(bool shown)
{
    m_captionsButton->setChecked(shown);
}

void PresenterBar::setScenarioName(const QString &name)
{
    m_scenarioButton->setText(name.isEmpty() ? tr("Scenario…") : name + QStringLiteral(" …"));
}

void PresenterBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        updateIcons();
    QWidget::changeEvent(event);
}

void PresenterBar::updateIcons()
{
    m_nextBeatButton->setIcon(transportGlyph(TransportGlyph::NextBeat, palette()));
    m_restartButton->setIcon(transportGlyph(TransportGlyph::Restart, palette()));
    updatePlayButton();
}

void PresenterBar::updatePlayButton()
{
    m_playButton->setIcon(transportGlyph(m_playing ? TransportGlyph::Pause : TransportGlyph::Play, palette()));
    m_playButton->setToolTip(m_playing ? tr("Pause the simulated factory")
                                       : tr("Run the simulated factory"));
}

} // namespace gantry

#include "app/demopresenter.h"

#include "app/democontroller.h"
#include "app/mainwindow.h"
#include "app/shippedscenarios.h"
#include "widgets/connectionbar.h"
#include "widgets/demo/captionoverlay.h"
#include "widgets/demo/presenterbar.h"
#include "widgets/demo/scenariopicker.h"

#include <QFileInfo>
#include <QMessageBox>
#include <QTimer>
#include <QToolBar>

namespace gantry {

DemoPresenter::DemoPresenter(MainWindow *window, ConsoleSession *session, const ConsoleOptions &options)
    : QObject(window)
    , m_window(window)
    , m_session(session)
    , m_options(options)
    , m_speed(options.demoSpeed)
{
    m_toolBar = new QToolBar(tr("Presenter"), window);
    m_toolBar->setObjectName(QStringLiteral("presenterToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setFloatable(false);
    m_bar = new PresenterBar(m_toolBar);
    m_bar->setObjectName(QStringLiteral("presenterBar"));
    m_toolBar->addWidget(m_bar);
    window->addToolBar(Qt::TopToolBarArea, m_toolBar);

    m_captions = new CaptionOverlay(window->pageArea());
    m_captions->setObjectName(QStringLiteral("captionOverlay"));
    connect(m_bar, &PresenterBar::captionsToggled, m_captions, &CaptionOverlay::setCaptionsEnabled);
    connect(m_bar, &PresenterBar::scenarioPickerRequested, this, &DemoPresenter::pickScenario);
    // Restarts are queued: the request may come from a signal of the controller
    // that the restart deletes.
    connect(m_bar, &PresenterBar::restartRequested, this, [this] { restartWith(); }, Qt::QueuedConnection);
    attachController();
}

DemoPresenter::~DemoPresenter() = default;

void DemoPresenter::attachController()
{
    auto *controller = new DemoController(m_session->simulator(), this);
    m_controller = controller;
    connect(m_bar, &PresenterBar::playingRequested, controller, &DemoController::setPlaying);
    connect(m_bar, &PresenterBar::speedRequested, controller, &DemoController::setSpeed);
    connect(m_bar, &PresenterBar::nextBeatRequested, controller, &DemoController::nextBeat);
    connect(controller, &DemoController::playingChanged, m_bar, &PresenterBar::setPlaying);
    connect(controller, &DemoController::speedChanged, m_bar, &PresenterBar::setSpeed);
    connect(controller, &DemoController::simulatedTimeChanged, m_bar, &PresenterBar::setSimulatedTime);
    connect(controller, &DemoController::nextBeatChanged, m_bar, &PresenterBar::setNextBeat);
    connect(controller, &DemoController::captionChanged, m_captions, &CaptionOverlay::setCaption);
    // Remember what the presenter chose, so a restart keeps their speed and play state.
    connect(controller, &DemoController::speedChanged, this, [this](double speed) { m_speed = speed; });
    connect(controller, &DemoController::playingChanged, this, [this](bool playing) {
        if (m_controller && !m_controller->isJumping())
            m_playing = playing;
    });
    m_bar->setScenarioName(controller->scenarioName());
    m_captions->clearCaption();
    if (m_speed > 0)
        controller->setSpeed(m_speed);
    controller->setPlaying(m_playing);
    controller->announce();
}

QString DemoPresenter::restartWith(const QString &scenario)
{
    // The controller reads the simulator that the session is about to delete.
    delete m_controller.data();
    m_captions->clearCaption();
    // Let go of every connection to the old cluster first: its server waits for them.
    m_window->setActionContext({}, m_options.namespaceName, false, QString());
    m_window->setMetricsSource(nullptr);
    ConsoleOptions options = m_options;
    if (!scenario.isEmpty())
        options.demoScenario = scenario;
    options.demoSpeed = m_speed > 0 ? m_speed : options.demoSpeed;
    QString error = m_session->start(options);
    if (!error.isEmpty() && options.demoScenario != m_options.demoScenario) {
        // The new scenario did not start: go back to the one that worked.
        const QString fallback = m_session->start(m_options);
        if (fallback.isEmpty())
            error = tr("%1\nStill playing %2.").arg(error, m_options.demoScenario);
    } else if (error.isEmpty()) {
        m_options = options;
    }
    if (m_session->simulator()) {
        m_window->setMetricsSource(m_session->metricsSource());
        m_window->setActionContext(m_session->actionContext(), m_options.namespaceName, m_session->readOnly(),
                                   m_session->readOnlyReason());
        m_window->connectionBar()->setDetails(m_session->details());
        m_window->connectionBar()->setState(ConnectionBar::State::Connecting);
        attachController();
    } else {
        m_window->showConnectionError(error);
    }
    Q_EMIT restarted(error);
    return error;
}

void DemoPresenter::pickScenario()
{
    auto *picker = new ScenarioPicker(m_window);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    picker->setEntries(shippedScenarios(), QFileInfo(m_options.demoScenario).fileName());
    connect(picker, &ScenarioPicker::scenarioChosen, this, [this](const QString &file) {
        // After the picker has closed: a restart takes a moment and must not run inside its signal.
        QTimer::singleShot(0, this, [this, file] {
            const QString error = restartWith(file);
            if (!error.isEmpty())
                QMessageBox::warning(m_window, tr("Scenario not started"), error);
        });
    });
    picker->open();
}

} // namespace gantry

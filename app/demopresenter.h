#pragma once

#include "app/consolesession.h"
#include "app/democontroller.h"

#include <QObject>
#include <QPointer>

class QToolBar;

namespace gantry {

class CaptionOverlay;
class MainWindow;
class PresenterBar;

/// Puts the demo's remote into the window: the presenter bar as a toolbar, the
/// caption card over the pages, the scenario picker, and the restart that
/// replaces the in-process cluster (same scenario or another one) while the
/// window stays open and reconnects to it through the normal client path.
class DemoPresenter : public QObject
{
    Q_OBJECT

public:
    /// `session` must already run the demo started from `options`.
    DemoPresenter(MainWindow *window, ConsoleSession *session, const ConsoleOptions &options);
    ~DemoPresenter() override;

    DemoController *controller() const { return m_controller; }
    PresenterBar *presenterBar() const { return m_bar; }
    CaptionOverlay *captionOverlay() const { return m_captions; }
    /// The scenario playing now, as it was asked for ("factory.yaml" or a path).
    QString scenario() const { return m_options.demoScenario; }

public Q_SLOTS:
    /// Starts the scenario again from its beginning; "" keeps the current one.
    /// Returns what went wrong, "" on success (the old cluster is gone either way).
    QString restartWith(const QString &scenario = {});
    void pickScenario();

Q_SIGNALS:
    /// A restart finished: the new cluster runs (`error` is empty) or did not start.
    void restarted(const QString &error);

private:
    void attachController();

    MainWindow *m_window = nullptr;
    ConsoleSession *m_session = nullptr;
    ConsoleOptions m_options;
    QToolBar *m_toolBar = nullptr;
    PresenterBar *m_bar = nullptr;
    CaptionOverlay *m_captions = nullptr;
    QPointer<DemoController> m_controller;
    double m_speed = 0;
    bool m_playing = true;
};

} // namespace gantry

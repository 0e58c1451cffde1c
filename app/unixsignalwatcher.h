#pragma once

#include <QObject>

class QSocketNotifier;

namespace gantry {

/// Turns SIGINT and SIGTERM into a Qt signal, so an operator's Ctrl+C or a
/// service manager's stop closes the window cleanly (settings saved) instead of
/// killing the process mid-write. Uses the self-pipe pattern: the C handler only
/// writes a byte; everything else runs in the event loop.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace gantry

#pragma once

#include <QWidget>

class QLabel;

namespace gantry {

/// The strip at the top of the main window: which cluster the console is talking
/// to and how fresh its picture is. Until a connection exists it says so plainly.
class ConnectionBar : public QWidget
{
    Q_OBJECT

public:
    enum class State {
        NotConnected,
        Connecting,
        Live,
    };
    Q_ENUM(State)

    explicit ConnectionBar(QWidget *parent = nullptr);

    State state() const { return m_state; }
    /// The text an operator reads, e.g. "Not connected".
    QString stateText() const;

    void setState(State state, const QString &context = {});

private:
    void updateLabels();

    State m_state = State::NotConnected;
    QString m_context;
    QLabel *m_stateDot = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_contextLabel = nullptr;
};

} // namespace gantry

#include "widgets/connectionbar.h"

#include <QHBoxLayout>
#include <QLabel>

namespace gantry {

ConnectionBar::ConnectionBar(QWidget *parent)
    : QWidget(parent)
    , m_stateDot(new QLabel(this))
    , m_stateLabel(new QLabel(this))
    , m_contextLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("connectionBar"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);

    m_stateDot->setFixedSize(10, 10);
    m_stateLabel->setObjectName(QStringLiteral("connectionState"));
    m_contextLabel->setObjectName(QStringLiteral("connectionContext"));
    m_contextLabel->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 6);
    layout->setSpacing(8);
    layout->addWidget(m_stateDot);
    layout->addWidget(m_stateLabel);
    layout->addSpacing(12);
    layout->addWidget(m_contextLabel, 1);

    updateLabels();
}

QString ConnectionBar::stateText() const
{
    switch (m_state) {
    case State::NotConnected:
        return tr("Not connected");
    case State::Connecting:
        return tr("Connecting…");
    case State::Live:
        return tr("Live");
    }
    return {};
}

void ConnectionBar::setState(State state, const QString &context)
{
    m_state = state;
    m_context = context;
    updateLabels();
}

void ConnectionBar::updateLabels()
{
    QColor dot;
    switch (m_state) {
    case State::NotConnected:
        dot = QColor(0x9a, 0x9a, 0x9a);
        break;
    case State::Connecting:
        dot = QColor(0xe0, 0xa0, 0x20);
        break;
    case State::Live:
        dot = QColor(0x2e, 0xa0, 0x43);
        break;
    }
    m_stateDot->setStyleSheet(QStringLiteral("background-color: %1; border-radius: 5px;").arg(dot.name()));
    m_stateLabel->setText(stateText());
    m_contextLabel->setText(m_context.isEmpty() ? tr("No cluster selected") : m_context);
}

} // namespace gantry

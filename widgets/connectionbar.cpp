#include "widgets/connectionbar.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>

namespace gantry {

namespace {

QLabel *badge(const QString &text, const QColor &colour, const QString &toolTip, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setToolTip(toolTip);
    label->setStyleSheet(QStringLiteral("QLabel { color: white; background-color: %1; border-radius: 3px;"
                                        " padding: 1px 6px; font-weight: 600; }")
                             .arg(colour.name()));
    label->hide();
    return label;
}

QColor dotColour(ConnectionBar::State state)
{
    switch (state) {
    case ConnectionBar::State::NotConnected:
        return {0x9a, 0x9a, 0x9a};
    case ConnectionBar::State::Connecting:
    case ConnectionBar::State::Syncing:
    case ConnectionBar::State::Reconnecting:
        return {0xe0, 0xa0, 0x20};
    case ConnectionBar::State::Live:
        return {0x2e, 0xa0, 0x43};
    case ConnectionBar::State::Stale:
        return {0xd1, 0x3b, 0x3b};
    }
    return {};
}

ConnectionBar::State barState(fleet::ConnectionHealth::State state)
{
    using Health = fleet::ConnectionHealth::State;
    switch (state) {
    case Health::Connecting:
        return ConnectionBar::State::Connecting;
    case Health::Syncing:
        return ConnectionBar::State::Syncing;
    case Health::Live:
        return ConnectionBar::State::Live;
    case Health::Reconnecting:
        return ConnectionBar::State::Reconnecting;
    case Health::Stale:
        return ConnectionBar::State::Stale;
    }
    return ConnectionBar::State::NotConnected;
}

} // namespace

ConnectionBar::ConnectionBar(QWidget *parent)
    : QWidget(parent)
    , m_stateDot(new QLabel(this))
    , m_stateLabel(new QLabel(this))
    , m_contextLabel(new QLabel(this))
    , m_namespaceLabel(new QLabel(this))
    , m_readOnlyBadge(badge(tr("READ-ONLY"), QColor(0x9a, 0x67, 0x00),
                            tr("Gantry will not write to this cluster: the transport refuses every change."), this))
    , m_insecureBadge(badge(tr("INSECURE TLS"), QColor(0xc0, 0x39, 0x2b),
                            tr("The kubeconfig turned off TLS certificate verification for this cluster."), this))
    , m_metricsLabel(new QLabel(this))
    , m_clockLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("connectionBar"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);

    m_stateDot->setFixedSize(10, 10);
    m_stateLabel->setObjectName(QStringLiteral("connectionState"));
    m_contextLabel->setObjectName(QStringLiteral("connectionContext"));
    m_namespaceLabel->setObjectName(QStringLiteral("connectionNamespace"));
    m_namespaceLabel->setForegroundRole(QPalette::PlaceholderText);
    m_readOnlyBadge->setObjectName(QStringLiteral("readOnlyBadge"));
    m_insecureBadge->setObjectName(QStringLiteral("insecureTlsBadge"));
    m_metricsLabel->setObjectName(QStringLiteral("metricsSource"));
    m_metricsLabel->setForegroundRole(QPalette::PlaceholderText);
    m_clockLabel->setObjectName(QStringLiteral("clock"));
    m_clockLabel->hide();
    QFont clockFont = m_clockLabel->font();
    clockFont.setBold(true);
    m_clockLabel->setFont(clockFont);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 6);
    layout->setSpacing(8);
    layout->addWidget(m_stateDot);
    layout->addWidget(m_stateLabel);
    layout->addSpacing(12);
    layout->addWidget(m_contextLabel);
    layout->addWidget(m_namespaceLabel);
    layout->addWidget(m_readOnlyBadge);
    layout->addWidget(m_insecureBadge);
    layout->addStretch(1);
    layout->addWidget(m_metricsLabel);
    layout->addSpacing(12);
    layout->addWidget(m_clockLabel);

    updateLabels();
}

QString ConnectionBar::stateText() const
{
    if (!m_stateText.isEmpty())
        return m_stateText;
    switch (m_state) {
    case State::NotConnected:
        return tr("Not connected");
    case State::Connecting:
        return tr("Connecting…");
    case State::Syncing:
        return tr("Syncing");
    case State::Live:
        return tr("Live");
    case State::Reconnecting:
        return tr("Reconnecting");
    case State::Stale:
        return tr("Stale");
    }
    return {};
}

void ConnectionBar::setState(State state, const QString &context)
{
    m_state = state;
    m_stateText.clear();
    m_problem.clear();
    if (!context.isEmpty())
        m_details.context = context;
    updateLabels();
}

void ConnectionBar::setHealth(const fleet::ConnectionHealth &health)
{
    m_state = barState(health.state);
    m_stateText = QString::fromStdString(health.summary);
    QStringList problems;
    if (!health.problem.empty())
        problems.append(QString::fromStdString(health.problem));
    for (const std::string &absent : health.absent)
        problems.append(QString::fromStdString(absent));
    if (health.since != std::chrono::system_clock::time_point{} && health.state != fleet::ConnectionHealth::State::Live)
        problems.prepend(tr("Since %1").arg(QDateTime::fromSecsSinceEpoch(std::chrono::duration_cast<std::chrono::seconds>(
                                                                              health.since.time_since_epoch())
                                                                              .count())
                                                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    m_problem = problems.join(QLatin1Char('\n'));
    updateLabels();
}

void ConnectionBar::setDetails(const ConnectionDetails &details)
{
    m_details = details;
    updateLabels();
}

void ConnectionBar::setClockVisible(bool visible)
{
    m_clockLabel->setVisible(visible);
    if (visible && !m_clockTimer) {
        // Once a second is enough for a minute display and keeps an idle wall screen idle.
        m_clockTimer = new QTimer(this);
        m_clockTimer->setInterval(1000);
        connect(m_clockTimer, &QTimer::timeout, this, &ConnectionBar::updateClock);
    }
    if (m_clockTimer) {
        if (visible)
            m_clockTimer->start();
        else
            m_clockTimer->stop();
    }
    updateClock();
}

void ConnectionBar::updateClock()
{
    const QString text = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm"));
    if (m_clockLabel->text() != text)
        m_clockLabel->setText(text);
}

void ConnectionBar::updateLabels()
{
    m_stateDot->setStyleSheet(
        QStringLiteral("background-color: %1; border-radius: 5px;").arg(dotColour(m_state).name()));
    m_stateLabel->setText(stateText());
    m_stateLabel->setToolTip(m_problem);
    m_stateDot->setToolTip(m_problem);

    QString where = m_details.context.isEmpty() ? tr("No cluster selected") : m_details.context;
    if (!m_details.cluster.isEmpty() && m_details.cluster != m_details.context)
        where += QStringLiteral(" · ") + m_details.cluster;
    m_contextLabel->setText(where);
    const bool connected = !m_details.context.isEmpty();
    m_namespaceLabel->setVisible(connected);
    m_namespaceLabel->setText(m_details.namespaceName.isEmpty() ? tr("all namespaces")
                                                                : tr("namespace %1").arg(m_details.namespaceName));
    m_readOnlyBadge->setVisible(m_details.readOnly);
    m_insecureBadge->setVisible(m_details.insecureTls);
    m_metricsLabel->setVisible(connected);
    m_metricsLabel->setText(m_details.metricsSource.isEmpty() ? tr("no metrics")
                                                              : tr("metrics: %1").arg(m_details.metricsSource));
}

} // namespace gantry

#include "widgets/deploy/deployprogresspanel.h"

#include "backend/fleet/coldstart.h"
#include "backend/fleet/fleet.h"
#include "widgets/deploy/coldstartsteps.h"
#include "widgets/noticebar.h"
#include "widgets/scaledfont.h"

#include <QGridLayout>
#include <QPainter>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace gantry {

namespace {

using State = actions::DeployProgress::State;

constexpr int kMostReplicasShown = 4;

QColor stateColour(const std::optional<actions::DeployProgress> &progress)
{
    if (!progress)
        return QColor(0x80, 0x86, 0x8b);
    switch (progress->state) {
    case State::Ready:
        return QColor(0x2e, 0x8b, 0x3e);
    case State::Failed:
        return QColor(0xc6, 0x28, 0x28);
    case State::NotFound:
    case State::Pending:
        return QColor(0x80, 0x86, 0x8b);
    case State::Progressing:
        return progress->waitingForCapacity ? QColor(0xc7, 0x7c, 0x02) : QColor(0x1e, 0x6f, 0xc4);
    }
    return QColor(0x80, 0x86, 0x8b);
}

QString replicasText(const actions::DeployProgress &progress)
{
    return QObject::tr("%1 of %2 replicas ready").arg(progress.readyReplicas).arg(progress.replicas);
}

QString reasonText(const actions::DeployProgress &progress)
{
    const QString reason = QString::fromStdString(progress.reason);
    const QString message = QString::fromStdString(progress.message);
    if (message.isEmpty())
        return reason;
    return reason.isEmpty() ? message : reason + QStringLiteral(": ") + message;
}

} // namespace

DeployProgressPanel::DeployProgressPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(8);

    m_title = new QLabel(this);
    QFont titleFont = scaledFont(font(), 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);

    auto *stateRow = new QHBoxLayout;
    stateRow->setSpacing(6);
    m_stateDot = new QLabel(this);
    m_state = new QLabel(this);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    stateRow->addWidget(m_stateDot);
    stateRow->addWidget(m_state, 1);
    layout->addLayout(stateRow);

    m_notice = new NoticeBar(this);
    layout->addWidget(m_notice);

    auto *heading = new QLabel(tr("Cold start of each replica"), this);
    QFont headingFont = font();
    headingFont.setBold(true);
    heading->setFont(headingFont);
    layout->addSpacing(4);
    layout->addWidget(heading);

    m_replicasHint = new QLabel(this);
    m_replicasHint->setWordWrap(true);
    m_replicasHint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_replicasHint);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_replicas = new QWidget(scroll);
    m_replicasLayout = new QVBoxLayout(m_replicas);
    m_replicasLayout->setContentsMargins(0, 0, 0, 0);
    m_replicasLayout->setSpacing(10);
    m_replicasLayout->addStretch(1);
    scroll->setWidget(m_replicas);
    layout->addWidget(scroll, 1);
}

void DeployProgressPanel::start(const QString &namespaceName, const QString &name)
{
    m_namespace = namespaceName;
    m_name = name;
    m_progress.reset();
    m_followError.clear();
    m_title->setText(tr("Deploying %1/%2").arg(namespaceName, name));
    updateState();
    updateReplicas();
}

void DeployProgressPanel::setProgress(const actions::DeployProgress &progress)
{
    m_progress = progress;
    updateState();
}

void DeployProgressPanel::setFollowError(const QString &error)
{
    m_followError = error;
    updateState();
}

void DeployProgressPanel::setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    m_snapshot = snapshot;
    updateReplicas();
}

void DeployProgressPanel::updateState()
{
    QString state;
    if (!m_progress) {
        state = tr("Created; waiting for the first word from the cluster…");
    } else {
        switch (m_progress->state) {
        case State::NotFound:
            state = tr("Waiting for the InferenceService to appear…");
            break;
        case State::Pending:
            state = tr("Pending: KServe has not started a replica yet");
            break;
        case State::Progressing:
            state = tr("Starting: %1").arg(replicasText(*m_progress));
            break;
        case State::Ready:
            state = tr("Ready: %1, serving").arg(replicasText(*m_progress));
            break;
        case State::Failed:
            state = tr("Failed: %1").arg(replicasText(*m_progress));
            break;
        }
    }
    m_state->setText(state);
    QPixmap dot(12, 12);
    dot.fill(Qt::transparent);
    {
        QPainter painter(&dot);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(stateColour(m_progress));
        painter.drawEllipse(QRectF(1, 1, 10, 10));
    }
    m_stateDot->setPixmap(dot);

    if (!m_followError.isEmpty()) {
        m_notice->setNotice(NoticeBar::Kind::Error,
                            tr("Following the deployment stopped: %1. The service itself is not affected; the "
                               "Models page keeps showing it.")
                                .arg(m_followError));
    } else if (m_progress && m_progress->state == State::Failed) {
        QString text = tr("It cannot start: %1").arg(reasonText(*m_progress));
        for (const std::string &problem : m_progress->podProblems)
            text += QLatin1Char('\n') + QString::fromStdString(problem);
        m_notice->setNotice(NoticeBar::Kind::Error, text);
    } else if (m_progress && m_progress->waitingForCapacity) {
        m_notice->setNotice(NoticeBar::Kind::Warning,
                            tr("Waiting for capacity: %1").arg(QString::fromStdString(m_progress->message)));
    } else if (m_progress && m_progress->state == State::Ready) {
        m_notice->setNotice(NoticeBar::Kind::Success, tr("%1/%2 is Ready.").arg(m_namespace, m_name));
    } else if (m_progress && !m_progress->reason.empty()) {
        m_notice->setNotice(NoticeBar::Kind::Info, reasonText(*m_progress));
    } else {
        m_notice->clear();
    }
}

void DeployProgressPanel::updateReplicas()
{
    std::vector<std::shared_ptr<const fleet::ColdStart>> starts;
    if (m_snapshot && m_snapshot->coldStarts) {
        const std::string ns = m_namespace.toStdString();
        const std::string name = m_name.toStdString();
        for (const auto &start : m_snapshot->coldStarts->starts) {
            if (start && start->podNamespace == ns && start->inferenceService == name)
                starts.push_back(start);
        }
    }
    if (starts.size() > kMostReplicasShown)
        starts.erase(starts.begin(), starts.end() - kMostReplicasShown);

    if (starts.empty()) {
        m_replicasHint->setText(m_snapshot ? tr("No replica has started yet.")
                                           : tr("The phases appear here once the console's fleet view sees the "
                                                "first replica."));
    }
    m_replicasHint->setVisible(starts.empty());

    // Rebuilt per snapshot: a handful of replicas at most ten times a second.
    while (m_replicasLayout->count() > 1) {
        QLayoutItem *item = m_replicasLayout->takeAt(0);
        delete item->widget();
        delete item;
    }
    m_steps.clear();
    int index = 0;
    for (const auto &start : starts) {
        auto *box = new QWidget(m_replicas);
        auto *column = new QVBoxLayout(box);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(4);
        QString where = start->node.empty() ? tr("not scheduled yet") : tr("on %1").arg(QString::fromStdString(start->node));
        QString header = tr("%1 %2").arg(QString::fromStdString(start->podName), where);
        if (!start->weightSource.empty() && start->weightSource != "unknown")
            header += tr(" · weights from %1").arg(QString::fromStdString(start->weightSource));
        auto *label = new QLabel(header, box);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        column->addWidget(label);
        auto *steps = new ColdStartSteps(box);
        steps->setColdStart(*start, m_snapshot->at);
        column->addWidget(steps);
        m_replicasLayout->insertWidget(index++, box);
        m_steps << steps;
    }
}

QString DeployProgressPanel::stateText() const
{
    return m_state->text();
}

QString DeployProgressPanel::noticeText() const
{
    return m_notice->isVisibleTo(this) ? m_notice->text() : QString();
}

QList<QStringList> DeployProgressPanel::replicaSteps() const
{
    QList<QStringList> result;
    for (const ColdStartSteps *steps : m_steps)
        result << steps->stepTexts();
    return result;
}

} // namespace gantry

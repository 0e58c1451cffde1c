#include "widgets/prewarm/prewarmprogressmodel.h"

#include "widgets/models/servingcolours.h"

#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

namespace gantry {

namespace {

using State = actions::NodePrewarmProgress::State;

bool sameNodes(const std::vector<actions::NodePrewarmProgress> &a, const std::vector<actions::NodePrewarmProgress> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const auto &x, const auto &y) { return x.node == y.node && x.object == y.object; });
}

} // namespace

PrewarmProgressModel::PrewarmProgressModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PrewarmProgressModel::setProgress(std::vector<actions::NodePrewarmProgress> progress)
{
    if (sameNodes(progress, m_progress)) {
        m_progress = std::move(progress);
        if (!m_progress.empty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_progress = std::move(progress);
    endResetModel();
}

void PrewarmProgressModel::clear()
{
    setProgress({});
}

int PrewarmProgressModel::succeeded() const
{
    return static_cast<int>(std::count_if(m_progress.begin(), m_progress.end(),
                                          [](const auto &node) { return node.state == State::Succeeded; }));
}

bool PrewarmProgressModel::allFinished() const
{
    return !m_progress.empty()
        && std::all_of(m_progress.begin(), m_progress.end(), [](const auto &node) { return node.finished(); });
}

int PrewarmProgressModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_progress.size());
}

int PrewarmProgressModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PrewarmProgressModel::stateText(State state)
{
    switch (state) {
    case State::Pending:
        return tr("waiting to start");
    case State::Running:
        return tr("warming");
    case State::Succeeded:
        return tr("warm");
    case State::Failed:
        return tr("failed");
    case State::Missing:
        return tr("cancelled or gone");
    }
    return {};
}

QVariant PrewarmProgressModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const actions::NodePrewarmProgress &node = m_progress[static_cast<std::size_t>(index.row())];
    switch (role) {
    case FractionRole:
        return node.fraction ? *node.fraction : -1.0;
    case StateRole:
        return static_cast<int>(node.state);
    case Qt::ForegroundRole: {
        if (index.column() == DetailColumn)
            return servingcolours::muted(QGuiApplication::palette());
        if (index.column() != StateColumn)
            return {};
        if (node.state == State::Succeeded)
            return servingcolours::good(QGuiApplication::palette());
        if (node.state == State::Failed)
            return servingcolours::critical(QGuiApplication::palette());
        if (node.state == State::Missing)
            return servingcolours::warning(QGuiApplication::palette());
        return {};
    }
    case Qt::ToolTipRole:
        if (index.column() == DetailColumn || index.column() == NodeColumn)
            return QString::fromStdString(node.object);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case NodeColumn:
        return node.node.empty() ? tr("(every node)") : QString::fromStdString(node.node);
    case ProgressColumn:
        return node.fraction ? QStringLiteral("%1 %").arg(qRound(*node.fraction * 100)) : QString();
    case StateColumn:
        return stateText(node.state);
    case DetailColumn:
        return QString::fromStdString(!node.message.empty() ? node.message : node.lastLogLine);
    default:
        return {};
    }
}

QVariant PrewarmProgressModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NodeColumn:
        return tr("Node");
    case ProgressColumn:
        return tr("Progress");
    case StateColumn:
        return tr("State");
    case DetailColumn:
        return tr("Latest");
    default:
        return {};
    }
}

} // namespace gantry
